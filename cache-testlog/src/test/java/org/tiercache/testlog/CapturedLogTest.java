package org.tiercache.testlog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/** SLF4J finds the capturing provider, and a test asserts what it logged, or fails. */
@ExtendWith(CapturedLog.class)
final class CapturedLogTest {
  private static final Logger LOG = LoggerFactory.getLogger("org.tiercache.example");

  @Test
  void aWarningIsCapturedWithItsArgumentsAndException(CapturedLog log) {
    IOException cause = new IOException("disk gone");
    LOG.warn("content {} ({}) is damaged", "sha256:ab", "/c/ab", cause);

    LogEvent event = log.expect(Level.WARN, "content sha256:ab (/c/ab) is damaged", "disk gone");

    assertEquals("org.tiercache.example", event.logger());
    assertSame(cause, event.throwable());
  }

  @Test
  void anEventNotLoggedFailsTheTestNamingWhatWasLogged(CapturedLog log) {
    LOG.info("opened {}", "/c");

    AssertionError missing = assertThrows(AssertionError.class,
        () -> log.expect(Level.WARN, "opened /c"));

    assertTrue(missing.getMessage().contains("INFO org.tiercache.example - opened /c"),
        missing.getMessage());
    log.expect(Level.INFO, "opened /c");
  }

  @Test
  void anEventIsClaimedOnce(CapturedLog log) {
    LOG.warn("tier failed");
    LOG.warn("tier failed");
    LOG.error("tier failed");

    assertEquals(2, log.expectAll(Level.WARN, "tier failed").size());
    assertThrows(AssertionError.class, () -> log.expect(Level.WARN, "tier failed"));
    log.expect(Level.ERROR, "tier failed");
  }

  @Test
  void debugIsOff(CapturedLog log) {
    LOG.debug("not kept");

    assertEquals(0, log.events().size());
  }
}
