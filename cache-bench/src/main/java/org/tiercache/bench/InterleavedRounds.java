package org.tiercache.bench;

import java.util.Arrays;

/**
 * The timing of the interleaved mains ({@link InterleavedGetCpuTime}, {@link InterleavedRedisTime},
 * {@link InterleavedRedisAb}): every operation runs one short chunk per round, so that load from
 * other processes falls on all of them alike, and what is reported is the median over the rounds
 * of each round's ratio, which that load moves far less than it moves the times themselves.
 */
final class InterleavedRounds {
  private static volatile Object sink;

  private InterleavedRounds() {}

  /** One chunk of one operation. */
  @FunctionalInterface
  interface Chunk {
    /** Runs a chunk of operation {@code op} and returns its figure (a time or a rate). */
    double run(int op) throws Exception;
  }

  /**
   * Runs {@code warmUps} rounds, then {@code rounds} measured ones, of one chunk of each of the
   * {@code ops} operations, in an order that rotates by one every round (so that no operation
   * always follows the same other one).
   *
   * @return the figures, {@code [op][round]}, of the measured rounds
   */
  static double[][] rotating(int warmUps, int rounds, int ops, Chunk chunk) throws Exception {
    return run(warmUps, rounds, ops, true, chunk);
  }

  /** As {@link #rotating}, but the operations run in the same order, 0 first, every round. */
  static double[][] inTurn(int warmUps, int rounds, int ops, Chunk chunk) throws Exception {
    return run(warmUps, rounds, ops, false, chunk);
  }

  private static double[][] run(int warmUps, int rounds, int ops, boolean rotate, Chunk chunk)
      throws Exception {
    double[][] figures = new double[ops][rounds];
    for (int round = -warmUps; round < rounds; round++) {
      for (int k = 0; k < ops; k++) {
        int op = rotate ? (k + Math.floorMod(round, ops)) % ops : k;
        double figure = chunk.run(op);
        if (round >= 0) {
          figures[op][round] = figure;
        }
      }
    }
    return figures;
  }

  /** The median and quartiles of a set of figures. */
  record Spread(double median, double lowerQuartile, double upperQuartile) {
    /** The spread of {@code figures}, which it leaves as they are. */
    static Spread of(double[] figures) {
      double[] sorted = figures.clone();
      Arrays.sort(sorted);
      int n = sorted.length;
      return new Spread(sorted[n / 2], sorted[n / 4], sorted[3 * n / 4]);
    }

    /** The spread of the round-by-round ratios {@code over[r] / under[r]}. */
    static Spread ofRatios(double[] over, double[] under) {
      double[] ratios = new double[over.length];
      for (int r = 0; r < ratios.length; r++) {
        ratios[r] = over[r] / under[r];
      }
      return of(ratios);
    }
  }

  /** A call on one entry, timed by {@link CallTimer}. */
  @FunctionalInterface
  interface EntryCall {
    /** Makes the call on entry {@code entry}; what it returns is kept from dead-code removal. */
    Object call(int entry) throws Exception;
  }

  /**
   * Times a chunk of calls one by one, on entries taken in turn from a power-of-two number of them
   * (one turn across all the chunks it times), and counts the chunk by its median call, so that a
   * call descheduled by other load does not move it.
   */
  static final class CallTimer {
    private final int mask;
    private int next;

    CallTimer(int entries) {
      if (Integer.bitCount(entries) != 1) {
        throw new IllegalArgumentException("entries must be a power of two: " + entries);
      }
      this.mask = entries - 1;
    }

    /** Makes {@code calls} calls and returns the median call's nanoseconds. */
    double medianNanos(int calls, EntryCall call) throws Exception {
      long[] each = new long[calls];
      for (int i = 0; i < calls; i++) {
        int e = next++ & mask;
        long start = System.nanoTime();
        sink = call.call(e);
        each[i] = System.nanoTime() - start;
      }
      Arrays.sort(each);
      return each[calls / 2];
    }
  }
}
