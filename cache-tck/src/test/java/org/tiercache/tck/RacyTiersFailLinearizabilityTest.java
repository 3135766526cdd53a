package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.tiercache.tck.FlawProbes.FileWritingLinearizabilityProbe;
import org.tiercache.tck.FlawProbes.RacyLinearizabilityProbe;
import org.tiercache.tck.RacyTier.Race;

/**
 * A tier with no lock, one with racy counters and one that checks room apart from inserting fail
 * the linearizability rule they break, by an assertion, on every run: the model checker chooses
 * the interleavings, not the machine, so nothing here depends on how busy it is. Measured: 20 of
 * 20 runs caught each (see the kit README).
 *
 * <p>Besides, a tier whose operations do file I/O, which lincheck cannot model, has the suite
 * skipped as not applicable, saying so, rather than failed or passed.
 */
final class RacyTiersFailLinearizabilityTest {
  /** How many times each racy tier is checked; measure with e.g. {@code -D...runs=20}. */
  private static final String RUNS_PROPERTY = "tiercache.selftest.linearizability.runs";

  @Test
  void tierWithNoLockIsNotLinearizable(TestReporter reporter) {
    String message = caught(reporter, Race.NO_LOCK, "operationsFromTwoThreadsAreLinearizable");
    assertTrue(message.contains("Invalid execution results") || message.contains("Validation"),
        message);
  }

  @Test
  void tierWithRacyCountersIsNotLinearizable(TestReporter reporter) {
    String message = caught(reporter, Race.RACY_STATS, "operationsFromTwoThreadsAreLinearizable");
    assertTrue(message.contains("stats()"), () -> "the report must show the counters: " + message);
  }

  @Test
  void tierCheckingRoomApartFromInsertingIsNotLinearizable(TestReporter reporter) {
    String message = caught(reporter, Race.NON_ATOMIC_BOUND, "putsThatMustEvictFromTwoThreadsAreLinearizable");
    assertTrue(message.contains("sizeWithinCapacity(): false")
        || message.contains("(capacity 1000)"), () -> "the report must show the size above the "
        + "capacity: " + message);
  }

  @Test
  void tierDoingFileIoHasTheSuiteSkippedAsNotApplicable() {
    ProbeRuns.assertAllSkipped(FileWritingLinearizabilityProbe.class,
        "not applicable: lincheck's model checker cannot run this tier's operations");
  }

  /**
   * Runs the rule against the racy tier {@value #RUNS_PROPERTY} times (once by default), publishes
   * how many runs caught it, requires every one to, and returns the last failure's message.
   */
  private static String caught(TestReporter reporter, Race race, String rule) {
    int runs = Integer.getInteger(RUNS_PROPERTY, 1);
    int caught = 0;
    String message = null;
    List<String> missed = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      Map<String, Throwable> failed = failedRules(race, rule);
      Throwable failure = failed.get(rule);
      if (failure instanceof AssertionError) {
        caught++;
        message = failure.getMessage();
      } else {
        missed.add("run " + run + " failed " + failed);
      }
    }
    int count = caught;
    reporter.publishEntry(race.name(), count + " of " + runs + " runs caught it");
    assertEquals(runs, count, () -> race + " must fail " + rule + " by an assertion on every run; "
        + "caught in " + count + " of " + runs + ": " + missed);
    return message;
  }

  private static Map<String, Throwable> failedRules(Race race, String rule) {
    FlawProbes.race = race;
    Map<String, Throwable> failed = new LinkedHashMap<>();
    try {
      EngineTestKit.engine("junit-jupiter")
          .selectors(selectMethod(RacyLinearizabilityProbe.class, rule))
          .execute().testEvents().failed().stream()
          .forEach(e -> failed.put(ProbeRuns.methodName(e), ProbeRuns.throwable(e)));
    } finally {
      FlawProbes.race = null;
    }
    return failed;
  }
}
