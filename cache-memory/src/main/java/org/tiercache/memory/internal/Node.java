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
 * out is made on the hit) and no separate size (the array's length is the size).
 */
final class Node {
  final ContentKey key;

  /**
   * The content, an array only this tier can reach: a copy, or an array handed over with
   * {@link MemoryTier#putOwned}. Never written after construction; published through the map's
   * happens-before edge, so lock-free readers may read it.
   */
  final byte[] content;

  /** Epoch nanoseconds of the put, from the tier's clock; unused (0) when the tier has no TTL. */
  final long writeNanos;

  // Guarded by the tier's lock: the links of the access-order and write-order lists, and whether the
  // node is in them. linked is true from its link until its unlink, and never true again after.
  Node accessPrev;
  Node accessNext;
  Node writePrev;
  Node writeNext;
  boolean linked;

  Node(ContentKey key, byte[] content, long writeNanos) {
    this.key = key;
    this.content = content;
    this.writeNanos = writeNanos;
  }

  @Override
  public String toString() {
    return "Node[" + key + ", " + content.length + " B]";
  }
}
