package org.tiercache.memory.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.EvictionListener;
import org.tiercache.api.PutResult;
import org.tiercache.api.StatsCounter;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierStats;

/**
 * The {@code memory} tier: a byte-bounded least-recently-used cache held in the heap, with an optional
 * expire-after-write time to live. Every operation is O(1) (amortised, for the reclaiming of expired
 * entries); {@link #clear()} is O(n).
 *
 * <p><b>How it is built.</b> A {@link NodeTable} finds entries, so gets take no lock. The
 * eviction policy, an {@link EntryOrder} (access order for LRU, write order for expiry) with the size
 * and count, is guarded by one lock. A get does not touch the policy: it records the node it read in a
 * {@link ReadBuffer}, and the reads are applied to the access order later, in batches, by whoever
 * holds the lock: a writer, which drains every buffered read before it does anything else, or a
 * drain that reads ask for ({@link ReadDrain}) once a buffer stripe is a quarter full, run on an
 * executor ({@link ForkJoinPool#commonPool()} unless set, as Caffeine's). <b>No read is ever
 * dropped</b> (Caffeine drops reads when its drain lags; the exact LRU order forbids it here): a read
 * that finds its stripe's ring full is applied by its reader if the lock is free at once (the drain
 * it asked for has not come in time) and otherwise goes to the stripe's overflow, which the next
 * drain merges back in order. So every read of a thread is applied, in its order, before that
 * thread's next write chooses a victim: LRU order is exact for any single-threaded sequence, with or
 * without drains running on another thread, and a drain that never runs only delays the order's
 * update.
 *
 * <p><b>A hit</b> is a table lookup, one clock read (with a TTL), one offer to the read buffer (which
 * also counts the hit: the buffer's counters are the hit count) and the read-only view of the
 * entry's array, made then. It takes no lock and never waits for one, so a writer, a drain, or an
 * eviction listener however slow, never delays it.
 *
 * <p><b>Invariants</b>, true whenever the lock is free: the table holds exactly the linked nodes, one
 * per key; {@link #sizeBytes()} and {@link #entryCount()} are the sums over them; the size is at most
 * the capacity (it is never even briefly above it, since an entry is linked only once there is room).
 *
 * <p><b>Time.</b> An entry is expired once {@code now - writeNanos >= ttl} on the configured clock.
 * Expired entries are reclaimed (counted as expirations, before any live entry is evicted) by every
 * write and by {@link #evictExpired()}. Reclaiming takes from the head of the write order, which is
 * expiry order as long as the clock does not step backwards ({@link CacheClock#system()} never does).
 * Without a TTL the clock is read by writes only, for the write time {@link #entries()} lists.
 *
 * <p><b>Eviction listener.</b> Entries evicted for room (not expired, removed, replaced or cleared
 * ones) are handed to the {@link EvictionListener}, if one is set, after the put has released the
 * lock, on the putting thread; a listener that throws is logged and the put stands.
 */
public final class MemoryTier implements CacheTier {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryTier.class);
  private static final Set<TierCapability> LISTING_ONLY = Set.of(TierCapability.LISTING);

  private final long capacityBytes;
  private final boolean expires;
  /** The TTL in nanoseconds when {@link #expires}; a TTL too long for a long is clamped to forever. */
  private final long ttlNanos;
  private final CacheClock clock;
  /** Told of entries evicted for room; {@code null} when nobody listens. */
  private final EvictionListener evictionListener;
  private final StatsCounter stats = new StatsCounter();

  /**
   * Key to node, for lock-free lookups. Mutated only with {@link #lock} held, together with
   * {@link #order}, so that at every unlock it maps each key to the one linked node of that key; a
   * node is linked before the table holds it, so every node a reader finds was linked.
   */
  private final NodeTable table = new NodeTable();

  /**
   * Guards {@link #order}, the nodes' links, every mutation of {@link #table}, the writes of
   * {@link #sizeBytes} and {@link #entryCount}, and the consumer side of {@link #readBuffer}.
   */
  private final ReentrantLock lock = new ReentrantLock();

  @GuardedBy("lock")
  private final EntryOrder order = new EntryOrder();

  /** Producers: any reader, lock-free. Consumer: the holder of {@link #lock}. */
  private final ReadBuffer readBuffer;

  /** Asks for drains of {@link #readBuffer} on the executor, so that readers need not apply them. */
  private final ReadDrain drain;

  // Written only with the lock held; volatile so that sizeBytes() and entryCount() read them without
  // it. Always the sums over the linked nodes when the lock is free.
  private volatile long sizeBytes;
  private volatile long entryCount;

  /**
   * Creates an empty tier.
   *
   * @param capacityBytes the most bytes of content held; zero or more
   * @param ttl the time to live after a put, or {@code null} for entries that never expire
   * @param clock the clock ages are measured with
   * @throws IllegalArgumentException if {@code capacityBytes} is negative or {@code ttl} is not
   *     positive
   * @throws NullPointerException if {@code clock} is {@code null}
   */
  public MemoryTier(long capacityBytes, Duration ttl, CacheClock clock) {
    this(capacityBytes, ttl, clock, null, ReadBuffer.defaultStripes(), null);
  }

  /**
   * Creates an empty tier that tells a listener of the entries it evicts for room.
   *
   * @param capacityBytes the most bytes of content held; zero or more
   * @param ttl the time to live after a put, or {@code null} for entries that never expire
   * @param clock the clock ages are measured with
   * @param evictionListener told of each live entry evicted for room, or {@code null} for none
   * @throws IllegalArgumentException if {@code capacityBytes} is negative or {@code ttl} is not
   *     positive
   * @throws NullPointerException if {@code clock} is {@code null}
   */
  public MemoryTier(
      long capacityBytes, Duration ttl, CacheClock clock, EvictionListener evictionListener) {
    this(capacityBytes, ttl, clock, evictionListener, ReadBuffer.defaultStripes(), null);
  }

  /**
   * Creates an empty tier that applies its buffered reads on a given executor.
   *
   * @param capacityBytes the most bytes of content held; zero or more
   * @param ttl the time to live after a put, or {@code null} for entries that never expire
   * @param clock the clock ages are measured with
   * @param evictionListener told of each live entry evicted for room, or {@code null} for none
   * @param drainExecutor runs the drains of the read buffer that reads ask for; it may run them on
   *     the calling thread, delay them or refuse them (a drain never waits for the lock, and no read
   *     is lost while none runs)
   * @throws IllegalArgumentException if {@code capacityBytes} is negative or {@code ttl} is not
   *     positive
   * @throws NullPointerException if {@code clock} or {@code drainExecutor} is {@code null}
   */
  public MemoryTier(long capacityBytes, Duration ttl, CacheClock clock,
      EvictionListener evictionListener, Executor drainExecutor) {
    this(capacityBytes, ttl, clock, evictionListener, ReadBuffer.defaultStripes(),
        Objects.requireNonNull(drainExecutor, "drain executor must not be null"));
  }

  /**
   * Creates an empty tier with a given number of read-buffer stripes, so that tests can make threads
   * share one stripe; a {@code null} executor is {@link ForkJoinPool#commonPool()}.
   */
  MemoryTier(long capacityBytes, Duration ttl, CacheClock clock, EvictionListener evictionListener,
      int readBufferStripes, Executor drainExecutor) {
    if (capacityBytes < 0) {
      throw new IllegalArgumentException("capacity must not be negative: " + capacityBytes);
    }
    if (ttl != null && (ttl.isZero() || ttl.isNegative())) {
      throw new IllegalArgumentException("ttl must be positive: " + ttl);
    }
    this.capacityBytes = capacityBytes;
    this.expires = ttl != null;
    this.ttlNanos = ttl == null ? Long.MAX_VALUE : saturatedNanos(ttl);
    this.clock = Objects.requireNonNull(clock, "clock must not be null");
    this.evictionListener = evictionListener;
    this.readBuffer = new ReadBuffer(readBufferStripes);
    this.drain = new ReadDrain(drainExecutor, this::tryDrain);
  }

  @Override
  public String id() {
    return MemoryTierProvider.ID;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Never waits for a lock. With a TTL, reads the clock once; without one, not at all.
   */
  @Override
  public ByteBuffer get(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Node node = table.get(key, NodeTable.spread(key.hashCode()));
    if (node == null || (expires && isExpired(node, clock.epochNanos()))) {
      stats.recordMiss();
      return null;
    }
    recordRead(node);
    return node.view();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Copies the content before taking the lock. A refused put changes nothing but the rejected-put
   * count: it neither evicts nor reclaims, and leaves any entry the key had.
   */
  @Override
  public boolean put(ContentKey key, byte[] content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    if (content.length > capacityBytes) {
      stats.recordRejectedPut();
      return false;
    }
    return store(key, content.clone());
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keeps the array itself as the entry's content, without copying it: the caller must not change
   * it from now on (the tier never does). A refused put keeps nothing.
   */
  @Override
  public boolean putOwned(ContentKey key, byte[] content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    if (content.length > capacityBytes) {
      stats.recordRejectedPut();
      return false;
    }
    return store(key, content);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Copies the buffer's remaining bytes once, into the array the entry keeps (the default would
   * copy them twice): this is how a stack's promotions and spills reach this tier.
   */
  @Override
  public boolean put(ContentKey key, ByteBuffer content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    if (content.remaining() > capacityBytes) {
      stats.recordRejectedPut();
      return false;
    }
    byte[] copy = new byte[content.remaining()];
    content.duplicate().get(copy);
    return store(key, copy);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Keeps the array it reads the stream into, trimmed to the content's length, where the default
   * would copy it once more for the entry. It stops keeping bytes once the content is larger than
   * the capacity, reading on only to compute the key, so a stream too large for the tier costs at
   * most the capacity in memory, and is refused.
   */
  @Override
  public PutResult putStream(InputStream content, DigestAlgorithm algorithm) {
    Objects.requireNonNull(content, "content must not be null");
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    StreamRead read;
    try {
      read = StreamRead.upTo(content, algorithm, capacityBytes);
    } catch (IOException e) {
      throw new CacheException("reading content to put into tier 'memory' failed: " + e, e);
    }
    if (read.content() == null) {
      stats.recordRejectedPut();
      return new PutResult(read.key(), false);
    }
    return new PutResult(read.key(), store(read.key(), read.content()));
  }

  /** Stores an array this tier owns from now on; its length is at most the capacity. */
  @SuppressWarnings("NonAtomicVolatileUpdate") // written only under the lock; volatile for readers
  private boolean store(ContentKey key, byte[] owned) {
    long evicted = 0;
    List<Node> evictedNodes = null; // only when someone listens
    long expired;
    lock.lock();
    try {
      table.reserveOne(); // before any change: the one way this put can fail
      readBuffer.drainTo(order);
      // The write time is read under the lock so that write order is the order of write times;
      // read even without a TTL, for the write time entries() lists.
      long now = clock.epochNanos();
      expired = reclaimExpired(now);
      int hash = NodeTable.spread(key.hashCode());
      Node previous = table.get(key, hash);
      if (previous != null) {
        // Replaced, not evicted: its room is the first the new content may use. Readers still find
        // it until the new node takes its slot below, which is what a read before this put sees.
        unlinkAndDiscount(previous);
      }
      Node node = Node.of(key, owned, now, hash);
      long size = sizeBytes;
      long needed = owned.length;
      while (size + needed > capacityBytes) {
        Node victim = order.leastRecentlyUsed(); // not null: size > 0 because needed <= capacity
        unlinkAndDiscount(victim);
        table.remove(victim);
        size = sizeBytes;
        evicted++;
        if (evictionListener != null) {
          if (evictedNodes == null) {
            evictedNodes = new ArrayList<>(2);
          }
          evictedNodes.add(victim);
        }
      }
      order.linkLast(node);
      // Linked first, then published: a reader never finds a node whose read cannot be applied.
      table.put(node);
      sizeBytes = size + needed;
      entryCount = entryCount + 1;
    } finally {
      lock.unlock();
    }
    stats.recordPut();
    record(evicted, expired);
    if (evictedNodes != null) {
      tellEvicted(evictedNodes);
    }
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>An expired entry is removed too, counted as an expiration, and this returns {@code false}.
   */
  @Override
  public boolean remove(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    boolean removedLive = false;
    long expired;
    lock.lock();
    try {
      readBuffer.drainTo(order);
      long now = expires ? clock.epochNanos() : 0L;
      expired = reclaimExpired(now);
      Node node = table.get(key, NodeTable.spread(key.hashCode()));
      if (node != null) {
        unlinkAndDiscount(node);
        table.remove(node);
        if (expires && isExpired(node, now)) {
          expired++;
        } else {
          removedLive = true;
        }
      }
    } finally {
      lock.unlock();
    }
    record(0, expired);
    return removedLive;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Takes no lock and records nothing.
   */
  @Override
  public boolean contains(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Node node = table.get(key, NodeTable.spread(key.hashCode()));
    return node != null && !(expires && isExpired(node, clock.epochNanos()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Walks the table's slots, lazily and weakly consistent, taking no lock and copying no content:
   * listing a tier of any size costs no more memory than one entry's description at a time.
   */
  @Override
  public Stream<EntryInfo> entries() {
    return table.nodes()
        .filter(node -> !(expires && isExpired(node, clock.epochNanos())))
        .map(node -> EntryInfo.of(node.key, node.content.length, node.writeNanos, MemoryTierProvider.ID));
  }

  /**
   * {@inheritDoc}
   *
   * @return {@link TierCapability#LISTING}: an in-process tier, neither persistent, shared nor
   *     streaming
   */
  @Override
  public Set<TierCapability> capabilities() {
    return LISTING_ONLY;
  }

  @Override
  public void clear() {
    lock.lock();
    try {
      readBuffer.drainTo(order);
      // Reads recorded from now on of the nodes cleared here find them unlinked and are ignored.
      order.unlinkAll();
      table.clear();
      sizeBytes = 0;
      entryCount = 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long evictExpired() {
    if (!expires) {
      return 0;
    }
    long expired;
    lock.lock();
    try {
      readBuffer.drainTo(order);
      expired = reclaimExpired(clock.epochNanos());
    } finally {
      lock.unlock();
    }
    record(0, expired);
    return expired;
  }

  @Override
  public long sizeBytes() {
    return sizeBytes;
  }

  @Override
  public long entryCount() {
    return entryCount;
  }

  @Override
  public long capacityBytes() {
    return capacityBytes;
  }

  @Override
  public TierStats stats() {
    TierStats counted = stats.snapshot(sizeBytes, entryCount);
    return new TierStats(readBuffer.recorded(), counted.misses(),
        counted.puts(), counted.rejectedPuts(), counted.evictions(), counted.expirations(),
        counted.damaged(), counted.sizeBytes(), counted.entryCount());
  }

  /**
   * Releases the content held, as {@link #clear()} does, and schedules no drain from now on (one
   * already scheduled does nothing); calling it again does nothing more.
   */
  @Override
  public void close() {
    drain.close();
    clear();
  }

  @Override
  public String toString() {
    return "MemoryTier[capacity=" + capacityBytes + " B, ttl="
        + (expires ? Duration.ofNanos(ttlNanos) : "none") + ", size=" + sizeBytes + " B, entries="
        + entryCount + "]";
  }

  /**
   * Hands a read to the read buffer, which counts it as a hit and never loses it. A stripe filling
   * up asks for a drain on the executor. A reader drains its own stripe only when the drain has not
   * come in time (the ring is full, or its overflow long) and only if the lock is free at once: a
   * reader never waits for the lock.
   */
  private void recordRead(Node node) {
    int outcome = readBuffer.offer(node);
    if (outcome != ReadBuffer.RECORDED) {
      afterRead(node, outcome); // apart, so that the hit path the compiler inlines stays small
    }
  }

  /** The rest of {@link #recordRead} for a read that asks for more than its recording. */
  private void afterRead(Node node, int offered) {
    int outcome = offered;
    if (outcome == ReadBuffer.FULL) {
      // The drain asked for has not come in time (its executor is busy, or slow to start): apply
      // the stripe here if the lock is free, as cheaply as a drain would, rather than allocate.
      if (lock.tryLock()) {
        try {
          if (readBuffer.drainOwnStripe(order)) {
            order.recordAccess(node);
            readBuffer.countApplied();
            return;
          }
        } finally {
          lock.unlock();
        }
      }
      outcome = readBuffer.overflow(node);
    }
    if (outcome == ReadBuffer.OVERFLOWING && lock.tryLock()) {
      try {
        readBuffer.drainOwnStripe(order);
      } finally {
        lock.unlock();
      }
      return;
    }
    drain.schedule();
  }

  /**
   * The scheduled drain: applies every buffered read if the lock is free at once. If it is not, its
   * holder is a writer, which drains as it starts, or another drain; a read that a busy lock leaves
   * buffered asks for another drain, or is applied by the next writer.
   */
  private void tryDrain() {
    if (lock.tryLock()) {
      try {
        readBuffer.drainTo(order);
      } finally {
        lock.unlock();
      }
    }
  }

  /** Hands evicted entries to the listener; called without the lock, so it may call this tier. */
  private void tellEvicted(List<Node> evictedNodes) {
    for (Node node : evictedNodes) {
      try {
        evictionListener.evicted(node.key, ByteBuffer.wrap(node.content).asReadOnlyBuffer());
      } catch (RuntimeException e) {
        LOG.warn("eviction listener {} failed on {} evicted from tier 'memory'; the put stands",
            evictionListener, node.key, e);
      }
    }
  }

  /**
   * Removes every expired entry, oldest write first, stopping at the first live one: write order is
   * expiry order, so no entry behind it has expired. Call with the lock held.
   *
   * @return how many were removed
   */
  @GuardedBy("lock")
  private long reclaimExpired(long now) {
    if (!expires) {
      return 0;
    }
    long reclaimed = 0;
    for (Node oldest = order.oldestWrite();
        oldest != null && isExpired(oldest, now);
        oldest = order.oldestWrite()) {
      unlinkAndDiscount(oldest);
      table.remove(oldest);
      reclaimed++;
    }
    return reclaimed;
  }

  /** Unlinks a linked node and takes it out of the size and count. Call with the lock held. */
  @GuardedBy("lock")
  @SuppressWarnings("NonAtomicVolatileUpdate") // written only under the lock; volatile for readers
  private void unlinkAndDiscount(Node node) {
    order.unlink(node);
    sizeBytes = sizeBytes - node.content.length;
    entryCount = entryCount - 1;
  }

  private boolean isExpired(Node node, long now) {
    return now - node.writeNanos >= ttlNanos;
  }

  private void record(long evicted, long expired) {
    if (evicted > 0) {
      stats.recordEvictions(evicted);
    }
    if (expired > 0) {
      stats.recordExpirations(expired);
    }
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }
}
