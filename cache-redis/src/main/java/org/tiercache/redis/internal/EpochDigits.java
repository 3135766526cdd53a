package org.tiercache.redis.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;

/**
 * Times as the scripts take them. Lua numbers are doubles, exact only up to 2^53, and epoch
 * nanoseconds are near 2^61: so an exact time travels as 19 zero-padded digits (compared as text in
 * exact halves by the scripts), and a sorted-set score as whole microseconds, which stay exact
 * until the year 2255.
 */
final class EpochDigits {
  private static final byte[] NONE = new byte[0];
  private static final int WIDTH = 19;

  private EpochDigits() {}

  /**
   * Returns a time as 19 digits.
   *
   * @param epochNanos zero or more
   */
  static byte[] exact(long epochNanos) {
    byte[] digits = new byte[WIDTH];
    long rest = epochNanos;
    for (int i = WIDTH - 1; i >= 0; i--) {
      digits[i] = (byte) ('0' + rest % 10);
      rest /= 10;
    }
    return digits;
  }

  /** Returns a time in whole microseconds, rounded down, as decimal text. */
  static byte[] micros(long epochNanos) {
    return Long.toString(Math.floorDiv(epochNanos, 1000L)).getBytes(US_ASCII);
  }

  /** Returns the empty argument by which the scripts know there is no cutoff. */
  static byte[] none() {
    return NONE;
  }

  /** Returns a number as decimal text. */
  static byte[] number(long value) {
    return Long.toString(value).getBytes(US_ASCII);
  }
}
