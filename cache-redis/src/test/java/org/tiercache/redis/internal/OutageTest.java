package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;
import org.tiercache.redis.StoppableServer;
import org.tiercache.redis.RedisTiers;
import org.tiercache.testlog.CapturedLog;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The server stops under a running tier, and starts again on the same port: a put fails with a
 * {@link CacheException} naming the server by host and port, counted as a failure and never as a
 * rejected put (content refused); every other call goes on (gets miss, counted); and the tier
 * recovers by itself, trying the server once per retry interval. The interval is measured on a
 * ticker the test moves by hand: nothing here waits for time.
 */
@ExtendWith(CapturedLog.class)
final class OutageTest {
  private final AtomicLong ticker = new AtomicLong(42);
  @RegisterExtension
  final StoppableServer server = new StoppableServer();
  private RedisTier tier;

  @Test
  void getMissesAndPutFailsNamingTheServerWhileItIsDownThenTheTierRecovers(CapturedLog log) {
    tier = open("retry.interval=0");
    byte[] before = bytes("put before the outage");
    byte[] during = bytes("put during the outage");
    assertTrue(tier.put(key(before), before));
    assertArrayEquals(before, tier.getBytes(key(before)));
    TierStats up = tier.stats();

    server.stop();

    CacheException failed = assertThrows(CacheException.class, () -> tier.put(key(during), during),
        "a put the server cannot take is a failure, not a refusal");
    assertTrue(failed.getMessage().startsWith("redis at 127.0.0.1:" + server.port()
        + " unavailable"), failed.getMessage());
    assertTrue(failed.getCause() instanceof JedisException,
        () -> "the Jedis failure is the cause: " + failed.getCause());
    assertDoesNotThrow(() -> {
      assertNull(tier.get(key(before)), "a get while the server is down must miss");
      assertFalse(tier.contains(key(before)), "contains while the server is down is false");
      assertFalse(tier.remove(key(before)), "remove while the server is down removes nothing");
      tier.clear();
      assertEquals(0, tier.evictExpired());
      assertEquals(before.length, tier.sizeBytes(), "size is the last read while down");
    }, "no call but put may throw for an outage");
    TierStats down = tier.stats();
    assertEquals(up.misses() + 1, down.misses(), "the get during the outage counts as a miss");
    assertEquals(up.rejectedPuts(), down.rejectedPuts(),
        "a put that failed for an outage is not a rejected put: nothing refused the content");
    assertEquals(up.puts(), down.puts());

    server.startAgain();

    assertTrue(tier.put(key(during), during), "once the server is back a put must be stored");
    assertArrayEquals(during, tier.getBytes(key(during)), "and a get must hit");
    // The server kept nothing (no persistence), and the tier trusts what the server says.
    assertNull(tier.get(key(before)));
    assertEquals(during.length, tier.sizeBytes());
    assertEquals(0, tier.stats().rejectedPuts());
    log.expect(Level.WARN, serverInLogs(), "cannot be used (put failed");
  }

  @Test
  void aListingFailsNamingTheServerWhileItIsDownNeverListingAnEmptyCache(CapturedLog log) {
    tier = open("retry.interval=0");
    Map<ContentKey, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 300; i++) {
      byte[] content = bytes("entry " + i);
      entries.put(key(content), content);
    }
    tier.putAll(entries);
    Iterator<EntryInfo> started;
    try (Stream<EntryInfo> listing = tier.entries()) {
      started = listing.iterator();
      assertTrue(started.hasNext(), "a listing of 300 entries has a first");
      started.next();

      server.stop();

      // The first page (256 ids) was read before the outage; the next one cannot be.
      CacheException midway = assertThrows(CacheException.class, () -> {
        while (started.hasNext()) {
          started.next();
        }
      }, "a listing cut short by an outage must fail, not end as if the cache ended there");
      assertTrue(midway.getMessage().startsWith("redis at 127.0.0.1:" + server.port()
          + " unavailable (listing of prefix"), midway.getMessage());
    }
    CacheException fresh = assertThrows(CacheException.class, () -> {
      try (Stream<EntryInfo> listing = tier.entries()) {
        listing.count();
      }
    }, "a listing while the server is down must fail, not list an empty cache");
    assertTrue(fresh.getMessage().startsWith("redis at 127.0.0.1:" + server.port()
        + " unavailable"), fresh.getMessage());

    server.startAgain();

    byte[] content = bytes("after");
    assertTrue(tier.put(key(content), content));
    try (Stream<EntryInfo> listing = tier.entries()) {
      assertEquals(List.of(key(content)), listing.map(EntryInfo::key).toList(),
          "once the server is back (empty: no persistence) it lists what it holds");
    }
    log.expect(Level.WARN, serverInLogs(), "cannot be used (entries failed");
  }

  @Test
  void tierOpensWhileTheServerIsDownAndServesOnceTheRetryIntervalHasPassed(CapturedLog log) {
    server.stop();
    tier = assertDoesNotThrow(() -> open("retry.interval=1s"),
        "an unreachable server is an outage, not an error of create()");
    byte[] content = bytes("content");
    assertThrows(CacheException.class, () -> tier.put(key(content), content));
    assertNull(tier.get(key(content)));

    server.startAgain();
    ticker.addAndGet(Duration.ofSeconds(1).toNanos());

    assertTrue(tier.put(key(content), content));
    assertArrayEquals(content, tier.getBytes(key(content)));
    log.expect(Level.WARN, serverInLogs(), "cannot be used (occupancy failed");
  }

  @Test
  void callsFailAtOnceUntilTheRetryIntervalHasPassedOnTheTicker(CapturedLog log) {
    tier = open("retry.interval=1h");
    byte[] content = bytes("content");
    server.stop();
    CacheException first = assertThrows(CacheException.class,
        () -> tier.put(key(content), content), "the first call meets the outage");

    server.startAgain();

    // Within the hour after the failure no call goes to the server, so none sees it is back.
    CacheException fast = assertThrows(CacheException.class,
        () -> tier.put(key(content), content),
        "a put within the retry interval fails without trying the server");
    assertTrue(fast.getMessage().startsWith("redis at 127.0.0.1:" + server.port()
        + " unavailable"), fast.getMessage());
    assertSame(first.getCause(), fast.getCause(),
        "its cause is the failure that began the outage");
    assertNull(tier.get(key(content)));
    ticker.addAndGet(Duration.ofHours(1).toNanos() - 1);
    assertThrows(CacheException.class, () -> tier.put(key(content), content),
        "a nanosecond short of the interval, still without trying");

    ticker.incrementAndGet();

    assertTrue(tier.put(key(content), content),
        "once the interval has passed, a call tries the server, finds it back, and stores");
    assertArrayEquals(content, tier.getBytes(key(content)));
    TierStats stats = tier.stats();
    assertEquals(0, stats.rejectedPuts(), "three puts failed; none was refused");
    assertEquals(1, stats.puts());
    log.expect(Level.INFO, serverInLogs(),
        "is reachable again after 3600000 ms; meanwhile, puts failed: 3,"
        + " other calls that went without the server: 1");
    log.expect(Level.WARN, serverInLogs(), "cannot be used (put failed");
  }

  /** How the tier names its server in its log lines. */
  private String serverInLogs() {
    return "redis tier at redis://127.0.0.1:" + server.port() + "/0 prefix";
  }

  private RedisTier open(String settings) {
    TierConfig config = TierConfig.parse("capacity=1MB " + settings).toBuilder()
        .set("uri", server.uri()).set("prefix", RedisTiers.freshPrefix()).build();
    return server.closedAfter(RedisTier.open(RedisSettings.from(config), ticker::get));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static ContentKey key(byte[] content) {
    return ContentKey.sha256(content);
  }
}
