package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.internal.TckOutcome;

/**
 * {@code tck --json} carries the runner's {@code failed to load} lines as {@code loadFailures}, read
 * from the runner's documented output (running the whole kit in a child to get them would take
 * minutes; the runner's own tests check that it prints them).
 */
final class TckJsonLoadFailuresTest {
  @Test
  void providersThatFailedToLoadAreReadBackFromTheRunnersLines() {
    String printed = String.join("\n",
        "failed to load: org.example.GoneProvider at /jars/gone.jar: not found",
        "not checked, failed to load: org.example.Throws at /jars/throws.jar: could not be"
            + " instantiated: java.lang.IllegalStateException: boom",
        "",
        "FAILED: 0 failure(s) in 10 tests of 1 tier(s); 2 tier provider(s) failed to load");
    Map<String, Object> outcome = TckOutcome.parse(printed, 1);
    assertEquals(List.of("org.example.GoneProvider at /jars/gone.jar: not found",
        "org.example.Throws at /jars/throws.jar: could not be instantiated:"
            + " java.lang.IllegalStateException: boom"), outcome.get("loadFailures"));
    assertEquals("failed", outcome.get("status"));
    assertEquals("FAILED: 0 failure(s) in 10 tests of 1 tier(s); 2 tier provider(s) failed to load",
        outcome.get("summary"));
  }
}
