package org.tiercache.memory.internal;

import org.tiercache.api.ContentKey;

/**
 * One entry of a {@link MemoryTier}: its content, when it was written, and its place in the tier's
 * two orders ({@link EntryOrder}).
 *
 * <p>A node is made for one put and never reused: replacing a key links a new node. Once unlinked it
 * stays unlinked, which is what lets a read recorded after the node died be recognised and ignored.
 *
 * <p>Kept as small as the job allows, since there is one per entry: the array itself rather than a
 * view of it (a {@code ByteBuffer} would add about 56 bytes per entry; the read-only view a hit hands
 * out is made on the hit), no separate size (the array's length is the size) and no flag for whether
 * it is linked: 48 bytes with compressed references, which {@code HeapPerEntry} checks.
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

  // Guarded by the tier's lock: the links of the access-order and write-order lists. An unlinked
  // node's accessPrev points to itself (EntryOrder.isLinked), which costs no field of its own.
  Node accessPrev;
  Node accessNext;
  Node writePrev;
  Node writeNext;

  Node(ContentKey key, byte[] content, long writeNanos, int hash) {
    this.key = key;
    this.content = content;
    this.writeNanos = writeNanos;
    this.hash = hash;
    this.accessPrev = this; // not linked yet
  }

  @Override
  public String toString() {
    return "Node[" + key + ", " + content.length + " B]";
  }
}
