package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tiercache.redis.RedisServer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * The redis tier's counts reach the server in batches, never one per call: when
 * {@link SharedCounts#WRITE_EVERY_COUNTS} are waiting (on the background, not the caller), once a
 * second, and at close; what is not sent yet is still in {@code lifetime()}.
 */
final class SharedCountsTest {
  private static RedisServer server;
  private final String prefix = "counts-" + UUID.randomUUID();
  private final String key = "{" + prefix + "}:stats";
  private RedisClient redis;
  private Jedis plain;

  /** A background the test runs by hand. */
  private static final class HandBackground implements SharedCounts.Background {
    final List<Runnable> periodic = new ArrayList<>();
    final List<Runnable> soon = new ArrayList<>();

    @Override
    public AutoCloseable every(long intervalNanos, Runnable task) {
      assertEquals(1_000_000_000L, intervalNanos, "sent once a second");
      periodic.add(task);
      return () -> periodic.remove(task);
    }

    @Override
    public void soon(Runnable task) {
      soon.add(task);
    }
  }

  @BeforeAll
  static void start() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @AfterEach
  void disconnect() {
    if (redis != null) {
      redis.close();
    }
    if (plain != null) {
      plain.close();
    }
  }

  private SharedCounts open(HandBackground background) {
    URI uri = URI.create(server.uri());
    redis = RedisClient.builder().hostAndPort(uri.getHost(), uri.getPort()).build();
    plain = new Jedis(uri);
    return SharedCounts.open(redis, "{" + prefix + "}:stats", 3_000_000_000L, () -> false, background);
  }

  @Test
  void countsAreSentInBatchesOnTheBackgroundNeverPerCall() {
    HandBackground background = new HandBackground();
    SharedCounts counts = open(background);
    for (long i = 1; i < SharedCounts.WRITE_EVERY_COUNTS; i++) {
      counts.recordHit();
    }
    assertEquals(0, plain.exists(key) ? 1 : 0, "nothing sent by the calls themselves");
    assertEquals(List.of(), background.soon);
    counts.recordMiss();
    assertEquals(1, background.soon.size(), "the count reached queues one write");
    counts.recordMiss();
    assertEquals(1, background.soon.size(), "one write queued at a time");
    background.soon.remove(0).run();
    assertEquals(Long.toString(SharedCounts.WRITE_EVERY_COUNTS - 1), plain.hget(key, "hits"));
    assertEquals("2", plain.hget(key, "misses"));
    assertEquals("3000000000", plain.hget(key, "since"));

    counts.recordPut();
    assertEquals(1, counts.lifetime(0, 0).stats().puts(), "not sent yet, but counted");
    background.periodic.get(0).run();
    assertEquals("1", plain.hget(key, "puts"), "the periodic write sends what is left");
    counts.recordEvictions(3);
    counts.close();
    assertEquals("3", plain.hget(key, "evictions"), "close sends the rest");
    assertTrue(background.periodic.isEmpty(), "and stops the periodic write");
    assertEquals(SharedCounts.WRITE_EVERY_COUNTS - 1, counts.lifetime(0, 0).stats().hits(),
        "sent once, counted once");
  }
}
