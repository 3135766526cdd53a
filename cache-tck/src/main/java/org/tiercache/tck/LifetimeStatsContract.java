package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierStats;

/**
 * The lifetime statistics rules, for tiers that report {@link CacheTier#lifetimeStats()}: the
 * counts there are at least this instance's {@code stats()} and grow with the same events; for a
 * tier that declares {@link TierCapability#PERSISTENT}, a reopened instance still has the closed
 * one's counts, from the same moment.
 *
 * <p>For a tier that reports none (its counters die with it) every test is aborted by an
 * assumption, so it is reported as skipped (not applicable), never as passed. The reopen rule
 * reopens as {@link PersistenceContract} does: {@link #createTier} called again in the same test
 * with an equal configuration must open the same storage.
 *
 * @since 0.2
 */
public abstract class LifetimeStatsContract extends TierContract {
  private static final int ENTRY = 100;
  private static final Map<String, ToLongFunction<TierStats>> COUNTERS = new LinkedHashMap<>();

  static {
    COUNTERS.put("hits", TierStats::hits);
    COUNTERS.put("misses", TierStats::misses);
    COUNTERS.put("puts", TierStats::puts);
    COUNTERS.put("rejectedPuts", TierStats::rejectedPuts);
    COUNTERS.put("evictions", TierStats::evictions);
    COUNTERS.put("expirations", TierStats::expirations);
    COUNTERS.put("damaged", TierStats::damaged);
  }

  /** For subclasses. */
  protected LifetimeStatsContract() {}

  /**
   * The lifetime counts are at least what {@code stats()} counts, and count the same events: after
   * hits, misses, puts, a refused put, an eviction and expirations, each lifetime counter has grown
   * by what the instance's grew; the occupancy is the tier's, and the time the counting began has
   * not moved.
   *
   * @throws IOException if reading a stream the tier returned fails
   */
  @Test
  public void lifetimeStatsCountAtLeastThisInstancesAndTheSameEvents() throws IOException {
    Duration ttl = ttlForTests();
    CacheTier tier = tier(3 * ENTRY, ttl);
    LifetimeStats first = reported(tier);
    TierStats before = tier.stats();
    assertAtLeast("on a tier just opened", first.stats(), before);
    byte[] a = content(ENTRY, 1);
    byte[] b = content(ENTRY, 2);
    byte[] c = content(ENTRY, 3);
    tier.put(key(a), a);
    tier.put(key(b), b);
    tier.get(key(a));
    tier.get(key(content(ENTRY, 4)));
    try (InputStream in = tier.openStream(key(b))) {
      assertNotNull(in, "openStream of b, just put");
    }
    tier.put(key(c), c);
    tier.put(key(content(ENTRY, 5)), content(ENTRY, 5));
    tier.put(key(content(3 * ENTRY + 1, 6)), content(3 * ENTRY + 1, 6));
    clock().advance(ttl);
    tier.get(key(b));
    tier.evictExpired();
    TierStats now = tier.stats();
    LifetimeStats last = tier.lifetimeStats().orElseThrow(() -> new AssertionError("tier '"
        + tier.id() + "' reported lifetime statistics when opened, then none"));
    String script = "put a, b; get a; get an absent key; openStream b; put c, d (evicts a); put "
        + "301 bytes into 300 (refused); advance the TTL; get b (expired); evictExpired";
    assertGrewAlike(script, first.stats(), last.stats(), before, now);
    assertAtLeast("after " + script, last.stats(), now);
    assertAll(
        () -> assertEquals(first.since(), last.since(), "lifetimeStats().since() must not move "
            + "while the tier counts on"),
        () -> assertEquals(tier.sizeBytes(), last.stats().sizeBytes(), "lifetimeStats()'s "
            + "sizeBytes is the tier's occupancy now"),
        () -> assertEquals(tier.entryCount(), last.stats().entryCount(), "lifetimeStats()'s "
            + "entryCount is the tier's occupancy now"));
  }

  /**
   * A persistent tier keeps its lifetime counts across close and reopen: the reopened instance
   * reports at least every count of the closed one, from the same moment, and goes on counting from
   * there.
   */
  @Test
  public void reopenKeepsLifetimeStats() {
    CacheTier tier = tier(1 << 20);
    reported(tier);
    assumeTrue(tier.capabilities().contains(TierCapability.PERSISTENT),
        () -> "not applicable: tier '" + tier.id() + "' does not declare "
            + "TierCapability.PERSISTENT, so nothing says a reopen finds the same storage");
    byte[] a = content(ENTRY, 40);
    byte[] tooLarge = content((1 << 20) + 1, 41);
    tier.put(key(a), a);
    tier.get(key(a));
    tier.get(key(content(ENTRY, 42)));
    tier.put(key(tooLarge), tooLarge);
    LifetimeStats closing = tier.lifetimeStats().orElseThrow();
    CacheTier reopened = reopen(tier);
    LifetimeStats kept = reopened.lifetimeStats().orElseThrow(() -> new AssertionError("tier '"
        + reopened.id() + "' reported lifetime statistics before a reopen, not after"));
    assertAtLeast("after put, hit, miss, a refused put, close and reopen: the closed instance's "
        + "counts must still be there", kept.stats(), closing.stats());
    assertEquals(closing.since(), kept.since(), "lifetimeStats().since() must be kept across a "
        + "reopen");
    assertArrayEquals(a, reopened.getBytes(key(a)), "the entry put before the reopen");
    LifetimeStats after = reopened.lifetimeStats().orElseThrow();
    assertEquals(kept.stats().hits() + 1, after.stats().hits(), () -> "a hit after the reopen "
        + "adds one to the lifetime hits kept; before " + kept + ", after " + after);
  }

  // An assumption, not a check: a tier whose counters die with it has broken no rule here.
  private static LifetimeStats reported(CacheTier tier) {
    LifetimeStats stats = tier.lifetimeStats().orElse(null);
    assumeTrue(stats != null, () -> "not applicable: tier '" + tier.id() + "' reports no "
        + "lifetime statistics");
    return stats;
  }

  private static void assertAtLeast(String what, TierStats lifetime, TierStats floor) {
    assertAll(COUNTERS.entrySet().stream().map(counter -> () -> {
      long total = counter.getValue().applyAsLong(lifetime);
      long least = counter.getValue().applyAsLong(floor);
      assertTrue(total >= least, () -> "lifetimeStats()." + counter.getKey() + "() is " + total
          + ", less than " + least + ", " + what + "; lifetime " + lifetime + ", floor " + floor);
    }));
  }

  private static void assertGrewAlike(String after, TierStats lifetimeBefore,
      TierStats lifetimeAfter, TierStats before, TierStats now) {
    assertAll(COUNTERS.entrySet().stream().map(counter -> () -> {
      ToLongFunction<TierStats> figure = counter.getValue();
      assertEquals(figure.applyAsLong(now) - figure.applyAsLong(before),
          figure.applyAsLong(lifetimeAfter) - figure.applyAsLong(lifetimeBefore),
          () -> "lifetimeStats()." + counter.getKey() + "() must grow with the same events as "
              + "stats()." + counter.getKey() + "() after " + after + "; stats() went from "
              + before + " to " + now + ", lifetimeStats() from " + lifetimeBefore + " to "
              + lifetimeAfter);
    }));
  }
}
