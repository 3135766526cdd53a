package org.tiercache.memory.internal;

/**
 * The two orders a {@link MemoryTier} keeps its entries in, as intrusive doubly-linked lists threaded
 * through the {@link Node}s: access order, whose head is the least recently used entry (the next to
 * evict), and write order, whose head is the oldest write.
 *
 * <p>With expire-after-write and one TTL for the whole tier, write order is expiry order (for a clock
 * that does not step backwards), so the head of the write list is always the next entry to expire:
 * reclaiming expired entries looks at the head only, never scans.
 *
 * <p>Not thread-safe: every method is called with the tier's lock held.
 */
final class EntryOrder {
  // Guarded by the tier's lock, like every link in the nodes.
  private Node accessHead;
  private Node accessTail;
  private Node writeHead;
  private Node writeTail;

  /**
   * Links a new node at the tail of both lists: it is now the most recently used and the newest write.
   *
   * @param node a node never linked before
   */
  void linkLast(Node node) {
    node.accessPrev = accessTail;
    if (accessTail == null) {
      accessHead = node;
    } else {
      accessTail.accessNext = node;
    }
    accessTail = node;

    node.writePrev = writeTail;
    if (writeTail == null) {
      writeHead = node;
    } else {
      writeTail.writeNext = node;
    }
    writeTail = node;
  }

  /**
   * Unlinks a linked node from both lists, for good.
   *
   * @param node a linked node
   */
  void unlink(Node node) {
    Node prev = node.accessPrev;
    Node next = node.accessNext;
    if (prev == null) {
      accessHead = next;
    } else {
      prev.accessNext = next;
    }
    if (next == null) {
      accessTail = prev;
    } else {
      next.accessPrev = prev;
    }

    prev = node.writePrev;
    next = node.writeNext;
    if (prev == null) {
      writeHead = next;
    } else {
      prev.writeNext = next;
    }
    if (next == null) {
      writeTail = prev;
    } else {
      next.writePrev = prev;
    }
    clearLinks(node);
  }

  /**
   * Makes a node the most recently used, if it is still linked. A read buffer may hand over a node
   * that was removed after it was read; that read no longer means anything and is ignored.
   *
   * @param node a node that was read, linked or not
   */
  void recordAccess(Node node) {
    if (!isLinked(node) || node == accessTail) {
      return;
    }
    Node prev = node.accessPrev;
    Node next = node.accessNext;
    // node is linked and not the tail, so next != null.
    if (prev == null) {
      accessHead = next;
    } else {
      prev.accessNext = next;
    }
    next.accessPrev = prev;

    node.accessPrev = accessTail;
    node.accessNext = null;
    accessTail.accessNext = node;
    accessTail = node;
  }

  /**
   * Returns the least recently used node, the next to evict.
   *
   * @return the head of the access order, or {@code null} if there is none
   */
  Node leastRecentlyUsed() {
    return accessHead;
  }

  /**
   * Returns the node written longest ago, the next to expire.
   *
   * @return the head of the write order, or {@code null} if there is none
   */
  Node oldestWrite() {
    return writeHead;
  }

  /**
   * Unlinks every node. Nulling each node's links, rather than only the heads, keeps a dead node that
   * a reader still holds from keeping its former neighbours reachable.
   */
  void unlinkAll() {
    Node node = accessHead;
    while (node != null) {
      Node next = node.accessNext;
      clearLinks(node);
      node = next;
    }
    accessHead = null;
    accessTail = null;
    writeHead = null;
    writeTail = null;
  }

  private static void clearLinks(Node node) {
    node.accessPrev = node; // unlinked for good: see isLinked
    node.accessNext = null;
    node.writePrev = null;
    node.writeNext = null;
  }

  /**
   * Returns whether a node is in the lists: a node points to itself as its own predecessor from its
   * construction to its link and from its unlink on, and never while it is linked.
   */
  static boolean isLinked(Node node) {
    return node.accessPrev != node;
  }
}
