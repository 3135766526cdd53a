package org.tiercache.tck;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.StatsCounter;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;

/**
 * A tier built the way a tier author reaching for speed builds one, for the concurrency
 * self-tests: lock-free gets on a {@link ConcurrentHashMap}, reads queued and applied to the use
 * order by the next write, every write under one lock. Correct as it is; each {@link Race} switched
 * on is a data race such an author writes, which no single-threaded test can see.
 *
 * <p>Its structures are all concurrent collections, so that even with every lock gone no race can
 * corrupt them into an endless loop: a race shows as wrong figures, never as a hung test.
 */
final class RacyTier implements CacheTier {

  /** A data race. */
  enum Race {
    /** No lock at all: every compound step (check room, evict, insert, count) races. */
    NO_LOCK,
    /** Counters are plain fields, counted outside the lock (gets take none). */
    RACY_STATS,
    /**
     * A put makes room under the lock, copies the content without it, and inserts under the lock
     * again: two puts can both make room for themselves against the same size.
     */
    NON_ATOMIC_BOUND
  }

  private record Entry(byte[] content, long writtenAt) {}

  private final long capacity;
  private final long ttlNanos;
  private final CacheClock clock;
  private final Set<Race> races;
  private final ReentrantLock lock = new ReentrantLock();
  private final ConcurrentHashMap<ContentKey, Entry> map = new ConcurrentHashMap<>();
  // Use order, least recently used first. Guarded by lock (unless NO_LOCK).
  private final ConcurrentLinkedDeque<ContentKey> order = new ConcurrentLinkedDeque<>();
  // Gets not yet applied to the order: any thread adds, the lock holder drains.
  private final ConcurrentLinkedQueue<ContentKey> reads = new ConcurrentLinkedQueue<>();
  // Written under the lock (unless NO_LOCK); volatile so that sizeBytes() reads it without.
  private volatile long size;
  private final StatsCounter stats = new StatsCounter();
  // RACY_STATS only: counters as a careless author keeps them.
  private long hits;
  private long misses;
  private long puts;
  private long rejectedPuts;
  private long evictions;
  private long expirations;

  RacyTier(TierConfig config, Race... races) {
    this.capacity = config.capacityBytes(1 << 20);
    this.ttlNanos = config.ttl().map(Duration::toNanos).orElse(0L);
    this.clock = config.clock();
    this.races = races.length == 0 ? EnumSet.noneOf(Race.class) : EnumSet.of(races[0], races);
  }

  @Override
  public String id() {
    return "racy";
  }

  @Override
  public ByteBuffer get(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Entry entry = map.get(key);
    if (entry == null || expired(entry)) {
      if (has(Race.RACY_STATS)) {
        misses++;
      } else {
        stats.recordMiss();
      }
      return null;
    }
    if (has(Race.RACY_STATS)) {
      hits++;
    } else {
      stats.recordHit();
    }
    reads.add(key);
    return ByteBuffer.wrap(entry.content).asReadOnlyBuffer();
  }

  @Override
  public boolean put(ContentKey key, byte[] content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    if (content.length > capacity) {
      if (has(Race.RACY_STATS)) {
        rejectedPuts++;
      } else {
        stats.recordRejectedPut();
      }
      return false;
    }
    long evicted;
    if (has(Race.NON_ATOMIC_BOUND)) {
      lock();
      try {
        drainReads();
        discard(key);
        evicted = makeRoom(content.length);
      } finally {
        unlock();
      }
      Entry entry = new Entry(content.clone(), clock.epochNanos());
      lock();
      try {
        insert(key, entry);
      } finally {
        unlock();
      }
    } else {
      Entry entry = new Entry(content.clone(), clock.epochNanos());
      lock();
      try {
        drainReads();
        discard(key);
        evicted = makeRoom(content.length);
        insert(key, entry);
      } finally {
        unlock();
      }
    }
    if (has(Race.RACY_STATS)) {
      puts++;
      evictions += evicted;
    } else {
      stats.recordPut();
      stats.recordEvictions(evicted);
    }
    return true;
  }

  @Override
  public boolean remove(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Entry removed;
    lock();
    try {
      drainReads();
      removed = discard(key);
    } finally {
      unlock();
    }
    if (removed != null && expired(removed)) {
      countExpirations(1);
      return false;
    }
    return removed != null;
  }

  @Override
  public boolean contains(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Entry entry = map.get(key);
    return entry != null && !expired(entry);
  }

  @Override
  public void clear() {
    lock();
    try {
      map.clear();
      order.clear();
      reads.clear();
      size = 0;
    } finally {
      unlock();
    }
  }

  @Override
  public long evictExpired() {
    long removed;
    lock();
    try {
      removed = reclaimExpired();
    } finally {
      unlock();
    }
    countExpirations(removed);
    return removed;
  }

  @Override
  public long sizeBytes() {
    return size;
  }

  @Override
  public long entryCount() {
    return map.size();
  }

  @Override
  public long capacityBytes() {
    return capacity;
  }

  @Override
  public TierStats stats() {
    if (has(Race.RACY_STATS)) {
      return new TierStats(hits, misses, puts, rejectedPuts, evictions, expirations, 0, size,
          map.size());
    }
    return stats.snapshot(size, map.size());
  }

  @Override
  public void close() {
    clear();
  }

  private boolean has(Race race) {
    return races.contains(race);
  }

  private void lock() {
    if (!has(Race.NO_LOCK)) {
      lock.lock();
    }
  }

  private void unlock() {
    if (!has(Race.NO_LOCK)) {
      lock.unlock();
    }
  }

  private boolean expired(Entry entry) {
    return ttlNanos != 0 && clock.epochNanos() - entry.writtenAt >= ttlNanos;
  }

  private void countExpirations(long count) {
    if (has(Race.RACY_STATS)) {
      expirations += count;
    } else {
      stats.recordExpirations(count);
    }
  }

  // The methods below run under the lock (unless NO_LOCK).

  private void drainReads() {
    for (ContentKey read; (read = reads.poll()) != null; ) {
      if (order.remove(read)) {
        order.addLast(read);
      }
    }
  }

  private Entry discard(ContentKey key) {
    Entry old = map.remove(key);
    if (old != null) {
      order.remove(key);
      size -= old.content.length;
    }
    return old;
  }

  private long makeRoom(long needed) {
    if (size + needed <= capacity) {
      return 0;
    }
    countExpirations(reclaimExpired());
    long evicted = 0;
    while (size + needed > capacity) {
      ContentKey victim = order.pollFirst();
      if (victim == null) {
        break;
      }
      Entry entry = map.remove(victim);
      if (entry != null) {
        size -= entry.content.length;
        evicted++;
      }
    }
    return evicted;
  }

  private long reclaimExpired() {
    long removed = 0;
    for (Iterator<Map.Entry<ContentKey, Entry>> it = map.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<ContentKey, Entry> e = it.next();
      if (expired(e.getValue()) && map.remove(e.getKey(), e.getValue())) {
        order.remove(e.getKey());
        size -= e.getValue().content.length;
        removed++;
      }
    }
    return removed;
  }

  private void insert(ContentKey key, Entry entry) {
    Entry old = map.put(key, entry);
    if (old != null) {
      // A put of the same key that inserted since this one discarded it.
      order.remove(key);
      size -= old.content.length;
    }
    order.addLast(key);
    size += entry.content.length;
  }
}
