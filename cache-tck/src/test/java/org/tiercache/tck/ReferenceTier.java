package org.tiercache.tck;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.StatsCounter;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;

/**
 * A tier written to be obviously correct rather than fast: one lock, a LinkedHashMap kept in use
 * order by hand (least recently used first), expire-after-write on the configured clock. The kit's
 * self-tests check that every suite passes it, and that each {@link Flaw} switched on makes the
 * rule it breaks fail.
 *
 * <p>Given a {@link Storage}, it is persistent: close saves its entries, in use order with their
 * write times, and a tier opened on the same storage loads them.
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
    REOPEN_RESETS_AGES
  }

  /**
   * The "disk" of a persistent reference tier: what the last close saved. This one keeps it in
   * memory; {@link FolderStorage} keeps it in a file.
   */
  static class Storage {
    private List<Saved> saved = List.of();

    synchronized List<Saved> load() {
      return saved;
    }

    synchronized void save(List<Saved> entries) {
      saved = List.copyOf(entries);
    }
  }

  /** One saved entry, least recently used first in a saved list. */
  static final class Saved {
    final ContentKey key;
    final byte[] content;
    final long writtenAt;

    Saved(ContentKey key, byte[] content, long writtenAt) {
      this.key = key;
      this.content = content;
      this.writtenAt = writtenAt;
    }
  }

  private static final class Entry {
    final byte[] content;
    final long writtenAt;

    Entry(byte[] content, long writtenAt) {
      this.content = content;
      this.writtenAt = writtenAt;
    }
  }

  private final String id;
  private final long capacity;
  private final long ttlNanos;
  private final CacheClock clock;
  private final Set<Flaw> flaws;
  private final Storage storage;
  // Guarded by this. Insertion order is use order: a use removes and re-inserts the entry, so the
  // first entry is the least recently used. (An access-order map would make contains a use.)
  private final LinkedHashMap<ContentKey, Entry> entries = new LinkedHashMap<>();
  private long size;
  private StatsCounter stats = new StatsCounter();
  private boolean closed;

  /**
   * Opens a correct, non-persistent tier.
   *
   * @param id the tier id
   * @param config capacity (default 1 MiB), TTL, clock
   */
  ReferenceTier(String id, TierConfig config) {
    this(id, config, null, Set.of());
  }

  /**
   * Opens a tier, persistent if {@code storage} is given, with the given flaws.
   *
   * @param id the tier id
   * @param config capacity (default 1 MiB), TTL, clock
   * @param storage where close saves and open loads, or {@code null}
   * @param flaws the deliberate bugs to switch on
   */
  ReferenceTier(String id, TierConfig config, Storage storage, Set<Flaw> flaws) {
    this.id = id;
    this.capacity = config.capacityBytes(1 << 20);
    this.ttlNanos = config.ttl().map(Duration::toNanos).orElse(0L);
    this.clock = config.clock();
    this.flaws = flaws.isEmpty() ? EnumSet.noneOf(Flaw.class) : EnumSet.copyOf(flaws);
    this.storage = storage;
    if (storage != null) {
      List<Saved> saved = new ArrayList<>(storage.load());
      if (has(Flaw.REOPEN_FORGETS_RECENCY)) {
        saved.sort(Comparator.comparingLong(s -> s.writtenAt));
      }
      long now = clock.epochNanos();
      for (Saved s : saved) {
        entries.put(s.key, new Entry(s.content, has(Flaw.REOPEN_RESETS_AGES) ? now : s.writtenAt));
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
  public synchronized ByteBuffer get(ContentKey key) {
    if (key == null && has(Flaw.NULL_KEY_ACCEPTED)) {
      return null;
    }
    Objects.requireNonNull(key, "key must not be null");
    Entry entry = liveOrReclaim(key);
    if (entry == null) {
      stats.recordMiss();
      return null;
    }
    stats.recordHit();
    if (has(Flaw.GET_RENEWS_TTL)) {
      entry = new Entry(entry.content, clock.epochNanos());
      entries.put(key, entry);
    }
    if (!has(Flaw.FIFO)) {
      touch(key, entry);
    }
    ByteBuffer view = ByteBuffer.wrap(entry.content);
    return has(Flaw.WRITABLE_GET_BUFFER) ? view : view.asReadOnlyBuffer();
  }

  @Override
  public InputStream openStream(ContentKey key) {
    if (!has(Flaw.STREAM_NOT_COUNTED)) {
      return CacheTier.super.openStream(key);
    }
    Objects.requireNonNull(key, "key must not be null");
    synchronized (this) {
      Entry entry = entries.get(key);
      return entry == null || expired(entry) ? null
          : new ByteArrayInputStream(entry.content.clone());
    }
  }

  @Override
  public synchronized boolean put(ContentKey key, byte[] content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    if (content.length > capacity && !has(Flaw.OVERSIZE_ACCEPTED)) {
      stats.recordRejectedPut();
      return false;
    }
    byte[] copy = has(Flaw.NO_COPY_ON_PUT) ? content : content.clone();
    Entry fresh = new Entry(copy, clock.epochNanos());
    Entry old = has(Flaw.PUT_NOT_A_USE) ? entries.get(key) : entries.remove(key);
    if (old != null && !has(Flaw.ACCOUNTING_DRIFT)) {
      size -= old.content.length;
    }
    if (old != null && has(Flaw.PUT_NOT_A_USE)) {
      // Replace in place: the entry keeps its old position in the use order.
      entries.put(key, fresh);
      size += copy.length;
      stats.recordPut();
      return true;
    }
    makeRoom(copy.length);
    entries.put(key, fresh);
    size += copy.length;
    stats.recordPut();
    return true;
  }

  @Override
  public synchronized boolean remove(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Entry entry = entries.remove(key);
    if (entry == null) {
      return false;
    }
    size -= entry.content.length;
    if (expired(entry)) {
      stats.recordExpirations(1);
      return false;
    }
    return true;
  }

  @Override
  public synchronized boolean contains(ContentKey key) {
    if (key == null && has(Flaw.NULL_KEY_ACCEPTED)) {
      return false;
    }
    Objects.requireNonNull(key, "key must not be null");
    Entry entry = entries.get(key);
    boolean live = entry != null && !expired(entry);
    if (has(Flaw.CONTAINS_COUNTS_AS_GET)) {
      if (live) {
        stats.recordHit();
      } else {
        stats.recordMiss();
      }
    }
    if (live && has(Flaw.CONTAINS_IS_A_USE)) {
      touch(key, entry);
    }
    return live;
  }

  @Override
  public synchronized void clear() {
    entries.clear();
    size = 0;
    if (has(Flaw.CLEAR_RESETS_STATS)) {
      stats = new StatsCounter();
    }
  }

  @Override
  public synchronized long evictExpired() {
    long removed = 0;
    for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
      Entry entry = it.next();
      if (expired(entry)) {
        it.remove();
        size -= entry.content.length;
        removed++;
      }
    }
    if (!has(Flaw.EVICT_EXPIRED_UNCOUNTED)) {
      stats.recordExpirations(removed);
    }
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
  public Set<TierCapability> capabilities() {
    return storage == null ? Set.of() : Set.of(TierCapability.PERSISTENT);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (storage != null) {
      List<Saved> saved = new ArrayList<>();
      entries.forEach((key, entry) -> saved.add(new Saved(key, entry.content, entry.writtenAt)));
      storage.save(saved);
    }
  }

  private boolean has(Flaw flaw) {
    return flaws.contains(flaw);
  }

  private boolean expired(Entry entry) {
    if (ttlNanos == 0) {
      return false;
    }
    long age = clock.epochNanos() - entry.writtenAt;
    return has(Flaw.TTL_OFF_BY_ONE) ? age > ttlNanos : age >= ttlNanos;
  }

  private Entry liveOrReclaim(ContentKey key) {
    Entry entry = entries.get(key);
    if (entry != null && expired(entry)) {
      entries.remove(key);
      size -= entry.content.length;
      stats.recordExpirations(1);
      return null;
    }
    return entry;
  }

  private void touch(ContentKey key, Entry entry) {
    entries.remove(key);
    entries.put(key, entry);
  }

  private void makeRoom(long needed) {
    if (size + needed <= capacity) {
      return;
    }
    if (!has(Flaw.EXPIRED_NOT_RECLAIMED_FIRST)) {
      long expired = 0;
      for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
        Entry entry = it.next();
        if (expired(entry)) {
          it.remove();
          size -= entry.content.length;
          expired++;
        }
      }
      stats.recordExpirations(expired);
    }
    List<ContentKey> victims = new ArrayList<>();
    long freed = 0;
    for (Map.Entry<ContentKey, Entry> lru : entries.entrySet()) {
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
    for (ContentKey victim : victims) {
      size -= entries.remove(victim).content.length;
    }
    stats.recordEvictions(victims.size());
  }
}
