package org.tiercache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The string form reads back what it wrote, whatever a value holds; quotes are read as written. */
final class TierConfigStringFormTest {
  private static final int TRIES = 3_000;
  /** Every character the grammar gives a meaning to, and a few that a terminal does. */
  private static final String AWKWARD = " ,=;()\"'\\\t\n\r\u0000\u001b\u007f\u0085\u009b"
      + "\u00a0\u200b\u200e\u202e\u2028\u2066\ufeff\ud800\udc00";
  private static final String NON_ASCII = "éßжж中文ü𝄞\ud83d\ude00";

  @Test
  void everyValueRoundTripsThroughTheSpecString() {
    SplittableRandom random = new SplittableRandom(1010);
    for (int i = 0; i < TRIES; i++) {
      TierConfig.Builder builder = TierConfig.builder();
      int pairs = 1 + random.nextInt(4);
      for (int p = 0; p < pairs; p++) {
        builder.set("k" + p + (random.nextBoolean() ? ".x" : ""), randomValue(random));
      }
      if (random.nextBoolean()) {
        builder.capacity(random.nextLong(Long.MAX_VALUE));
      }
      if (random.nextBoolean()) {
        builder.ttl(Duration.ofNanos(1 + random.nextLong(Long.MAX_VALUE - 1)));
      }
      TierConfig config = builder.build();
      String text = config.toSpecString();
      assertEquals(config, TierConfig.parse(text), text);
      assertEquals(text, config.toString(), "without secrets toString is the spec string");
      assertTrue(text.lines().count() <= 1, () -> "one line: " + text);
      for (int c = 0; c < text.length(); c++) {
        char ch = text.charAt(c);
        assertFalse(Character.isISOControl(ch) || Character.getType(ch) == Character.FORMAT,
            () -> "no control or format character is written as itself: " + text);
      }
    }
  }

  @Test
  void plainValuesStayBareAndOthersAreQuoted() {
    TierConfig config = TierConfig.builder()
        .set("dir", "/home/jürgen/cache")
        .set("path", "/srv/my cache,v2")
        .set("pass.word", "a\"b\\c")
        .build();
    assertEquals("dir=/home/jürgen/cache pass.word=\"a\\\"b\\\\c\" path=\"/srv/my cache,v2\"",
        config.toSpecString());
  }

  @Test
  void quotedPartsAreJoinedAndBareBackslashesKept() {
    TierConfig config = TierConfig.parse("dir=C:\\cache\\a name=\"my \"cache,x=\"a\\u0041\\n\"");
    assertEquals(Map.of("dir", "C:\\cache\\a", "name", "my cache", "x", "aA\n"),
        config.settings());
  }

  @Test
  void valuesHoldingSeparatorsRoundTripInsideAStack() {
    TierConfig config = TierConfig.builder().set("dir", "/a b;c)(d").build();
    assertEquals("dir=\"/a b;c)(d\"", config.toSpecString());
  }

  @Test
  void anUnclosedQuoteOrUnknownEscapeIsRefusedNamingThePair() {
    CacheConfigurationException open = assertThrows(CacheConfigurationException.class,
        () -> TierConfig.parse("dir=\"/never closed"));
    assertTrue(open.getMessage().contains("never closed")
        && open.getMessage().contains("dir=\"/never closed"), open.getMessage());
    CacheConfigurationException escape = assertThrows(CacheConfigurationException.class,
        () -> TierConfig.parse("dir=\"\\q\""));
    assertTrue(escape.getMessage().contains("unknown escape '\\q"), escape.getMessage());
    assertThrows(CacheConfigurationException.class, () -> TierConfig.parse("dir=\"\\u12g4\""));
    assertThrows(CacheConfigurationException.class, () -> TierConfig.parse("dir=\"\\u+123\""));
  }

  private static String randomValue(SplittableRandom random) {
    StringBuilder value = new StringBuilder();
    int length = 1 + random.nextInt(12);
    while (value.length() < length) {
      switch (random.nextInt(5)) {
        case 0 -> value.append(AWKWARD.charAt(random.nextInt(AWKWARD.length())));
        case 1 -> value.append(NON_ASCII.charAt(random.nextInt(NON_ASCII.length())));
        case 2 -> value.append((char) random.nextInt(0x10000));
        default -> value.append((char) (0x20 + random.nextInt(0x5f)));
      }
    }
    return value.toString();
  }
}
