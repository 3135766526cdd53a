package org.tiercache.memory.internal;

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
 * for its place in the access order's arrays ({@link EntryOrder}).
 */
final class Node {
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

  @Override
  public String toString() {
    return "Node[" + key + ", " + content.length + " B]";
  }
}
