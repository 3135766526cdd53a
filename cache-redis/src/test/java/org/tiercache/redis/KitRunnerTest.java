package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.tck.TckRunner;

/**
 * The kit's runner checks the Redis tier as it checks any other, once a server is configured: with
 * the system property naming it, the provider's scratch settings give each test a namespace.
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
      status = TckRunner.run(new PrintWriter(text), "--tier", "redis");
    } finally {
      if (before == null) {
        System.clearProperty("tiercache.redis.uri");
      } else {
        System.setProperty("tiercache.redis.uri", before);
      }
    }
    assertEquals(TckRunner.PASSED, status, () -> "the kit's runner failed the redis tier:\n"
        + text);
  }
}
