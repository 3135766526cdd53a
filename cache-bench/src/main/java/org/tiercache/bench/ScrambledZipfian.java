package org.tiercache.bench;

import java.util.SplittableRandom;

/**
 * Keys drawn from a scrambled Zipfian distribution, as YCSB's {@code ScrambledZipfianGenerator}
 * that Caffeine's {@code GetPutBenchmark} uses: a Zipfian (constant 0.99) over a huge item space,
 * hashed (FNV-1a 64) onto {@code [0, items)}, so the popular keys are spread over the key space
 * instead of being the smallest indices.
 */
final class ScrambledZipfian {
  private static final double THETA = 0.99;
  private static final long ITEM_SPACE = 10_000_000_000L;
  /** zeta(ITEM_SPACE, 0.99), precomputed by YCSB: summing it here would take minutes. */
  private static final double ZETA_N = 26.46902820178302;

  private final long items;
  private final SplittableRandom random;
  private final double alpha = 1.0 / (1.0 - THETA);
  private final double eta;
  private final double half = Math.pow(0.5, THETA);

  ScrambledZipfian(long items, long seed) {
    this.items = items;
    this.random = new SplittableRandom(seed);
    double zeta2 = 1.0 + Math.pow(0.5, THETA);
    this.eta = (1 - Math.pow(2.0 / ITEM_SPACE, 1 - THETA)) / (1 - zeta2 / ZETA_N);
  }

  /** Returns the next index, in {@code [0, items)}. */
  int next() {
    return (int) (fnv64(zipfian()) % items);
  }

  /** An array of {@code length} indices, for benchmarks that cycle through it. */
  static int[] sequence(long items, int length, long seed) {
    ScrambledZipfian zipfian = new ScrambledZipfian(items, seed);
    int[] indices = new int[length];
    for (int i = 0; i < length; i++) {
      indices[i] = zipfian.next();
    }
    return indices;
  }

  private long zipfian() {
    double u = random.nextDouble();
    double uz = u * ZETA_N;
    if (uz < 1.0) {
      return 0;
    }
    if (uz < 1.0 + half) {
      return 1;
    }
    return (long) (ITEM_SPACE * Math.pow(eta * u - eta + 1, alpha));
  }

  private static long fnv64(long value) {
    long hash = 0xCBF29CE484222325L;
    for (int i = 0; i < 8; i++) {
      hash ^= value & 0xff;
      hash *= 1099511628211L;
      value >>>= 8;
    }
    return Math.abs(hash);
  }
}
