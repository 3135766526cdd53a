package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * {@code tck} says what ran: passed, failed and skipped; and a named tier that cannot be created
 * is said once, exit 2, with nothing counted as failed.
 */
final class TckCommandTest extends CommandTest {
  private static final Pattern PASSED = Pattern.compile(
      "PASSED: (\\d+) tests of 1 tier\\(s\\): (\\d+) passed, 0 failed, (\\d+) skipped");

  @Test
  void theLastLineCountsTheSkippedTestsBesideThePassedOnes() throws Exception {
    // Two groups, one the memory tier passes and one it skips: the counts are the point, not the
    // kit's rules again (cache-memory's own tests run every suite).
    Result tck = tiercache.run("tck", "--tier", "memory", "--rules", "store,persistence");

    assertEquals(0, tck.exit(), tck::toString);
    String last = tck.stdout().strip().lines().reduce((a, b) -> b).orElse("");
    Matcher counts = PASSED.matcher(last);
    assertTrue(counts.matches(), last);
    long passed = Long.parseLong(counts.group(2));
    long skipped = Long.parseLong(counts.group(3));
    assertTrue(skipped > 0, "the memory tier is not persistent: its persistence tests are skipped");
    assertEquals(Long.parseLong(counts.group(1)), passed + skipped, last);
  }

  @Test
  void aNamedTierThatCannotBeCreatedIsSaidOnceAndNothingFails() throws Exception {
    Result tck = tiercache.withBrokenTier().run("tck", "--tier", "broken",
        "--config", "broken:fail=nosuch");

    assertEquals(2, tck.exit(), tck::toString);
    assertEquals("error: tier 'broken' cannot be created with the kit's settings (tier 'broken':"
        + " unknown fail=nosuch), so none of its tests ran; give it the settings it needs with"
        + " --config broken:KEY=VALUE", tck.stdout().strip(), tck::toString);
    assertTrue(!tck.stdout().contains("FAILED") && !tck.stdout().contains("passed"), tck::toString);
  }
}
