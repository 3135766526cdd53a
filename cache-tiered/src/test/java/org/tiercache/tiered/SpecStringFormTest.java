package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.TierConfig;

/**
 * The string form holds any setting value (quoted where it needs it) and reads back what
 * {@link TieredCacheSpec#toSpecString()} wrote; no message or {@code toString} shows a secret.
 */
final class SpecStringFormTest {
  private static final String SECRET = "hunter2-Sekret";
  private static final String AWKWARD = " ,=;()\"'\\\t\n\u001b\u007f\u009b\u202e\u2028éж中";

  @Test
  void quotedValuesMayHoldEveryCharacterTheGrammarUses() {
    TieredCacheSpec spec = TieredCacheSpec.parse(
        "disk(dir=\"/srv/my cache;(v2), \\\"x\\\"\") >= 1KB ; memory(capacity=1MB) < 1KB");
    assertEquals(List.of("disk", "memory"), spec.tierIds());
    assertEquals(Map.of("dir", "/srv/my cache;(v2), \"x\""), spec.tiers().get(0).config().settings());
  }

  @Test
  void randomStacksRoundTripThroughTheSpecString() {
    SplittableRandom random = new SplittableRandom(77);
    List<SizeRule> rules = List.of(SizeRule.any(), SizeRule.below(1024), SizeRule.atLeast(5),
        SizeRule.between(10, 1 << 20));
    for (int i = 0; i < 1_000; i++) {
      StringBuilder text = new StringBuilder();
      int tiers = 1 + random.nextInt(3);
      for (int t = 0; t < tiers; t++) {
        TierConfig.Builder config = TierConfig.builder()
            .set("dir", value(random))
            .set("password", value(random));
        if (random.nextBoolean()) {
          config.ttl(Duration.ofMillis(1 + random.nextInt(1_000_000)));
        }
        text.append(t == 0 ? "" : " ; ").append("disk(").append(config.build().toSpecString())
            .append(") ").append(rules.get(random.nextInt(rules.size())));
      }
      if (random.nextBoolean()) {
        text.append(" ; options(spill)");
      }
      TieredCacheSpec spec = TieredCacheSpec.parse(text.toString());
      TieredCacheSpec again = TieredCacheSpec.parse(spec.toSpecString());
      assertEquals(spec.tiers().size(), again.tiers().size(), text::toString);
      for (int t = 0; t < tiers; t++) {
        assertEquals(spec.tiers().get(t).config(), again.tiers().get(t).config(), text::toString);
        assertEquals(spec.tiers().get(t).rule(), again.tiers().get(t).rule(), text::toString);
      }
      assertEquals(spec.spill(), again.spill());
      assertEquals(spec.writeThrough(), again.writeThrough());
    }
  }

  @Test
  void anUnclosedQuoteIsNamed() {
    CacheException e = assertThrows(CacheException.class,
        () -> TieredCacheSpec.parse("disk(dir=\"/a) ; memory"));
    assertTrue(e.getMessage().contains("quote is never closed"), e.getMessage());
  }

  @Test
  void toStringMasksTheSecretsTheSpecStringKeeps() {
    TieredCacheSpec spec = TieredCacheSpec.parse("redis(password=" + SECRET
        + ",uri=redis://u:" + SECRET + "@h:6379) < 1MB ; disk(dir=/x)");
    assertEquals("redis(password=***,uri=redis://***@h:6379) < 1MB ; disk(dir=/x)",
        spec.toString());
    assertFalse(spec.tiers().get(0).source().contains(SECRET));
    assertTrue(spec.toSpecString().contains(SECRET));
  }

  /** Every refusal of a spec or a stack holding a secret that this module words. */
  @Test
  void noRefusalOfASpecOrStackShowsTheSecret() {
    String uri = "redis://:" + SECRET + "@127.0.0.1:6379";
    List<Supplier<Object>> refused = List.of(
        () -> TieredCacheSpec.parse("redis(password=" + SECRET + ",ttl=bogus) < 1KB"),
        () -> TieredCacheSpec.parse("redis(uri=" + uri + ",colour=x) << 1KB"),
        () -> TieredCacheSpec.parse("redis(password=" + SECRET + ") ; options(compress)"),
        () -> TieredCacheSpec.parse("redis(password=\"" + SECRET + ") ; disk"),
        () -> TieredCacheSpec.parse("redis(password=" + SECRET + " ; disk"),
        () -> TieredCacheSpec.parse("redis(password=" + SECRET + ")) ; disk"),
        () -> TieredCacheSpec.parse("redis(password=" + SECRET + ") (x)"),
        () -> TieredCache.fromSpec("memory(password=" + SECRET + ",capacity=1MB)"),
        () -> TieredCache.fromSpec("memory(uri=" + uri + ")"),
        () -> TieredCache.fromSpec("nosuchtier(password=" + SECRET + ") ; memory"),
        () -> TieredCache.builder().tier(SizeRule.any(), "nosuchtier",
            TierConfig.parse("token=" + SECRET)).build(),
        () -> new org.tiercache.tiered.internal.provider.TieredTierProvider().create(
            TierConfig.builder().set("spec", "redis(password=" + SECRET + ")").capacity(5)
                .build()),
        () -> TieredCache.builder().tier(SizeRule.any(), "memory",
            TierConfig.parse("password=" + SECRET)).build());
    for (Supplier<Object> attempt : refused) {
      RuntimeException e = assertThrows(RuntimeException.class, attempt::get);
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      assertFalse(trace.toString().contains(SECRET), trace::toString);
    }
  }

  private static String value(SplittableRandom random) {
    StringBuilder value = new StringBuilder();
    int length = 1 + random.nextInt(10);
    while (value.length() < length) {
      value.append(random.nextInt(3) == 0
          ? AWKWARD.charAt(random.nextInt(AWKWARD.length()))
          : (char) ('a' + random.nextInt(26)));
    }
    return value.toString();
  }
}
