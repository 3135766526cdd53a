package org.tiercache.tck.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs threads in many short rounds that start together, so that they really overlap even on two
 * cores: every round, all threads wait at a spinning barrier, are released at once, do a few
 * operations (yielding now and then, to shuffle which threads run together), and meet again;
 * while they are all waiting, the tier is quiescent and a check runs on it.
 *
 * <p>Operations that throw are recorded and the thread goes on; a failed check ends the run.
 */
public final class OverlappingRounds {
  /** What a thread does in one round. */
  @FunctionalInterface
  public interface Body {
    /**
     * Does one round's operations, calling {@link Progress#done(int)} after each.
     *
     * @param thread the thread's number, from 0
     * @param random the thread's own seeded random numbers
     * @param progress where the thread reports each operation done
     * @throws Exception if an operation fails; recorded, and the thread goes on
     */
    void round(int thread, SplittableRandom random, Progress progress) throws Exception;
  }

  /**
   * Counts operations, and how many of them ran in parallel with another thread's: an operation
   * whose thread sees other threads' operations completed since its own previous one. Threads that
   * merely take turns on one core (a busy machine) see that only when they are switched, once per
   * time slice; threads running at once see it at nearly every operation. The rounds go on until
   * enough operations ran in parallel, so that a busy machine gets more rounds, not a weaker check.
   */
  public static final class Progress {
    private final AtomicLong operations = new AtomicLong();
    private final LongAdder parallel = new LongAdder();
    private final long[] lastSeen;

    Progress(int threads) {
      // Padded: one thread's slot per 16 longs, so threads do not share a cache line.
      this.lastSeen = new long[16 * (threads + 1)];
    }

    /**
     * Reports one operation done.
     *
     * @param thread the number of the thread that did it
     */
    public void done(int thread) {
      int slot = 16 * (1 + thread);
      long now = operations.incrementAndGet();
      if (now - lastSeen[slot] > 1) {
        parallel.increment();
      }
      lastSeen[slot] = now;
    }

    /**
     * Reports that the thread yielded: the operations others do meanwhile ran while it waited,
     * not at the same time, so its next operation does not count as parallel.
     *
     * @param thread the number of the thread that yielded
     */
    public void skip(int thread) {
      lastSeen[16 * (1 + thread)] = operations.get();
    }

    long parallel() {
      return parallel.sum();
    }
  }

  /** What runs between rounds, while every thread waits. */
  @FunctionalInterface
  public interface Check {
    /**
     * Checks the quiescent tier.
     *
     * @param round the round that just ended, from 1
     */
    void afterRound(int round);
  }

  private static final String THREAD_PREFIX = "kit-round-";

  private OverlappingRounds() {}

  /**
   * Runs the rounds.
   *
   * @param threads how many threads
   * @param rounds how many rounds at least; more, up to ten times as many, until as many
   *     operations as that many rounds hold have run in parallel
   * @param operations how many operations a thread does in a round
   * @param timeout how long a barrier may wait before the tier is declared deadlocked
   * @param seed the seed of the threads' random numbers
   * @param body each thread's round
   * @param check run between rounds
   * @return the problems: operations that threw, the first failed check, a deadlock; empty if none
   */
  public static List<String> run(int threads, int rounds, int operations, Duration timeout,
      long seed, Body body, Check check) {
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    SpinBarrier barrier = new SpinBarrier(threads, timeout.toNanos());
    Progress progress = new Progress(threads);
    long wantedInParallel = (long) rounds * operations * threads;
    int mostRounds = 10 * rounds;
    int[] round = {0};
    boolean[] stop = {false};
    // Runs on the last thread to arrive, while the others wait: the tier is quiescent.
    Runnable between = () -> {
      round[0]++;
      if (round[0] > 1) {
        try {
          check.afterRound(round[0] - 1);
        } catch (AssertionError | RuntimeException e) {
          problems.add("after round " + (round[0] - 1) + ": " + e.getMessage());
          stop[0] = true;
        }
      }
      if (round[0] > mostRounds
          || (round[0] > rounds && progress.parallel() >= wantedInParallel)) {
        stop[0] = true;
      }
    };
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread worker = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(seed + 7919L * thread);
        while (true) {
          if (!barrier.await(between)) {
            problems.add("thread " + thread + " waited more than " + timeout + " for the others "
                + "at the end of a round: the tier is probably deadlocked");
            return;
          }
          // Written by the last thread to arrive before it released this one.
          if (stop[0]) {
            return;
          }
          try {
            body.round(thread, random, progress);
          } catch (Exception | AssertionError e) {
            if (problems.size() < 20) {
              problems.add("thread " + thread + " failed: " + e);
            }
          }
        }
      }, THREAD_PREFIX + t);
      worker.setDaemon(true);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
    for (Thread worker : workers) {
      try {
        worker.join(timeout.toMillis() * (mostRounds + 1L));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        problems.add("interrupted while waiting for the threads");
        break;
      }
      if (worker.isAlive()) {
        problems.add(worker.getName() + " did not finish: the tier is probably deadlocked");
      }
    }
    return new ArrayList<>(problems);
  }

  /**
   * A barrier whose waiters spin instead of parking: released together, they start their next
   * round within a few hundred nanoseconds of each other, where threads woken from a park start
   * tens of microseconds apart, often after the first has finished a short round. Spinning
   * threads yield now and then, so that on a busy machine the last thread gets a core to arrive.
   */
  private static final class SpinBarrier {
    private final int parties;
    private final long timeoutNanos;
    private final AtomicInteger arrived = new AtomicInteger();
    private volatile long generation;
    private volatile boolean broken;

    SpinBarrier(int parties, long timeoutNanos) {
      this.parties = parties;
      this.timeoutNanos = timeoutNanos;
    }

    /** Waits for every party; the last runs {@code between} first. False on timeout. */
    @SuppressWarnings("ThreadPriorityCheck") // a spinning barrier must let the late threads run
    boolean await(Runnable between) {
      long current = generation;
      if (arrived.incrementAndGet() == parties) {
        arrived.set(0);
        try {
          between.run();
        } finally {
          generation = current + 1;
        }
        return !broken;
      }
      long deadline = System.nanoTime() + timeoutNanos;
      for (int spins = 1; generation == current; spins++) {
        if (broken) {
          return false;
        }
        if ((spins & 0xff) == 0) {
          Thread.yield();
          if (System.nanoTime() - deadline > 0) {
            broken = true;
            return false;
          }
        } else {
          Thread.onSpinWait();
        }
      }
      return !broken;
    }
  }
}
