package org.tiercache.memory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link MemoryTier}'s drains of its read buffer on an executor, at most one waiting at a
 * time, so that readers hand the relinking of the LRU order to another thread instead of doing it
 * (Caffeine's {@code scheduleDrainBuffers}, with {@code ForkJoinPool.commonPool()} by default, as
 * Caffeine's).
 *
 * <p>Nothing depends on a drain running: the read buffer loses no read, and every writer drains it
 * before it evicts, so a delayed, refused or never-run drain only delays the order's update (and
 * holds the buffered reads' records in memory; the tier bounds that by letting a reader drain when
 * its stripe overflowed long and the lock is free). A drain is an optimisation of when, never of
 * whether.
 */
final class ReadDrain {
  private static final Logger LOG = LoggerFactory.getLogger(ReadDrain.class);
  private static final VarHandle STATUS;

  static {
    try {
      STATUS = MethodHandles.lookup().findVarHandle(ReadDrain.class, "status", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static final int IDLE = 0;
  private static final int SCHEDULED = 1;
  private static final int CLOSED = 2;

  /**
   * Where drains run, or {@code null} for {@link ForkJoinPool#commonPool()}, looked up when a drain
   * is asked for rather than held: a tier that holds the pool holds its work queues and threads in
   * its object graph, which tools that walk a tier's graph (a model checker does, for every
   * interleaving it explores, and so does a heap dump's retained size) would walk too.
   */
  private final Executor executor;
  private final Runnable drainBuffer;
  private final Runnable task = this::run;

  /**
   * {@link #IDLE}, {@link #SCHEDULED} (a task is with the executor and has not started) or
   * {@link #CLOSED} (for good). A task sets it back to idle as it starts, so reads recorded while it
   * drains can schedule the next one: at most one task waits at any time.
   */
  @SuppressWarnings("unused") // through STATUS
  private volatile int status;

  /**
   * @param executor where drains run, or {@code null} for {@link ForkJoinPool#commonPool()}
   * @param drainBuffer applies the buffered reads if the tier's lock is free at once
   */
  ReadDrain(Executor executor, Runnable drainBuffer) {
    this.executor = executor;
    this.drainBuffer = drainBuffer;
  }

  /**
   * Asks for a drain, unless one is waiting already or this is closed. Never blocks (unless the
   * executor does) and never throws: an executor that refuses the task is logged, and the reads
   * wait for the next drain or write.
   */
  void schedule() {
    if (status != IDLE || !STATUS.compareAndSet(this, IDLE, SCHEDULED)) {
      return;
    }
    Executor runner = executor == null ? ForkJoinPool.commonPool() : executor;
    try {
      runner.execute(task);
    } catch (RuntimeException e) { // RejectedExecutionException, or an executor's own failure
      STATUS.compareAndSet(this, SCHEDULED, IDLE);
      LOG.debug("the drain executor {} refused a drain of tier 'memory''s read buffer; its reads "
          + "wait for the next write", runner, e);
    }
  }

  /** Schedules nothing from now on; a task already with the executor does nothing when it runs. */
  void close() {
    status = CLOSED;
  }

  private void run() {
    if (!STATUS.compareAndSet(this, SCHEDULED, IDLE)) {
      return; // closed
    }
    drainBuffer.run();
  }

  @Override
  public String toString() {
    return "ReadDrain[" + (executor == null ? "commonPool" : executor) + ", status=" + status + "]";
  }
}
