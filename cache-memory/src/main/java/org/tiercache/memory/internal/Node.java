package org.tiercache.memory.internal;

import java.nio.ByteBuffer;
import org.tiercache.api.ContentKey;

/**
 * One entry of a {@link MemoryTier}: its content, when it was written, and where it stands in the
 * tier's two orders ({@link EntryOrder}): its place in access order and its write-order links.
 *
 * <p>A node is made for one put and never reused: replacing a key links a new node. Once unlinked it
 * stays unlinked, which is what lets a read recorded after the node died be recognised and ignored.
 *
 * <p>Kept as small as the job allows, since there is one per entry: the array itself rather than a
 * view of it (a {@code ByteBuffer} would add about 56 bytes per entry; the read-only view a hit hands
 * out is made on the hit), no separate size (the array's length is the size) and no flag for whether
 * it is linked: 48 bytes with compressed references, which {@code HeapPerEntry} checks, plus 16 bytes
 * for its place in the access order's arrays ({@link EntryOrder}). Large content keeps a view as
 * well ({@link ViewNode}), where it costs little next to the content and saves a hit a miss.
 */
class Node {
  /**
   * The content size from which a node keeps a read-only view of its array for hits to duplicate
   * ({@link ViewNode}): one 4 KiB page. From there on every array's header sits on a page of its
   * own, and making a new view with {@code ByteBuffer.wrap} loads that header (for the array's
   * length): a cache miss and, over a working set of many pages, a TLB miss on every hit, which
   * Caffeine, handing out the array itself, never pays. Duplicating a view kept next to the node
   * loads the view instead. The view costs 56 bytes an entry, 1.4% of a 4 KiB entry and less above
   * it; below it, where several arrays share a page, a hit wraps the array.
   */
  static final int VIEW_FROM = 4096;

  final ContentKey key;

  /**
   * The content, an array only this tier can reach: a copy, or an array handed over with
   * {@link MemoryTier#putOwned}. Never written after construction; published through the map's
   * happens-before edge, so lock-free readers may read it.
   */
  final byte[] content;

  /** Epoch nanoseconds of the put, from the tier's clock. */
  final long writeNanos;

  /**
   * {@code NodeTable.spread(key.hashCode())}, kept so that a lookup probing past other keys' nodes
   * compares hashes without loading their keys (the node fills 48 bytes with or without it).
   */
  final int hash;

  /** {@link #place} of a node not linked, before its link and after its unlink. */
  static final int UNLINKED = -1;

  // Guarded by the tier's lock: the node's place in the access order's arrays (see EntryOrder, which
  // keeps the access links out of the node so that relinks do not write the lines readers load), or
  // UNLINKED; and the links of the write-order list, which only writes change.
  int place = UNLINKED;
  Node writePrev;
  Node writeNext;

  Node(ContentKey key, byte[] content, long writeNanos, int hash) {
    this.key = key;
    this.content = content;
    this.writeNanos = writeNanos;
    this.hash = hash;
  }

  /**
   * Makes the node of an entry: a {@link ViewNode} for content of {@link #VIEW_FROM} bytes or more.
   */
  static Node of(ContentKey key, byte[] content, long writeNanos, int hash) {
    return content.length >= VIEW_FROM
        ? new ViewNode(key, content, writeNanos, hash)
        : new Node(key, content, writeNanos, hash);
  }

  /** Returns a new read-only view of the content, for one caller. */
  ByteBuffer view() {
    return ByteBuffer.wrap(content).asReadOnlyBuffer();
  }

  @Override
  public String toString() {
    return "Node[" + key + ", " + content.length + " B]";
  }
}
