package org.tiercache.memory.internal;

import java.util.Arrays;

/**
 * The two orders a {@link MemoryTier} keeps its entries in: access order, whose head is the least
 * recently used entry (the next to evict), and write order, whose head is the oldest write.
 *
 * <p>With expire-after-write and one TTL for the whole tier, write order is expiry order (for a clock
 * that does not step backwards), so the head of the write list is always the next entry to expire:
 * reclaiming expired entries looks at the head only, never scans.
 *
 * <p><b>Why access order lives in arrays.</b> Write order is a list threaded through the
 * {@link Node}s, since only writes change it. Access order changes on reads, relinked by drains that
 * may run on another core than the readers; if its links were in the nodes, every relink would write
 * the cache lines of the node read and of its neighbours (the hottest entries sit together near the
 * most recently used end), lines that readers on other cores load on every hit of those entries
 * (key, content, write time) and would then miss. So each linked node gets a place (an index), kept
 * in {@link Node#place}, and access order is two {@code int} arrays of links between places plus the
 * array of the node at each place: relinks write only arrays that readers never touch. The arrays
 * (with a fourth, the run marks a drain deduplicates its reads with) cost 16 bytes a place, grown by
 * doubling, and hand places back through a free list.
 *
 * <p>Not thread-safe: every method is called with the tier's lock held.
 */
final class EntryOrder {
  private static final int NONE = -1;
  private static final int INITIAL_PLACES = 16;

  // Guarded by the tier's lock, like every place and write link in the nodes.
  /** The node at each place, or {@code null} for a free place. */
  private Node[] nodes = new Node[INITIAL_PLACES];
  /** Access order: the place before (less recently used) and after each place; free list in next. */
  private int[] prev = new int[INITIAL_PLACES];
  private int[] next = new int[INITIAL_PLACES];
  /** Per place, the last run of reads ({@link #newRun}) in which its node was marked. */
  private int[] runs = new int[INITIAL_PLACES];
  private int run;
  private int accessHead = NONE;
  private int accessTail = NONE;
  /** The first free place, chained through {@link #next}; places at or past {@link #used} are free. */
  private int freeHead = NONE;
  private int used;

  private Node writeHead;
  private Node writeTail;

  /**
   * Links a new node at the tail of both lists: it is now the most recently used and the newest write.
   *
   * @param node a node never linked before
   */
  void linkLast(Node node) {
    int place = takePlace();
    nodes[place] = node;
    node.place = place;
    prev[place] = accessTail;
    next[place] = NONE;
    if (accessTail == NONE) {
      accessHead = place;
    } else {
      next[accessTail] = place;
    }
    accessTail = place;

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
    int place = node.place;
    int before = prev[place];
    int after = next[place];
    if (before == NONE) {
      accessHead = after;
    } else {
      next[before] = after;
    }
    if (after == NONE) {
      accessTail = before;
    } else {
      prev[after] = before;
    }
    nodes[place] = null;
    next[place] = freeHead;
    freeHead = place;

    Node previous = node.writePrev;
    Node following = node.writeNext;
    if (previous == null) {
      writeHead = following;
    } else {
      previous.writeNext = following;
    }
    if (following == null) {
      writeTail = previous;
    } else {
      following.writePrev = previous;
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
    int place = node.place;
    if (place == Node.UNLINKED || place == accessTail) {
      return;
    }
    int before = prev[place];
    int after = next[place]; // linked and not the tail, so there is one
    if (before == NONE) {
      accessHead = after;
    } else {
      next[before] = after;
    }
    prev[after] = before;

    prev[place] = accessTail;
    next[place] = NONE;
    next[accessTail] = place;
    accessTail = place;
  }

  /**
   * Returns the least recently used node, the next to evict.
   *
   * @return the head of the access order, or {@code null} if there is none
   */
  Node leastRecentlyUsed() {
    return accessHead == NONE ? null : nodes[accessHead];
  }

  /**
   * Returns the node used next after a linked one, in access order.
   *
   * @param node a linked node
   * @return the next more recently used node, or {@code null} if {@code node} is the most recent
   */
  Node moreRecentlyUsed(Node node) {
    int after = next[node.place];
    return after == NONE ? null : nodes[after];
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
   * Unlinks every node and gives the memory of large arrays back. Clearing each node's links, rather
   * than only the heads, marks it unlinked for reads still buffered and keeps a dead node that a
   * reader still holds from keeping its former neighbours reachable.
   */
  void unlinkAll() {
    for (Node node = writeHead; node != null; ) {
      Node following = node.writeNext;
      clearLinks(node);
      node = following;
    }
    nodes = new Node[INITIAL_PLACES];
    prev = new int[INITIAL_PLACES];
    next = new int[INITIAL_PLACES];
    runs = new int[INITIAL_PLACES];
    run = 0;
    accessHead = NONE;
    accessTail = NONE;
    freeHead = NONE;
    used = 0;
    writeHead = null;
    writeTail = null;
  }

  /**
   * Starts a run of reads to be deduplicated with {@link #firstMarkInRun}: a number no place is
   * marked with yet.
   */
  int newRun() {
    if (++run == 0) { // after 2^32 runs: forget every mark rather than meet an old one again
      Arrays.fill(runs, 0);
      run = 1;
    }
    return run;
  }

  /**
   * Marks a node as read in a run, for a drain that walks a run's reads from the newest: returns
   * {@code true} the first time it meets a linked node in the run (its last read, the only one whose
   * relink counts), {@code false} for its earlier reads and for nodes no longer linked (whose
   * reads {@link #recordAccess} would ignore). Reads only the node's place and this order's arrays.
   *
   * @param node a node that was read
   * @param run the number {@link #newRun} returned for this run
   */
  boolean firstMarkInRun(Node node, int run) {
    int place = node.place;
    if (place == Node.UNLINKED || runs[place] == run) {
      return false;
    }
    runs[place] = run;
    return true;
  }

  /** Returns whether a node is in the lists: it has a place from its link to its unlink only. */
  static boolean isLinked(Node node) {
    return node.place != Node.UNLINKED;
  }

  private int takePlace() {
    if (freeHead != NONE) {
      int place = freeHead;
      freeHead = next[place];
      return place;
    }
    if (used == nodes.length) {
      int grown = Math.max(INITIAL_PLACES, 2 * nodes.length);
      nodes = Arrays.copyOf(nodes, grown);
      prev = Arrays.copyOf(prev, grown);
      next = Arrays.copyOf(next, grown);
      runs = Arrays.copyOf(runs, grown);
    }
    return used++;
  }

  private static void clearLinks(Node node) {
    node.place = Node.UNLINKED; // for good: see isLinked
    node.writePrev = null;
    node.writeNext = null;
  }
}
