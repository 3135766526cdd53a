package org.tiercache.disk.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.function.Consumer;

/**
 * The in-memory index of a disk tier: finds an entry by key, orders entries by recency (for LRU
 * eviction) and by write time (for expiry), and keeps the sum of their sizes. Every operation is O(1)
 * (amortised, for the table's growth), except {@link #sortWriteOrder()}, which recovery calls once.
 *
 * <p>A chained hash table over {@link Entry} rather than a {@code HashMap}: entries carry their own
 * chain link and digest bits, so an entry costs no node and no key object (see {@link Entry}).
 * Because a tier has one time to live, write order is expiry order: the oldest-written entry is the
 * first to expire, so reclaiming expired entries never scans live ones.
 *
 * <p>Not thread-safe: the tier guards it with its lock.
 */
final class EntryIndex {
  private static final int INITIAL_CAPACITY = 64;

  private Entry[] table = new Entry[INITIAL_CAPACITY];
  private int count;
  private long sizeBytes;
  /** Most recently used end of the recency list; {@code null} when empty. */
  private Entry newest;
  /** Least recently used end of the recency list. */
  private Entry eldest;
  /** First written entry of the write-order list. */
  private Entry firstWritten;
  private Entry lastWritten;

  Entry get(KeyBits key) {
    Entry[] t = table;
    for (Entry e = t[key.hash() & (t.length - 1)]; e != null; e = e.hashNext) {
      if (e.hasKey(key)) {
        return e;
      }
    }
    return null;
  }

  /** Adds an entry whose key is absent, as the most recently used and the last written. */
  void add(Entry e) {
    insertIntoTable(e);
    linkNewest(e);
    linkLastWritten(e);
  }

  /**
   * Adds an entry whose key is absent as the least recently used; the write order is made right by
   * {@link #sortWriteOrder()}. Recovery adopts content files the journal does not know this way, so
   * they are the first to go.
   */
  void addEldest(Entry e) {
    insertIntoTable(e);
    e.older = null;
    e.newer = eldest;
    if (eldest == null) {
      newest = e;
    } else {
      eldest.older = e;
    }
    eldest = e;
    linkLastWritten(e);
  }

  void remove(Entry e) {
    Entry[] t = table;
    int slot = KeyBits.hash(e.d0) & (t.length - 1);
    if (t[slot] == e) {
      t[slot] = e.hashNext;
    } else {
      Entry prev = t[slot];
      while (prev.hashNext != e) {
        prev = prev.hashNext;
      }
      prev.hashNext = e.hashNext;
    }
    e.hashNext = null;
    count--;
    sizeBytes -= e.size;
    unlinkRecency(e);
    unlinkWriteOrder(e);
  }

  /**
   * Puts {@code fresh} where {@code old} is, in the table, the recency list and the write order:
   * for an entry whose content moved (compaction), which must keep its place in both orders.
   * Both have the same key and size.
   */
  void replace(Entry old, Entry fresh) {
    Entry[] t = table;
    int slot = KeyBits.hash(old.d0) & (t.length - 1);
    if (t[slot] == old) {
      t[slot] = fresh;
    } else {
      Entry prev = t[slot];
      while (prev.hashNext != old) {
        prev = prev.hashNext;
      }
      prev.hashNext = fresh;
    }
    fresh.hashNext = old.hashNext;
    fresh.older = old.older;
    fresh.newer = old.newer;
    if (old.older == null) {
      eldest = fresh;
    } else {
      old.older.newer = fresh;
    }
    if (old.newer == null) {
      newest = fresh;
    } else {
      old.newer.older = fresh;
    }
    fresh.writtenBefore = old.writtenBefore;
    fresh.writtenAfter = old.writtenAfter;
    if (old.writtenBefore == null) {
      firstWritten = fresh;
    } else {
      old.writtenBefore.writtenAfter = fresh;
    }
    if (old.writtenAfter == null) {
      lastWritten = fresh;
    } else {
      old.writtenAfter.writtenBefore = fresh;
    }
    old.hashNext = old.older = old.newer = old.writtenBefore = old.writtenAfter = null;
  }

  /** Makes an entry the most recently used. */
  void touch(Entry e) {
    if (newest != e) {
      unlinkRecency(e);
      linkNewest(e);
    }
  }

  Entry eldest() {
    return eldest;
  }

  Entry firstWritten() {
    return firstWritten;
  }

  int count() {
    return count;
  }

  long sizeBytes() {
    return sizeBytes;
  }

  void clear() {
    table = new Entry[INITIAL_CAPACITY];
    count = 0;
    sizeBytes = 0;
    newest = eldest = firstWritten = lastWritten = null;
  }

  /** Visits every entry from the least to the most recently used. */
  void forEachEldestFirst(Consumer<Entry> visitor) {
    for (Entry e = eldest; e != null; e = e.newer) {
      visitor.accept(e);
    }
  }

  /**
   * Returns every entry, least recently used first: a listing's snapshot, one reference per entry.
   * The entries' key, size and write time never change, so the snapshot describes each entry as it
   * was while the lock was held.
   */
  Entry[] snapshot() {
    Entry[] all = new Entry[count];
    int i = 0;
    for (Entry e = eldest; e != null; e = e.newer) {
      all[i++] = e;
    }
    return all;
  }

  /**
   * Relinks the write-order list by write time. Recovery calls it once: a compacted journal lists
   * entries by recency, not by write time, and adopted files arrive in folder order.
   */
  void sortWriteOrder() {
    Entry[] all = new Entry[count];
    int i = 0;
    for (Entry e = eldest; e != null; e = e.newer) {
      all[i++] = e;
    }
    Arrays.sort(all, Comparator.comparingLong(e -> e.writeNanos));
    firstWritten = lastWritten = null;
    for (Entry e : all) {
      linkLastWritten(e);
    }
  }

  private void insertIntoTable(Entry e) {
    if (count + 1 > table.length - (table.length >>> 2)) {
      resize();
    }
    int slot = KeyBits.hash(e.d0) & (table.length - 1);
    e.hashNext = table[slot];
    table[slot] = e;
    count++;
    sizeBytes += e.size;
  }

  private void resize() {
    Entry[] old = table;
    Entry[] t = new Entry[old.length * 2];
    for (Entry head : old) {
      for (Entry e = head; e != null; ) {
        Entry next = e.hashNext;
        int slot = KeyBits.hash(e.d0) & (t.length - 1);
        e.hashNext = t[slot];
        t[slot] = e;
        e = next;
      }
    }
    table = t;
  }

  private void linkNewest(Entry e) {
    e.newer = null;
    e.older = newest;
    if (newest == null) {
      eldest = e;
    } else {
      newest.newer = e;
    }
    newest = e;
  }

  private void unlinkRecency(Entry e) {
    if (e.older == null) {
      eldest = e.newer;
    } else {
      e.older.newer = e.newer;
    }
    if (e.newer == null) {
      newest = e.older;
    } else {
      e.newer.older = e.older;
    }
    e.newer = e.older = null;
  }

  private void linkLastWritten(Entry e) {
    e.writtenAfter = null;
    e.writtenBefore = lastWritten;
    if (lastWritten == null) {
      firstWritten = e;
    } else {
      lastWritten.writtenAfter = e;
    }
    lastWritten = e;
  }

  private void unlinkWriteOrder(Entry e) {
    if (e.writtenBefore == null) {
      firstWritten = e.writtenAfter;
    } else {
      e.writtenBefore.writtenAfter = e.writtenAfter;
    }
    if (e.writtenAfter == null) {
      lastWritten = e.writtenBefore;
    } else {
      e.writtenAfter.writtenBefore = e.writtenBefore;
    }
    e.writtenBefore = e.writtenAfter = null;
  }
}
