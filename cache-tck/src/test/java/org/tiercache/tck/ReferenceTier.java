package org.tiercache.tck;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.DigestInputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.EvictionListener;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.PutResult;
import org.tiercache.api.StatsCounter;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;

/**
 * A tier written to be obviously correct rather than fast: one lock, a LinkedHashMap kept in use
 * order by hand (least recently used first), expire-after-write on the configured clock, an
 * eviction listener told outside the lock. The kit's self-tests check that every suite passes it,
 * and that each {@link Flaw} switched on makes the rule it breaks fail.
 *
 * <p>Given a {@link ReferenceStorage}, it is persistent: every change is handed to the storage before the
 * call returns (a durable log, for {@link FolderStorage}), and close saves its entries, in use order
 * with their write times; a tier opened on the same storage loads them.
 */
final class ReferenceTier implements CacheTier {

  /** A deliberate bug, each breaking one rule of the contract. */
  enum Flaw {
    /** A get does not refresh recency: first in, first out. */
    FIFO,
    /** A re-put keeps the entry's old place in the use order. */
    PUT_NOT_A_USE,
    /** contains refreshes recency. */
    CONTAINS_IS_A_USE,
    /** Eviction takes one entry more than needed. */
    EVICTS_ONE_TOO_MANY,
    /** Eviction takes one entry too few, leaving the size above the capacity. */
    OVERSHOOT,
    /** Content larger than the capacity is stored anyway, evicting everything. */
    OVERSIZE_ACCEPTED,
    /** A replacing put does not take the old content's bytes off the size. */
    ACCOUNTING_DRIFT,
    /** get hands out a writable view of the cached array. */
    WRITABLE_GET_BUFFER,
    /** put keeps the caller's array instead of a copy. */
    NO_COPY_ON_PUT,
    /** get and contains answer a null key instead of refusing it. */
    NULL_KEY_ACCEPTED,
    /** Serves entries whose age equals the TTL (the seed's off-by-one). */
    TTL_OFF_BY_ONE,
    /** A get renews the entry's TTL. */
    GET_RENEWS_TTL,
    /** Room is made by evicting live entries in LRU order, ignoring expired ones. */
    EXPIRED_NOT_RECLAIMED_FIRST,
    /** evictExpired removes expired entries without counting them as expirations. */
    EVICT_EXPIRED_UNCOUNTED,
    /** contains counts a hit or a miss. */
    CONTAINS_COUNTS_AS_GET,
    /** clear resets the counters. */
    CLEAR_RESETS_STATS,
    /** openStream reads without counting a hit or miss, as a careless native stream might. */
    STREAM_NOT_COUNTED,
    /** Reopening restores entries in write order, forgetting recency. */
    REOPEN_FORGETS_RECENCY,
    /** Reopening restarts every entry's age. */
    REOPEN_RESETS_AGES,
    /** A put over an expired entry replaces it without counting an expiration (the disk bug). */
    PUT_OVER_EXPIRED_UNCOUNTED,
    /** The TTL is kept as an int of milliseconds: beyond 24.8 days it wraps negative. */
    INT_MILLIS_TTL,
    /** Expiry is a deadline, write time plus TTL, which overflows for a TTL of centuries. */
    EXPIRY_DEADLINE_OVERFLOWS,
    /** The capacity is kept as an int: above 2 GiB it wraps. */
    INT_CAPACITY,
    /** A put needing room reclaims one expired entry, then evicts live ones. */
    RECLAIMS_ONE_EXPIRED_PER_PUT,
    /** evictExpired scans in use order and stops at the first live entry, as if it were write
     * order. */
    EVICT_EXPIRED_IN_USE_ORDER,
    /** Gets are recorded in a buffer of 16, applied at the next write; the rest are dropped. */
    LOSSY_READ_BUFFER,
    /** openStream counts a hit but does not refresh recency. */
    STREAM_NOT_A_USE,
    /** The streaming put stores without counting a put. */
    STREAM_PUT_UNCOUNTED,
    /** The streaming put stores without making room. */
    STREAM_PUT_UNBOUNDED,
    /** The streaming put stores content larger than the capacity. */
    STREAM_PUT_OVERSIZE_ACCEPTED,
    /** remove of an expired entry removes it without counting an expiration. */
    REMOVE_OF_EXPIRED_UNCOUNTED,
    /** A replacing put counts the old content as an eviction. */
    REPLACE_COUNTED_AS_EVICTION,
    /** Of the entries one put evicts, only the first is told to the listener. */
    LISTENER_TOLD_ONLY_FIRST,
    /** The listener is handed the content of the put that evicted, not the evicted entry's. */
    LISTENER_GETS_NEW_CONTENT,
    /** Expired entries reclaimed are told to the listener. */
    LISTENER_TOLD_OF_EXPIRED,
    /** Removed entries are told to the listener. */
    LISTENER_TOLD_OF_REMOVED,
    /** A replaced entry's old content is told to the listener. */
    LISTENER_TOLD_OF_REPLACED,
    /** Cleared entries are told to the listener. */
    LISTENER_TOLD_OF_CLEARED,
    /** The listener is called with the tier's lock held. */
    LISTENER_UNDER_LOCK,
    /** The listener is called under the lock before the new entry is stored; a throw escapes. */
    LISTENER_FAILURE_BREAKS_PUT,
    /** Entries are kept by their key's hashCode. */
    KEYED_BY_HASH_CODE,
    /** Entries are kept by the first 32 hex digits of their key, whatever its algorithm. */
    KEYED_BY_PREFIX,
    /** Reports lifetime statistics, but counts them from each open: a reopen forgets them. */
    REOPEN_RESETS_LIFETIME_STATS
  }

  private static final class Entry {
    final ContentKey key;
    final byte[] content;
    final long writtenAt;

    Entry(ContentKey key, byte[] content, long writtenAt) {
      this.key = key;
      this.content = content;
      this.writtenAt = writtenAt;
    }
  }

  private static final int LOSSY_READS = 16;

  private final String id;
  private final long capacity;
  private final long ttlNanos;
  private final CacheClock clock;
  private final Set<Flaw> flaws;
  private final ReferenceStorage storage;
  // The counters of the instances closed before this one opened, or null without storage.
  private final LifetimeStats lifetimeBefore;
  private final EvictionListener listener;
  // Guarded by this. Insertion order is use order: a use removes and re-inserts the entry, so the
  // first entry is the least recently used. (An access-order map would make contains a use.)
  // Keyed by slot(key): the key itself, unless a KEYED_BY_ flaw says otherwise.
  private final LinkedHashMap<Object, Entry> entries = new LinkedHashMap<>();
  // Guarded by this: entries to tell the listener of once the lock is released, with the content
  // to hand it.
  private final List<Entry> toTell = new ArrayList<>();
  // Guarded by this: reads not yet applied to the use order (LOSSY_READ_BUFFER only).
  private final List<Object> bufferedReads = new ArrayList<>();
  private long size;
  private StatsCounter stats = new StatsCounter();
  private boolean closed;

  /**
   * Opens a correct, non-persistent tier.
   *
   * @param id the tier id
   * @param config capacity (default 1 MiB), TTL, clock, eviction listener
   */
  ReferenceTier(String id, TierConfig config) {
    this(id, config, null, Set.of());
  }

  /**
   * Opens a tier, persistent if {@code storage} is given, with the given flaws.
   *
   * @param id the tier id
   * @param config capacity (default 1 MiB), TTL, clock, eviction listener
   * @param storage where changes and close save and open loads, or {@code null}
   * @param flaws the deliberate bugs to switch on
   */
  ReferenceTier(String id, TierConfig config, ReferenceStorage storage, Set<Flaw> flaws) {
    this.id = id;
    this.flaws = flaws.isEmpty() ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(flaws);
    long capacityBytes = config.capacityBytes(1 << 20);
    this.capacity = has(Flaw.INT_CAPACITY) ? (int) capacityBytes : capacityBytes;
    long ttl = config.ttl().map(Duration::toNanos).orElse(0L);
    this.ttlNanos = has(Flaw.INT_MILLIS_TTL) ? 1_000_000L * (int) (ttl / 1_000_000) : ttl;
    this.clock = config.clock();
    this.storage = storage;
    this.listener = config.evictionListener().orElse(null);
    Instant opened = Instant.ofEpochSecond(0, clock.epochNanos());
    this.lifetimeBefore = storage == null ? null
        : has(Flaw.REOPEN_RESETS_LIFETIME_STATS) ? new LifetimeStats(TierStats.EMPTY, opened)
        : storage.loadLifetime(opened);
    if (storage != null) {
      List<ReferenceStorage.Saved> saved = new ArrayList<>(storage.load());
      if (has(Flaw.REOPEN_FORGETS_RECENCY)) {
        saved.sort(Comparator.comparingLong(s -> s.writtenAt));
      }
      long now = clock.epochNanos();
      for (ReferenceStorage.Saved s : saved) {
        long writtenAt = has(Flaw.REOPEN_RESETS_AGES) ? now : s.writtenAt;
        entries.put(slot(s.key), new Entry(s.key, s.content, writtenAt));
        size += s.content.length;
      }
    }
  }

  /**
   * Opens a non-persistent tier with flaws.
   *
   * @param config the configuration
   * @param flaws the deliberate bugs
   * @return the tier, with id {@code reference}
   */
  static ReferenceTier withFlaws(TierConfig config, Flaw... flaws) {
    return new ReferenceTier("reference", config, null, Set.of(flaws));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ByteBuffer get(ContentKey key) {
    if (key == null && has(Flaw.NULL_KEY_ACCEPTED)) {
      return null;
    }
    Objects.requireNonNull(key, "key must not be null");
    Entry entry;
    synchronized (this) {
      entry = read(key, true);
    }
    tellListener();
    if (entry == null) {
      return null;
    }
    ByteBuffer view = ByteBuffer.wrap(entry.content);
    return has(Flaw.WRITABLE_GET_BUFFER) ? view : view.asReadOnlyBuffer();
  }

  @Override
  public InputStream openStream(ContentKey key) {
    if (has(Flaw.STREAM_NOT_COUNTED)) {
      Objects.requireNonNull(key, "key must not be null");
      synchronized (this) {
        Entry entry = entries.get(slot(key));
        return entry == null || expired(entry) ? null
            : new ByteArrayInputStream(entry.content.clone());
      }
    }
    if (has(Flaw.STREAM_NOT_A_USE)) {
      Objects.requireNonNull(key, "key must not be null");
      Entry entry;
      synchronized (this) {
        entry = read(key, false);
      }
      tellListener();
      return entry == null ? null : new ByteArrayInputStream(entry.content.clone());
    }
    return CacheTier.super.openStream(key);
  }

  @Override
  public boolean put(ContentKey key, byte[] content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    byte[] copy = has(Flaw.NO_COPY_ON_PUT) ? content : content.clone();
    boolean stored;
    synchronized (this) {
      stored = store(key, copy, !has(Flaw.OVERSIZE_ACCEPTED), true, true);
      if (has(Flaw.LISTENER_UNDER_LOCK)) {
        tellListener();
      }
    }
    tellListener();
    return stored;
  }

  @Override
  public PutResult putStream(InputStream content, DigestAlgorithm algorithm) {
    boolean flawed = has(Flaw.STREAM_PUT_UNCOUNTED) || has(Flaw.STREAM_PUT_UNBOUNDED)
        || has(Flaw.STREAM_PUT_OVERSIZE_ACCEPTED);
    if (!flawed) {
      return CacheTier.super.putStream(content, algorithm);
    }
    Objects.requireNonNull(content, "content must not be null");
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    DigestInputStream digesting = new DigestInputStream(content, algorithm.newDigest());
    byte[] bytes;
    try {
      bytes = digesting.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ContentKey key = ContentKey.ofDigest(algorithm, digesting.getMessageDigest().digest());
    boolean stored;
    synchronized (this) {
      stored = store(key, bytes, !has(Flaw.STREAM_PUT_OVERSIZE_ACCEPTED),
          !has(Flaw.STREAM_PUT_UNBOUNDED), !has(Flaw.STREAM_PUT_UNCOUNTED));
    }
    tellListener();
    return new PutResult(key, stored);
  }

  @Override
  public boolean remove(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    boolean removedLive;
    synchronized (this) {
      applyBufferedReads();
      Entry entry = entries.remove(slot(key));
      if (entry == null) {
        removedLive = false;
      } else {
        size -= entry.content.length;
        log(entry.key);
        if (has(Flaw.LISTENER_TOLD_OF_REMOVED)) {
          toTell.add(entry);
        }
        if (expired(entry)) {
          if (!has(Flaw.REMOVE_OF_EXPIRED_UNCOUNTED)) {
            stats.recordExpirations(1);
          }
          removedLive = false;
        } else {
          removedLive = true;
        }
      }
    }
    tellListener();
    return removedLive;
  }

  @Override
  public synchronized boolean contains(ContentKey key) {
    if (key == null && has(Flaw.NULL_KEY_ACCEPTED)) {
      return false;
    }
    Objects.requireNonNull(key, "key must not be null");
    Object slot = slot(key);
    Entry entry = entries.get(slot);
    boolean live = entry != null && !expired(entry);
    if (has(Flaw.CONTAINS_COUNTS_AS_GET)) {
      if (live) {
        stats.recordHit();
      } else {
        stats.recordMiss();
      }
    }
    if (live && has(Flaw.CONTAINS_IS_A_USE)) {
      touch(slot, entry);
    }
    return live;
  }

  @Override
  public void clear() {
    synchronized (this) {
      bufferedReads.clear();
      if (has(Flaw.LISTENER_TOLD_OF_CLEARED)) {
        toTell.addAll(entries.values());
      }
      entries.clear();
      size = 0;
      if (storage != null) {
        storage.logClear();
      }
      if (has(Flaw.CLEAR_RESETS_STATS)) {
        stats = new StatsCounter();
      }
    }
    tellListener();
  }

  @Override
  public long evictExpired() {
    long removed = 0;
    synchronized (this) {
      applyBufferedReads();
      for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
        Entry entry = it.next();
        if (expired(entry)) {
          reclaim(it, entry);
          removed++;
        } else if (has(Flaw.EVICT_EXPIRED_IN_USE_ORDER)) {
          break;
        }
      }
      if (!has(Flaw.EVICT_EXPIRED_UNCOUNTED)) {
        stats.recordExpirations(removed);
      }
    }
    tellListener();
    return removed;
  }

  @Override
  public synchronized long sizeBytes() {
    return size;
  }

  @Override
  public synchronized long entryCount() {
    return entries.size();
  }

  @Override
  public long capacityBytes() {
    return capacity;
  }

  @Override
  public synchronized TierStats stats() {
    return stats.snapshot(size, entries.size());
  }

  @Override
  public synchronized Optional<LifetimeStats> lifetimeStats() {
    return storage == null ? Optional.empty() : Optional.of(new LifetimeStats(
        lifetimeBefore.stats().plus(stats.snapshot(size, entries.size())),
        lifetimeBefore.since()));
  }

  @Override
  public synchronized Stream<EntryInfo> entries() {
    List<EntryInfo> live = new ArrayList<>();
    entries.values().stream().filter(e -> !expired(e))
        .forEach(e -> live.add(EntryInfo.of(e.key, e.content.length, e.writtenAt, id)));
    return live.stream();
  }

  @Override
  public Set<TierCapability> capabilities() {
    return storage == null ? Set.of(TierCapability.LISTING)
        : Set.of(TierCapability.PERSISTENT, TierCapability.LISTING);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (storage != null) {
      applyBufferedReads();
      List<ReferenceStorage.Saved> saved = new ArrayList<>();
      entries.values().forEach(
          e -> saved.add(new ReferenceStorage.Saved(e.key, e.content, e.writtenAt)));
      storage.save(saved);
      storage.saveLifetime(new LifetimeStats(lifetimeBefore.stats().plus(stats.snapshot(0, 0)),
          lifetimeBefore.since()));
    }
  }

  // ------------------------------------------------------------------------------------ helpers

  private boolean has(Flaw flaw) {
    return flaws.contains(flaw);
  }

  /** What entries are kept by: the key, or, with a KEYED_BY_ flaw, what a careless tier uses. */
  private Object slot(ContentKey key) {
    if (has(Flaw.KEYED_BY_HASH_CODE)) {
      return key.hashCode();
    }
    if (has(Flaw.KEYED_BY_PREFIX)) {
      return key.hex().substring(0, 32);
    }
    return key;
  }

  private boolean expired(Entry entry) {
    if (ttlNanos == 0) {
      return false;
    }
    long now = clock.epochNanos();
    if (has(Flaw.EXPIRY_DEADLINE_OVERFLOWS)) {
      return now >= entry.writtenAt + ttlNanos;
    }
    long age = now - entry.writtenAt;
    return has(Flaw.TTL_OFF_BY_ONE) ? age > ttlNanos : age >= ttlNanos;
  }

  /** A get or openStream: reclaims an expired entry, counts, and refreshes recency if asked. */
  private Entry read(ContentKey key, boolean use) {
    Object slot = slot(key);
    Entry entry = entries.get(slot);
    if (entry != null && expired(entry)) {
      entries.remove(slot);
      size -= entry.content.length;
      log(entry.key);
      stats.recordExpirations(1);
      if (has(Flaw.LISTENER_TOLD_OF_EXPIRED)) {
        toTell.add(entry);
      }
      entry = null;
    }
    if (entry == null) {
      stats.recordMiss();
      return null;
    }
    stats.recordHit();
    if (has(Flaw.GET_RENEWS_TTL)) {
      entry = new Entry(entry.key, entry.content, clock.epochNanos());
      entries.put(slot, entry);
    }
    if (use && !has(Flaw.FIFO)) {
      if (!has(Flaw.LOSSY_READ_BUFFER)) {
        touch(slot, entry);
      } else if (bufferedReads.size() < LOSSY_READS) {
        bufferedReads.add(slot);
      }
    }
    return entry;
  }

  /** Stores content under the lock; the entries it evicts wait in toTell. */
  private boolean store(ContentKey key, byte[] copy, boolean refuseOversize, boolean bounded,
      boolean counted) {
    if (copy.length > capacity && refuseOversize) {
      stats.recordRejectedPut();
      return false;
    }
    applyBufferedReads();
    Object slot = slot(key);
    Entry fresh = new Entry(key, copy, clock.epochNanos());
    Entry old = has(Flaw.PUT_NOT_A_USE) ? entries.get(slot) : entries.remove(slot);
    if (old != null) {
      if (!has(Flaw.ACCOUNTING_DRIFT)) {
        size -= old.content.length;
      }
      if (expired(old) && !has(Flaw.PUT_OVER_EXPIRED_UNCOUNTED)) {
        stats.recordExpirations(1);
      }
      if (has(Flaw.REPLACE_COUNTED_AS_EVICTION)) {
        stats.recordEvictions(1);
      }
      if (has(Flaw.LISTENER_TOLD_OF_REPLACED)) {
        toTell.add(old);
      }
    }
    if (old != null && has(Flaw.PUT_NOT_A_USE)) {
      // Replace in place: the entry keeps its old position in the use order.
      entries.put(slot, fresh);
    } else {
      if (bounded) {
        makeRoom(copy);
      }
      entries.put(slot, fresh);
    }
    size += copy.length;
    if (storage != null) {
      storage.logPut(new ReferenceStorage.Saved(key, copy, fresh.writtenAt));
    }
    if (counted) {
      stats.recordPut();
    }
    return true;
  }

  private void makeRoom(byte[] incoming) {
    long needed = incoming.length;
    if (size + needed <= capacity) {
      return;
    }
    if (!has(Flaw.EXPIRED_NOT_RECLAIMED_FIRST)) {
      long expired = 0;
      for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
        Entry entry = it.next();
        if (expired(entry)) {
          reclaim(it, entry);
          expired++;
          if (has(Flaw.RECLAIMS_ONE_EXPIRED_PER_PUT)) {
            break;
          }
        }
      }
      stats.recordExpirations(expired);
    }
    List<Object> victims = new ArrayList<>();
    long freed = 0;
    for (Map.Entry<Object, Entry> lru : entries.entrySet()) {
      if (size - freed + needed <= capacity) {
        break;
      }
      victims.add(lru.getKey());
      freed += lru.getValue().content.length;
    }
    if (has(Flaw.OVERSHOOT) && !victims.isEmpty()) {
      victims.remove(victims.size() - 1);
    }
    if (has(Flaw.EVICTS_ONE_TOO_MANY) && victims.size() < entries.size()) {
      victims.add(new ArrayList<>(entries.keySet()).get(victims.size()));
    }
    List<Entry> evicted = new ArrayList<>();
    for (Object victim : victims) {
      Entry entry = entries.remove(victim);
      size -= entry.content.length;
      log(entry.key);
      evicted.add(has(Flaw.LISTENER_GETS_NEW_CONTENT)
          ? new Entry(entry.key, incoming, entry.writtenAt) : entry);
    }
    stats.recordEvictions(victims.size());
    if (has(Flaw.LISTENER_TOLD_ONLY_FIRST) && evicted.size() > 1) {
      evicted = evicted.subList(0, 1);
    }
    if (has(Flaw.LISTENER_FAILURE_BREAKS_PUT) && listener != null) {
      for (Entry entry : evicted) {
        listener.evicted(entry.key, ByteBuffer.wrap(entry.content).asReadOnlyBuffer());
      }
      return;
    }
    toTell.addAll(evicted);
  }

  private void reclaim(Iterator<Entry> it, Entry entry) {
    it.remove();
    size -= entry.content.length;
    log(entry.key);
    if (has(Flaw.LISTENER_TOLD_OF_EXPIRED)) {
      toTell.add(entry);
    }
  }

  private void touch(Object slot, Entry entry) {
    entries.remove(slot);
    entries.put(slot, entry);
  }

  private void applyBufferedReads() {
    for (Object slot : bufferedReads) {
      Entry entry = entries.get(slot);
      if (entry != null) {
        touch(slot, entry);
      }
    }
    bufferedReads.clear();
  }

  private void log(ContentKey removed) {
    if (storage != null) {
      storage.logRemove(removed);
    }
  }

  /**
   * Tells the listener of the entries waiting in toTell: outside the lock, unless a flaw calls it
   * with the lock held. A listener that throws is ignored, as the contract asks (a real tier would
   * log it).
   */
  private void tellListener() {
    List<Entry> told;
    synchronized (this) {
      if (toTell.isEmpty()) {
        return;
      }
      told = new ArrayList<>(toTell);
      toTell.clear();
    }
    if (listener == null) {
      return;
    }
    for (Entry entry : told) {
      try {
        listener.evicted(entry.key, ByteBuffer.wrap(entry.content).asReadOnlyBuffer());
      } catch (RuntimeException ignored) {
        // The put stands whatever the listener does.
      }
    }
  }
}
