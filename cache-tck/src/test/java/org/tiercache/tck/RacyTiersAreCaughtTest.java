package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.tiercache.tck.FlawProbes.RacyConcurrencyProbe;
import org.tiercache.tck.RacyTier.Race;

/**
 * A tier with no lock, one with racy counters and one that checks room apart from inserting fail
 * the concurrency rule they break, on every run: each is repeated, and each repetition must catch
 * it. (A race is caught only when threads really run at once; these rules make them, with rounds
 * that start together, more threads than cores, and sampling right after each put.)
 */
final class RacyTiersAreCaughtTest {
  private static final int RUNS = 5;
  private static final List<String> OVERLAPPING = List.of("sizeNeverReadsAboveCapacityWhilePutsRun",
      "countersAreExactWhileThreadsOverlap", "accountingIsExactAfterEveryOverlappingRound");

  @RepeatedTest(RUNS)
  void tierWithNoLockFailsTheOverlappingRules() {
    caught(Race.NO_LOCK, "accountingIsExactAfterEveryOverlappingRound",
        "sizeNeverReadsAboveCapacityWhilePutsRun");
  }

  @RepeatedTest(RUNS)
  void tierWithRacyCountersFailsCountersAreExactWhileThreadsOverlap() {
    caught(Race.RACY_STATS, "countersAreExactWhileThreadsOverlap");
  }

  @RepeatedTest(RUNS)
  void tierCheckingRoomApartFromInsertingFailsSizeNeverReadsAboveCapacityWhilePutsRun() {
    caught(Race.NON_ATOMIC_BOUND, "sizeNeverReadsAboveCapacityWhilePutsRun");
  }

  /**
   * Runs the three overlapping rules against the racy tier and asserts it fails at least one of
   * the rules named (by an assertion).
   */
  private static void caught(Race race, String... rules) {
    FlawProbes.race = race;
    Map<String, Throwable> failed = new LinkedHashMap<>();
    try {
      EngineTestKit.engine("junit-jupiter")
          .selectors(OVERLAPPING.stream().map(m -> selectMethod(RacyConcurrencyProbe.class, m))
              .toList())
          .execute().testEvents().failed().stream()
          .forEach(e -> failed.put(ProbeRuns.methodName(e), ProbeRuns.throwable(e)));
    } finally {
      FlawProbes.race = null;
    }
    List<String> named = List.of(rules);
    assertTrue(named.stream().anyMatch(failed::containsKey), () -> "a racy tier (" + race
        + ") must fail " + String.join(" or ", named) + " on every run; this run it failed "
        + failed.keySet());
    named.stream().filter(failed::containsKey).forEach(rule -> assertInstanceOf(
        AssertionError.class, failed.get(rule), () -> race + " must fail " + rule
            + " by an assertion, not by " + failed.get(rule)));
  }
}
