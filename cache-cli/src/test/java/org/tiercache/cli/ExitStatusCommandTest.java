package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * The exit status follows the kind of failure, not where it happened: a configuration the library
 * refuses ({@code CacheConfigurationException}) is bad usage, 2, wherever it is found; an
 * {@code IllegalArgumentException} that escapes a tier is a bug, 3, "unexpected failure", never
 * taken for the user's mistake.
 */
final class ExitStatusCommandTest extends CommandTest {
  @Test
  void aSettingATierDoesNotKnowIsBadUsageInOneLine() throws Exception {
    Result stat = tiercache.run("stat", "--stack", "memory(colour=blue)");

    assertEquals(2, stat.exit(), stat::toString);
    assertEquals(1, stat.stderr().strip().lines().count(), stat::toString);
    assertTrue(stat.stderr().contains("unknown setting 'colour' (value 'blue') for tier 'memory'"),
        stat::toString);
  }

  @Test
  void aSizeRuleThatDoesNotParseIsBadUsage() throws Exception {
    Result stat = tiercache.run("stat", "--stack", "memory << 5KB");

    assertEquals(2, stat.exit(), stat::toString);
    assertTrue(stat.stderr().contains("invalid size rule '<< 5KB'"), stat::toString);
  }

  @Test
  void anIllegalArgumentFromATierIsAnUnexpectedFailureNotBadUsage() throws Exception {
    Result stat = tiercache.withBrokenTier()
        .run("stat", "--stack", "broken(bug=capacity)");

    assertEquals(3, stat.exit(), stat::toString);
    assertEquals("tiercache: unexpected failure: java.lang.IllegalArgumentException: a bug in the"
        + " broken tier", stat.stderr().strip());
  }
}
