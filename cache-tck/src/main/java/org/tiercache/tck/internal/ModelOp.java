package org.tiercache.tck.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One step of a model-based sequence: an operation on entry {@code k<key>} (content variant
 * {@code variant}), or a move of the clock. Steps are plain values, independent of any state, so
 * that a sequence can be replayed, and shortened, as it is.
 *
 * @param kind what the step does
 * @param key the entry's index, or the number of reads of a {@link Kind#READ_BURST}
 * @param variant which of the entry's contents a put stores
 * @param amount nanoseconds for {@link Kind#ADVANCE}, the seed of a {@link Kind#READ_BURST}
 */
public record ModelOp(Kind kind, int key, int variant, long amount) {

  /** What a step does. */
  public enum Kind {
    /** {@code put(key, byte[])} of one of the entry's contents. */
    PUT,
    /** The streaming put of the entry's first content, whose digest is the entry's key. */
    PUT_STREAM,
    /** A put of content one byte larger than the capacity (variant 1: streamed): refused. */
    PUT_OVERSIZE,
    /** {@code get}. */
    GET,
    /** {@code getBytes}. */
    GET_BYTES,
    /** {@code openStream}, read to its end. */
    OPEN_STREAM,
    /** Many gets in a row, of entries picked by a seed: reads a tier must not drop. */
    READ_BURST,
    /** {@code contains}. */
    CONTAINS,
    /** {@code remove}. */
    REMOVE,
    /** The clock moves forward. */
    ADVANCE,
    /** {@code evictExpired}. */
    EVICT_EXPIRED,
    /** {@code clear}. */
    CLEAR
  }

  /**
   * Describes the step for a reproducer.
   *
   * @param universe the contents, for their sizes
   * @return such as {@code put k3#1 (217 B)} or {@code advance PT2M30S}
   */
  public String describe(ModelUniverse universe) {
    switch (kind) {
      case PUT:
        return "put k" + key + "#" + variant + " (" + universe.content(key, variant).length + " B)";
      case PUT_STREAM:
        return "stream put k" + key + "#0 (" + universe.content(key, 0).length + " B)";
      case PUT_OVERSIZE:
        return (variant == 0 ? "put " : "stream put ") + universe.oversize().length
            + " B (capacity + 1)";
      case READ_BURST:
        return key + " gets of " + universe.describeBurst(key, amount);
      case ADVANCE:
        return "advance " + Duration.ofNanos(amount);
      case EVICT_EXPIRED:
        return "evictExpired";
      case CLEAR:
        return "clear";
      case GET_BYTES:
        return "getBytes k" + key;
      case OPEN_STREAM:
        return "openStream k" + key;
      default:
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " k" + key;
    }
  }

  /**
   * Makes a random sequence from a seed: mostly puts and reads, some removes, clock moves (to the
   * nanosecond around the TTL, so that entries expire exactly at it), evictExpired, bursts of reads,
   * rarely a clear.
   *
   * @param seed picks the steps
   * @param steps how many
   * @param universe the entries
   * @param ttl the tier's time to live, or {@code null} for none
   * @return the steps
   */
  public static List<ModelOp> generate(long seed, int steps, ModelUniverse universe, Duration ttl) {
    SplittableRandom random = new SplittableRandom(seed);
    List<ModelOp> ops = new ArrayList<>(steps);
    int keys = universe.keys();
    for (int i = 0; i < steps; i++) {
      int k = random.nextInt(keys);
      int roll = random.nextInt(1000);
      ModelOp op;
      if (roll < 300) {
        op = new ModelOp(Kind.PUT, k, random.nextInt(universe.variants()), 0);
      } else if (roll < 350) {
        op = new ModelOp(Kind.PUT_STREAM, random.nextInt(universe.streamableKeys()), 0, 0);
      } else if (roll < 365) {
        op = new ModelOp(Kind.PUT_OVERSIZE, 0, random.nextInt(2), 0);
      } else if (roll < 500) {
        op = new ModelOp(Kind.GET, k, 0, 0);
      } else if (roll < 540) {
        op = new ModelOp(Kind.GET_BYTES, k, 0, 0);
      } else if (roll < 580) {
        op = new ModelOp(Kind.OPEN_STREAM, k, 0, 0);
      } else if (roll < 600) {
        op = new ModelOp(Kind.READ_BURST, 50 + random.nextInt(250), 0, random.nextLong());
      } else if (roll < 650) {
        op = new ModelOp(Kind.CONTAINS, k, 0, 0);
      } else if (roll < 740) {
        op = new ModelOp(Kind.REMOVE, k, 0, 0);
      } else if (roll < 900) {
        op = new ModelOp(Kind.ADVANCE, 0, 0, advance(random, ttl));
      } else if (roll < 990) {
        op = new ModelOp(Kind.EVICT_EXPIRED, 0, 0, 0);
      } else {
        op = new ModelOp(Kind.CLEAR, 0, 0, 0);
      }
      ops.add(op);
    }
    return ops;
  }

  private static long advance(SplittableRandom random, Duration ttl) {
    if (ttl == null) {
      return Duration.ofDays(1 + random.nextInt(400)).toNanos();
    }
    long t = ttl.toNanos();
    switch (random.nextInt(7)) {
      case 0:
        return 1;
      case 1:
        return t - 1;
      case 2:
        return t;
      case 3:
        return Math.max(1, t / 2);
      case 4:
        return Math.max(1, t / 3);
      case 5:
        return Math.max(1, t / 10);
      default:
        return 1 + random.nextLong(t);
    }
  }
}
