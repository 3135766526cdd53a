package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.redis.StoppableServer;
import org.tiercache.redis.RedisTiers;
import org.tiercache.testlog.CapturedLog;

/**
 * A real outage (the server stopped under a running tier, then started again on its port) seen in a
 * JFR recording: one event when it begins, one when it ends, with what it cost. The outage's length
 * is measured on a ticker the test moves by hand.
 */
@ExtendWith(CapturedLog.class)
final class RedisEventsTest {
  @TempDir
  Path recordings;
  private final AtomicLong ticker = new AtomicLong(42);
  @RegisterExtension
  final StoppableServer server = new StoppableServer();
  private RedisTier tier;

  @Test
  void anOutageIsRecordedWhenItBeginsAndWhenItEnds(CapturedLog log) throws IOException {
    TierConfig config = TierConfig.parse("capacity=1MB retry.interval=1h").toBuilder()
        .set("uri", server.uri()).set("prefix", RedisTiers.freshPrefix()).build();
    tier = server.closedAfter(RedisTier.open(RedisSettings.from(config), ticker::get));
    byte[] content = "content".getBytes(StandardCharsets.UTF_8);
    ContentKey key = ContentKey.sha256(content);
    Path file = recordings.resolve("outage.jfr");

    try (Recording recording = new Recording()) {
      recording.enable("org.tiercache.redis.OutageBegan");
      recording.enable("org.tiercache.redis.OutageEnded");
      recording.start();
      server.stop();
      assertThrows(CacheException.class, () -> tier.put(key, content));
      assertThrows(CacheException.class, () -> tier.put(key, content));
      server.startAgain();
      ticker.addAndGet(Duration.ofHours(1).toNanos());
      assertTrue(tier.put(key, content));
      recording.stop();
      recording.dump(file);
    }

    List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().startsWith("org.tiercache.redis."))
        .toList();
    assertEquals(2, events.size(), events::toString);
    RecordedEvent began = events.get(0);
    assertEquals("org.tiercache.redis.OutageBegan", began.getEventType().getName());
    assertTrue(began.getString("server").contains("127.0.0.1:" + server.port()),
        began.getString("server"));
    assertEquals("put", began.getString("operation"));
    assertTrue(began.getString("failure").startsWith("redis.clients.jedis.exceptions."),
        began.getString("failure"));
    assertEquals(Duration.ofHours(1).toMillis(), began.getLong("retryMillis"));
    RecordedEvent ended = events.get(1);
    assertEquals("org.tiercache.redis.OutageEnded", ended.getEventType().getName());
    assertEquals(began.getString("server"), ended.getString("server"));
    assertEquals(Duration.ofHours(1).toMillis(), ended.getLong("outageMillis"));
    assertEquals(2, ended.getLong("putsFailed"));
    assertEquals(0, ended.getLong("otherCallsFailed"));
    log.expect(Level.WARN, "redis tier at redis://127.0.0.1:" + server.port() + "/0 prefix",
        "cannot be used (put failed");
  }
}
