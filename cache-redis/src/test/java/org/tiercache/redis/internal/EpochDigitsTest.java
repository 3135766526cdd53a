package org.tiercache.redis.internal;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Times travel to the scripts exactly: 19 digits that order as the numbers do. */
final class EpochDigitsTest {
  @Test
  void exactTimesAreNineteenDigitsOrderedAsTheirValues() {
    assertEquals("0000000000000000000", text(EpochDigits.exact(0)));
    assertEquals("1767225600000000001", text(EpochDigits.exact(1_767_225_600_000_000_001L)));
    assertEquals("9223372036854775807", text(EpochDigits.exact(Long.MAX_VALUE)));
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 10_000; i++) {
      long a = random.nextLong(Long.MAX_VALUE);
      long b = random.nextLong(Long.MAX_VALUE);
      assertEquals(Long.signum(Long.compare(a, b)),
          Integer.signum(text(EpochDigits.exact(a)).compareTo(text(EpochDigits.exact(b)))));
    }
  }

  @Test
  void microsecondsAreExactAsDoubles() {
    long nanos = 1_767_225_600_123_456_789L;
    String micros = text(EpochDigits.micros(nanos));
    assertEquals("1767225600123456", micros);
    assertTrue(Double.parseDouble(micros) == 1_767_225_600_123_456L,
        "a score the server keeps as a double must stay exact");
  }

  private static String text(byte[] bytes) {
    return new String(bytes, US_ASCII);
  }
}
