package org.tiercache.memory.internal;

import java.nio.ByteBuffer;
import org.tiercache.api.ContentKey;

/**
 * One entry of a {@link MemoryTier}: its content, when it was written, and its place in the tier's
 * two orders ({@link EntryOrder}).
 *
 * <p>A node is made for one put and never reused: replacing a key links a new node. Once unlinked it
 * stays unlinked, which is what lets a read recorded after the node died be recognised and ignored.
 */
final class Node {
  final ContentKey key;

  /**
   * A read-only view of the tier's private copy, made once at put so that a hit costs one
   * {@link ByteBuffer#duplicate()} whatever the size. Immutable after construction, and published
   * through the map's happens-before edge, so lock-free readers may use it.
   */
  final ByteBuffer content;

  final int sizeBytes;

  /** Epoch nanoseconds of the put, from the tier's clock; unused (0) when the tier has no TTL. */
  final long writeNanos;

  // Guarded by the tier's lock: the links of the access-order and write-order lists, and whether the
  // node is in them. linked is true from its link until its unlink, and never true again after.
  Node accessPrev;
  Node accessNext;
  Node writePrev;
  Node writeNext;
  boolean linked;

  Node(ContentKey key, ByteBuffer content, long writeNanos) {
    this.key = key;
    this.content = content;
    this.sizeBytes = content.remaining();
    this.writeNanos = writeNanos;
  }

  @Override
  public String toString() {
    return "Node[" + key + ", " + sizeBytes + " B]";
  }
}
