package org.tiercache.redis.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.StatsCounter;
import org.tiercache.api.TierStats;
import java.util.ArrayList;
import redis.clients.jedis.UnifiedJedis;

/**
 * The redis tier's counters: this client's ({@link #snapshot}, for {@code stats()}) and those of
 * every client of the namespace ({@link #lifetime}, for {@code lifetimeStats()}), kept on the
 * server in the hash {@code {P}:stats} (one field per counter, and {@code since}, epoch nanoseconds
 * on the clock of the first client that wrote there).
 *
 * <p><b>No round trip per call.</b> Recording costs what {@link StatsCounter} costs plus one atomic
 * add. What this client counted since its last write is sent by a background thread (one daemon
 * thread for every redis tier of the process), as one small script of {@code HINCRBY}s and an
 * {@code HSETNX} on that one key (atomic like a {@code MULTI}, which a cluster client does not
 * offer): once a second if anything was counted, as soon as {@link #WRITE_EVERY_COUNTS} events are
 * waiting, and at close. So a client killed outright loses at most its counts of the last second
 * (never many more than {@code WRITE_EVERY_COUNTS}); a write that fails (an outage) is kept and
 * sent with the next. {@link #lifetime} reads the hash (one round trip) and adds what this client
 * has not sent yet; while the server is down it adds them to the last figures read.
 *
 * <p><b>Locks.</b> {@link #writing} serialises the writes and the reads of the hash, so that a read
 * never sees counts both on the server and among those not yet sent.
 */
final class SharedCounts {
  private static final Logger LOG = LoggerFactory.getLogger(SharedCounts.class);
  /** Events counted but not yet sent at which a write is started at once. */
  static final long WRITE_EVERY_COUNTS = 1000;
  /** How often what was counted is sent. */
  static final long WRITE_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
  private static final String SINCE = "since";
  private static final List<String> FIELDS = List.of("hits", "misses", "puts", "rejectedPuts",
      "evictions", "expirations", "damaged");
  // ARGV: since, then field and increment pairs.
  private static final String SEND = "for i = 2, #ARGV, 2 do "
      + "redis.call('HINCRBY', KEYS[1], ARGV[i], ARGV[i + 1]) end "
      + "redis.call('HSETNX', KEYS[1], 'since', ARGV[1]) return 1";

  /** Where the writes run: a daemon thread in a real tier, the test's hand in tests. */
  interface Background {
    /**
     * Runs a task every interval until the returned handle is closed.
     *
     * @return what stops it
     */
    AutoCloseable every(long intervalNanos, Runnable task);

    /** Runs a task soon, on another thread than the caller's. */
    void soon(Runnable task);
  }

  /** The background of real tiers: one daemon thread for the process, made when first needed. */
  static final Background DAEMON = new Background() {
    @Override
    public AutoCloseable every(long intervalNanos, Runnable task) {
      ScheduledFuture<?> scheduled = Daemon.EXECUTOR.scheduleWithFixedDelay(task, intervalNanos,
          intervalNanos, TimeUnit.NANOSECONDS);
      return () -> scheduled.cancel(false);
    }

    @Override
    public void soon(Runnable task) {
      Daemon.EXECUTOR.execute(task);
    }
  };

  private static final class Daemon {
    static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1, run -> {
      Thread thread = new Thread(run, "tiercache-redis-stats");
      thread.setDaemon(true);
      return thread;
    });

    static {
      EXECUTOR.setRemoveOnCancelPolicy(true);
    }
  }

  private final StatsCounter counter = new StatsCounter();
  private final AtomicLong unsent = new AtomicLong();
  private final AtomicBoolean queued = new AtomicBoolean();
  private final UnifiedJedis redis;
  private final String key;
  private final long openedNanos;
  private final BooleanSupplier down;
  private final Background background;
  private final Object writing = new Object();
  /** This client's counts already on the server. */
  @GuardedBy("writing")
  private TierStats sent = TierStats.EMPTY;
  /** The hash as last read, and what of this client's it held then. */
  @GuardedBy("writing")
  private TierStats lastRead = TierStats.EMPTY;
  @GuardedBy("writing")
  private TierStats sentAtLastRead = TierStats.EMPTY;
  @GuardedBy("writing")
  private long lastSince;
  @GuardedBy("writing")
  private boolean failing;
  @GuardedBy("writing")
  private boolean closed;
  @GuardedBy("writing")
  private AutoCloseable periodic;

  private SharedCounts(UnifiedJedis redis, String key, long openedNanos, BooleanSupplier down,
      Background background) {
    this.redis = redis;
    this.key = key;
    this.openedNanos = openedNanos;
    this.lastSince = openedNanos;
    this.down = down;
    this.background = background;
  }

  /**
   * Starts the counts of one client and their background writes.
   *
   * @param key the hash of the namespace's counts, {@code {P}:stats}
   * @param openedNanos when this client opened, on the tier's clock: the start of the counts if no
   *     client has written any yet
   * @param down tells whether the server is known to be down now (then nothing is tried)
   */
  static SharedCounts open(UnifiedJedis redis, String key, long openedNanos,
      BooleanSupplier down, Background background) {
    SharedCounts counts = new SharedCounts(redis, key, openedNanos, down, background);
    synchronized (counts.writing) {
      counts.periodic = background.every(WRITE_INTERVAL_NANOS, counts::write);
    }
    return counts;
  }

  void recordHit() {
    counter.recordHit();
    counted(1);
  }

  void recordMiss() {
    counter.recordMiss();
    counted(1);
  }

  void recordPut() {
    counter.recordPut();
    counted(1);
  }

  void recordRejectedPut() {
    counter.recordRejectedPut();
    counted(1);
  }

  void recordEvictions(long count) {
    if (count > 0) {
      counter.recordEvictions(count);
      counted(count);
    }
  }

  void recordExpirations(long count) {
    if (count > 0) {
      counter.recordExpirations(count);
      counted(count);
    }
  }

  void recordDamaged() {
    counter.recordDamaged();
    counted(1);
  }

  /** This client's counters, for {@code stats()}. */
  TierStats snapshot(long sizeBytes, long entryCount) {
    return counter.snapshot(sizeBytes, entryCount);
  }

  /**
   * The counters of every client of the namespace: the hash, read now, plus what this client has
   * not sent yet; while the server cannot be read, the last figures read instead.
   */
  LifetimeStats lifetime(long sizeBytes, long entryCount) {
    synchronized (writing) {
      if (!down.getAsBoolean()) {
        try {
          Map<String, String> hash = redis.hgetAll(key);
          lastRead = parse(hash);
          sentAtLastRead = sent;
          String since = hash.get(SINCE);
          lastSince = since == null ? openedNanos : Long.parseLong(since);
        } catch (RuntimeException e) {
          LOG.debug("cannot read the lifetime counts {}; showing the last read", key, e);
        }
      }
      TierStats mine = counter.snapshot(0, 0);
      TierStats total = lastRead.plus(minus(mine, sentAtLastRead));
      return new LifetimeStats(new TierStats(total.hits(), total.misses(), total.puts(),
          total.rejectedPuts(), total.evictions(), total.expirations(), total.damaged(),
          sizeBytes, entryCount), Instant.ofEpochSecond(0, lastSince));
    }
  }

  /** Sends what was counted since the last write, if anything; the background's task. */
  void write() {
    queued.set(false);
    synchronized (writing) {
      if (!closed) {
        send();
      }
    }
  }

  /** Stops the background writes and sends what is left, unless the server is down. */
  void close() {
    synchronized (writing) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        periodic.close();
      } catch (Exception e) {
        // A cancelled task that still runs finds the counts closed.
      }
      send();
    }
  }

  @GuardedBy("writing")
  private void send() {
    unsent.set(0);
    TierStats now = counter.snapshot(0, 0);
    TierStats delta = minus(now, sent);
    if (delta.equals(TierStats.EMPTY) || down.getAsBoolean()) {
      return;
    }
    long[] values = values(delta);
    List<String> args = new ArrayList<>();
    args.add(Long.toString(openedNanos));
    for (int i = 0; i < values.length; i++) {
      if (values[i] != 0) {
        args.add(FIELDS.get(i));
        args.add(Long.toString(values[i]));
      }
    }
    try {
      redis.eval(SEND, List.of(key), args);
      sent = now;
      if (failing) {
        failing = false;
        LOG.info("lifetime counts sent to {} again", key);
      }
    } catch (RuntimeException e) {
      if (!failing) {
        failing = true;
        LOG.warn("cannot send the lifetime counts to {} ({}); they are kept and sent later", key,
            e.toString());
      }
    }
  }

  private void counted(long events) {
    long now = unsent.addAndGet(events);
    if (now >= WRITE_EVERY_COUNTS && now - events < WRITE_EVERY_COUNTS
        && queued.compareAndSet(false, true)) {
      background.soon(this::write);
    }
  }

  private static TierStats parse(Map<String, String> hash) {
    long[] values = new long[FIELDS.size()];
    for (int i = 0; i < values.length; i++) {
      String value = hash.get(FIELDS.get(i));
      values[i] = value == null ? 0 : Math.max(0, Long.parseLong(value));
    }
    return of(values);
  }

  private static long[] values(TierStats stats) {
    return new long[] {stats.hits(), stats.misses(), stats.puts(), stats.rejectedPuts(),
        stats.evictions(), stats.expirations(), stats.damaged()};
  }

  private static TierStats of(long[] v) {
    return new TierStats(v[0], v[1], v[2], v[3], v[4], v[5], v[6], 0, 0);
  }

  private static TierStats minus(TierStats a, TierStats b) {
    long[] x = values(a);
    long[] y = values(b);
    for (int i = 0; i < x.length; i++) {
      x[i] = Math.max(0, x[i] - y[i]);
    }
    return of(x);
  }
}
