package org.tiercache.example.deflate;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.InflaterInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.EvictionListener;
import org.tiercache.api.StatsCounter;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierStats;
import org.tiercache.example.deflate.Packer.Packed;

/**
 * A byte-bounded LRU cache with expire-after-write that keeps content deflated in the heap.
 *
 * <p>Sizes count content, as the {@link CacheTier} contract defines them: {@code capacity=64MB}
 * holds 64 MiB of content, in less heap when it compresses. Deflating and inflating happen outside
 * the lock, so a slow compression never holds up other callers; the lock guards only the two
 * orders and the sums.
 */
final class DeflateTier implements CacheTier {
  private static final Logger LOG = LoggerFactory.getLogger(DeflateTier.class);

  private final long capacity;
  private final long ttlNanos; // 0: entries never expire
  private final CacheClock clock;
  private final EvictionListener listener; // null: nobody to tell
  private final Packer packer;
  private final StatsCounter stats = new StatsCounter();

  // Guarded by this. The same entries in two orders. byUse: insertion order is use order (a use
  // takes the entry out and puts it back), so its head is the least recently used; a map in access
  // order would make contains a use, which the contract forbids. byWrite: insertion order is write
  // order, and since one TTL covers the whole tier, also expiry order, so expired entries are
  // reclaimed from its head without a scan.
  private final LinkedHashMap<ContentKey, Entry> byUse = new LinkedHashMap<>();
  private final LinkedHashMap<ContentKey, Entry> byWrite = new LinkedHashMap<>();
  private long size; // content bytes of the entries held
  private long kept; // heap bytes the packed content takes

  DeflateTier(long capacity, Duration ttl, CacheClock clock, EvictionListener listener,
      Packer packer) {
    this.capacity = capacity;
    this.ttlNanos = ttl == null ? 0 : ttl.toNanos();
    this.clock = clock;
    this.listener = listener;
    this.packer = packer;
  }

  private record Entry(Packed packed, long writtenAt) {}

  private record Evicted(ContentKey key, Packed packed) {}

  @Override
  public String id() {
    return DeflateTierProvider.ID;
  }

  @Override
  public ByteBuffer get(ContentKey key) {
    Packed packed = use(key);
    return packed == null ? null : ByteBuffer.wrap(Packer.unpack(packed)).asReadOnlyBuffer();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Inflates while the caller reads, so the content is never whole in memory twice.
   */
  @Override
  public InputStream openStream(ContentKey key) {
    Packed packed = use(key);
    if (packed == null) {
      return null;
    }
    InputStream kept = new ByteArrayInputStream(packed.bytes());
    return packed.deflated() ? new InflaterInputStream(kept) : kept;
  }

  @Override
  public boolean put(ContentKey key, byte[] content) {
    Objects.requireNonNull(content, "content must not be null");
    return put(key, ByteBuffer.wrap(content));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Deflates straight from the buffer: no copy of the content is made first.
   */
  @Override
  public boolean put(ContentKey key, ByteBuffer content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    if (content.remaining() > capacity) {
      stats.recordRejectedPut();
      return false;
    }
    Packed packed = packer.pack(content);
    List<Evicted> evicted;
    synchronized (this) {
      long now = clock.epochNanos();
      Entry replaced = drop(key);
      if (replaced != null && expired(replaced, now)) {
        // A write that reclaims an expired entry counts it, as TierStats says.
        stats.recordExpirations(1);
      }
      evicted = makeRoom(packed.length(), now);
      Entry entry = new Entry(packed, now);
      byUse.put(key, entry);
      byWrite.put(key, entry);
      size += packed.length();
      kept += packed.bytes().length;
      stats.recordPut();
    }
    tell(evicted);
    return true;
  }

  @Override
  public synchronized boolean remove(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Entry entry = drop(key);
    if (entry == null) {
      return false;
    }
    if (expired(entry, clock.epochNanos())) {
      stats.recordExpirations(1);
      return false;
    }
    return true;
  }

  @Override
  public synchronized boolean contains(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Entry entry = byUse.get(key);
    return entry != null && !expired(entry, clock.epochNanos());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Describes the live entries under the lock, in write order, and streams that copy: simple,
   * and consistent, at the cost of one small description per entry. A tier holding millions of
   * entries would walk them lazily instead (see the memory tier).
   */
  @Override
  public synchronized Stream<EntryInfo> entries() {
    long now = clock.epochNanos();
    List<EntryInfo> live = new ArrayList<>(byWrite.size());
    byWrite.forEach((key, entry) -> {
      if (!expired(entry, now)) {
        live.add(EntryInfo.of(key, entry.packed().length(), entry.writtenAt(), id()));
      }
    });
    return live.stream();
  }

  /**
   * {@inheritDoc}
   *
   * @return {@link TierCapability#LISTING}: an in-process tier that lists its entries
   */
  @Override
  public Set<TierCapability> capabilities() {
    return Set.of(TierCapability.LISTING);
  }

  @Override
  public synchronized void clear() {
    byUse.clear();
    byWrite.clear();
    size = 0;
    kept = 0;
  }

  @Override
  public synchronized long evictExpired() {
    long removed = reclaimExpired(clock.epochNanos());
    stats.recordExpirations(removed);
    return removed;
  }

  @Override
  public synchronized long sizeBytes() {
    return size;
  }

  @Override
  public synchronized long entryCount() {
    return byUse.size();
  }

  @Override
  public long capacityBytes() {
    return capacity;
  }

  @Override
  public synchronized TierStats stats() {
    return stats.snapshot(size, byUse.size());
  }

  /**
   * Returns the heap bytes the kept content takes, deflated or raw, for the compression ratio.
   *
   * @return the bytes kept, at most {@link #sizeBytes()}
   */
  synchronized long keptBytes() {
    return kept;
  }

  @Override
  public synchronized void close() {
    clear();
  }

  @Override
  public synchronized String toString() {
    return "DeflateTier[entries=" + byUse.size() + ", size=" + size + ", kept=" + kept
        + ", capacity=" + capacity + "]";
  }

  // A get or an openStream: counts a hit or a miss, refreshes recency, reclaims the entry if expired.
  private synchronized Packed use(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Entry entry = byUse.get(key);
    if (entry != null && expired(entry, clock.epochNanos())) {
      drop(key);
      stats.recordExpirations(1);
      entry = null;
    }
    if (entry == null) {
      stats.recordMiss();
      return null;
    }
    byUse.remove(key);
    byUse.put(key, entry);
    stats.recordHit();
    return entry.packed();
  }

  private boolean expired(Entry entry, long now) {
    return ttlNanos != 0 && now - entry.writtenAt() >= ttlNanos;
  }

  // Caller holds the lock.
  private Entry drop(ContentKey key) {
    Entry entry = byUse.remove(key);
    if (entry != null) {
      byWrite.remove(key);
      size -= entry.packed().length();
      kept -= entry.packed().bytes().length;
    }
    return entry;
  }

  // Caller holds the lock. Expired entries go first, all of them, then live ones least recently used
  // first, no more than needed.
  private List<Evicted> makeRoom(long needed, long now) {
    if (size + needed <= capacity) {
      return List.of();
    }
    stats.recordExpirations(reclaimExpired(now));
    List<Evicted> evicted = new ArrayList<>();
    Iterator<Map.Entry<ContentKey, Entry>> lru = byUse.entrySet().iterator();
    while (size + needed > capacity && lru.hasNext()) {
      Map.Entry<ContentKey, Entry> victim = lru.next();
      lru.remove();
      byWrite.remove(victim.getKey());
      Packed packed = victim.getValue().packed();
      size -= packed.length();
      kept -= packed.bytes().length;
      evicted.add(new Evicted(victim.getKey(), packed));
    }
    stats.recordEvictions(evicted.size());
    return evicted;
  }

  // Caller holds the lock. Write order is expiry order: stop at the first live entry.
  private long reclaimExpired(long now) {
    long removed = 0;
    Iterator<Map.Entry<ContentKey, Entry>> oldest = byWrite.entrySet().iterator();
    while (oldest.hasNext()) {
      Map.Entry<ContentKey, Entry> next = oldest.next();
      if (!expired(next.getValue(), now)) {
        break;
      }
      oldest.remove();
      byUse.remove(next.getKey());
      size -= next.getValue().packed().length();
      kept -= next.getValue().packed().bytes().length;
      removed++;
    }
    return removed;
  }

  // Outside the lock, as the contract asks, so a listener that calls back into a tier cannot
  // deadlock.
  private void tell(List<Evicted> evicted) {
    if (listener == null) {
      return;
    }
    for (Evicted e : evicted) {
      try {
        listener.evicted(e.key(), ByteBuffer.wrap(Packer.unpack(e.packed())).asReadOnlyBuffer());
      } catch (RuntimeException failure) {
        // A listener's failure is its own: the eviction happened and the put succeeded.
        LOG.warn("eviction listener {} failed for {}", listener, e.key(), failure);
      }
    }
  }
}
