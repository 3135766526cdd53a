package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.tck.runner.TckRunner;

/**
 * The kit's runner checks the Redis tier as it checks any other, once a server is configured: with
 * the system property naming it, the provider's scratch settings give each test a namespace. Two
 * groups whose rules need an empty namespace per test (what is stored, what is listed) show that;
 * every suite runs against the tier in its own test class here, so the runner does not repeat them.
 */
final class KitRunnerTest {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  @Test
  void runnerPassesTheRedisTierOnTheConfiguredServer() {
    StringWriter text = new StringWriter();
    String before = System.getProperty("tiercache.redis.uri");
    System.setProperty("tiercache.redis.uri", SERVER.uri());
    int status;
    try {
      status = TckRunner.run(new PrintWriter(text), "--tier", "redis", "--rules",
          "store,listing");
    } finally {
      if (before == null) {
        System.clearProperty("tiercache.redis.uri");
      } else {
        System.setProperty("tiercache.redis.uri", before);
      }
    }
    assertEquals(TckRunner.PASSED, status, () -> "the kit's runner failed the redis tier:\n"
        + text);
    assertTrue(text.toString().matches("(?s).*\\bredis\\s+store\\s+[1-9]\\d*\\s+0\\s+0\\b.*"
        + "\\bredis\\s+listing\\s+[1-9]\\d*\\s+0\\s+0\\b.*"), () -> "both groups ran and "
        + "passed:\n" + text);
  }
}
