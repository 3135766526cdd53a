package org.tiercache.disk.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.StatsCounter;
import org.tiercache.api.TierStats;

/**
 * The disk tier's counters: this instance's ({@link #snapshot}, for {@code stats()}) and those added
 * up over every instance that opened the folder ({@link #lifetime}, for {@code lifetimeStats()}),
 * kept in the {@link StatsFile}.
 *
 * <p><b>Cost.</b> Recording is what {@link StatsCounter} costs plus one atomic add, which counts
 * the events not yet written; nothing else happens on a get, and never a file operation. The
 * lifetime figures are derived, never counted twice: those the file held at open plus this
 * instance's.
 *
 * <p><b>When the file is written.</b> By a background thread (one daemon thread for every disk
 * tier of the process): once a second if anything was counted ({@link #FLUSH_INTERVAL_NANOS}),
 * as soon as {@link #FLUSH_EVERY_COUNTS} events are waiting, and at close (forced to the device
 * unless {@code fsync=never}). So a process killed outright loses at most the counts of the last
 * second, and never much more than {@code FLUSH_EVERY_COUNTS} of them however busy it was; a power
 * loss may cost the file, which the next open finds damaged and starts afresh. The tier's
 * entries never depend on it.
 *
 * <p><b>Locks.</b> Writes are serialised by {@link #writing}, never taken under the tier's lock by
 * the background thread: it asks whether the tier may still write ({@code writable}, which takes
 * the tier's lock for one {@code lstat}) before it takes {@code writing}. The tier's close, which
 * holds the tier's lock, takes {@code writing} after it, and marks the counter closed so that a
 * background write that comes later writes nothing.
 */
final class LifetimeCounter {
  /** Events counted but not yet written at which a write is started at once. */
  static final long FLUSH_EVERY_COUNTS = 10_000;
  /** How often the counts are written when anything was counted. */
  static final long FLUSH_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

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
      Thread thread = new Thread(run, "tiercache-disk-stats");
      thread.setDaemon(true);
      return thread;
    });

    static {
      EXECUTOR.setRemoveOnCancelPolicy(true);
    }
  }

  private final StatsCounter counter = new StatsCounter();
  /** Events counted since the last write began; reaching FLUSH_EVERY_COUNTS starts one. */
  private final AtomicLong unwritten = new AtomicLong();
  /** Whether a write started by the count is waiting to run, so that one is queued at a time. */
  private final AtomicBoolean queued = new AtomicBoolean();
  private final StatsFile file;
  private final Background background;
  /** Whether the tier is open and its folder still its own; takes the tier's lock. */
  private final BooleanSupplier writable;
  private final TierStats before;
  private final Instant since;
  private final boolean keeps;
  private final Object writing = new Object();
  @GuardedBy("writing")
  private TierStats written;
  @GuardedBy("writing")
  private boolean closed;
  @GuardedBy("writing")
  private AutoCloseable periodic;

  private LifetimeCounter(StatsFile file, StatsFile.Loaded loaded, Background background,
      BooleanSupplier writable) {
    this.file = file;
    this.background = background;
    this.writable = writable;
    this.before = loaded.counts();
    this.since = loaded.since();
    this.keeps = loaded.writable();
    // Counts the file did not hold yet (none, or damaged) are written at the first chance, even
    // at zero, so that the time they start from is kept.
    this.written = loaded.found() ? before : null;
  }

  /**
   * Reads the counts the folder holds and starts writing them in the background.
   *
   * @param now the tier's time, when the counts start if the folder holds none
   * @param writable tells whether the tier may still write in its folder
   */
  static LifetimeCounter open(StatsFile file, Instant now, Background background,
      BooleanSupplier writable) {
    LifetimeCounter counter = new LifetimeCounter(file, file.load(now), background, writable);
    if (counter.keeps) {
      synchronized (counter.writing) {
        counter.periodic = background.every(FLUSH_INTERVAL_NANOS, counter::write);
      }
    }
    return counter;
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

  /** This instance's counters, for {@code stats()}. */
  TierStats snapshot(long sizeBytes, long entryCount) {
    return counter.snapshot(sizeBytes, entryCount);
  }

  /** The counters of every instance that opened the folder, this one's included. */
  LifetimeStats lifetime(long sizeBytes, long entryCount) {
    return new LifetimeStats(before.plus(counter.snapshot(sizeBytes, entryCount)), since);
  }

  /** Writes the counts if they changed since the last write; the background's task. */
  void write() {
    queued.set(false);
    if (!keeps || !writable.getAsBoolean()) {
      return;
    }
    synchronized (writing) {
      if (!closed) {
        writeNow(false, false);
      }
    }
  }

  /**
   * Stops the background writes and writes the counts a last time, if the folder is still the
   * tier's. Called under the tier's lock, once.
   *
   * @param intact whether the folder is still the tier's
   * @param force whether to force the file to the device
   */
  void close(boolean intact, boolean force) {
    synchronized (writing) {
      if (closed) {
        return;
      }
      closed = true;
      if (periodic != null) {
        try {
          periodic.close();
        } catch (Exception e) {
          // A cancelled task that still runs finds the counter closed.
        }
      }
      if (keeps && intact) {
        writeNow(true, force);
      }
    }
  }

  @GuardedBy("writing")
  private void writeNow(boolean closing, boolean force) {
    unwritten.set(0);
    TierStats total = before.plus(counter.snapshot(0, 0));
    if (total.equals(written) && !closing) {
      return;
    }
    if (file.write(total, since, force)) {
      written = total;
    }
  }

  private void counted(long events) {
    long now = unwritten.addAndGet(events);
    if (now >= FLUSH_EVERY_COUNTS && now - events < FLUSH_EVERY_COUNTS
        && queued.compareAndSet(false, true)) {
      background.soon(this::write);
    }
  }
}
