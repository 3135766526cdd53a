package org.tiercache.tck.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs threads in many short rounds that start together, so that they really overlap even on two
 * cores: every round, all threads wait at a spinning barrier, are released at once, do a few
 * operations (with random yields between them, to shuffle who runs when), and meet again; while
 * they are all waiting, the tier is quiescent and a check runs on it.
 *
 * <p>Operations that throw are recorded and the thread goes on; a failed check ends the run.
 */
public final class OverlappingRounds {
  /** What a thread does in one round. */
  @FunctionalInterface
  public interface Body {
    /**
     * Does one round's operations.
     *
     * @param thread the thread's number, from 0
     * @param random the thread's own seeded random numbers
     * @throws Exception if an operation fails; recorded, and the thread goes on
     */
    void round(int thread, SplittableRandom random) throws Exception;
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

  private OverlappingRounds() {}

  /**
   * Runs the rounds.
   *
   * @param threads how many threads
   * @param rounds how many rounds
   * @param timeout how long a barrier may wait before the tier is declared deadlocked
   * @param seed the seed of the threads' random numbers
   * @param body each thread's round
   * @param check run between rounds
   * @return the problems: operations that threw, the first failed check, a deadlock; empty if none
   */
  public static List<String> run(int threads, int rounds, Duration timeout, long seed, Body body,
      Check check) {
    ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    SpinBarrier barrier = new SpinBarrier(threads, timeout.toNanos());
    int[] round = {0};
    boolean[] stop = {false};
    // Runs on the last thread to arrive, while the others wait: the tier is quiescent.
    Runnable between = () -> {
      round[0]++;
      if (round[0] > 1) {
        try {
          check.afterRound(round[0] - 1);
        } catch (AssertionError | RuntimeException e) {
          problems.add("after round " + (round[0] - 1) + " of " + rounds + ": " + e.getMessage());
          stop[0] = true;
        }
      }
      if (round[0] > rounds) {
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
            body.round(thread, random);
          } catch (Exception | AssertionError e) {
            if (problems.size() < 20) {
              problems.add("thread " + thread + " failed: " + e);
            }
          }
        }
      }, "kit-round-" + t);
      worker.setDaemon(true);
      workers.add(worker);
    }
    workers.forEach(Thread::start);
    for (Thread worker : workers) {
      try {
        worker.join(timeout.toMillis() * (rounds + 1L));
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
