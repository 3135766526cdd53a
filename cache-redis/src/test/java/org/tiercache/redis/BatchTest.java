package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;
import org.tiercache.tck.ManualClock;
import redis.clients.jedis.Jedis;

/**
 * The redis tier's batched calls on what the kit cannot stage: entries expired, content vanished
 * behind the tier's back, and batches larger than one script call takes (1000 keys).
 */
final class BatchTest {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  private final String prefix = RedisTiers.freshPrefix();
  private final ManualClock clock = new ManualClock();
  private final List<CacheTier> opened = new ArrayList<>();
  private Jedis plain;

  @BeforeEach
  void connect() {
    plain = new Jedis(URI.create(SERVER.uri()));
  }

  @AfterEach
  void disconnect() {
    opened.forEach(CacheTier::close);
    plain.close();
  }

  @Test
  void getAllReclaimsExpiredAndVanishedEntriesAsGetDoes() {
    CacheTier tier = open(1 << 20, "ttl=5m");
    byte[] expired = bytes("written five minutes before the batch");
    byte[] live = bytes("written just before the batch");
    byte[] vanished = bytes("its content deleted behind the tier's back");
    byte[] never = bytes("never put");
    tier.put(ContentKey.sha256(expired), expired);
    clock.advance(Duration.ofMinutes(5));
    tier.put(ContentKey.sha256(live), live);
    tier.put(ContentKey.sha256(vanished), vanished);
    plain.del("{" + prefix + "}:c:" + ContentKey.sha256(vanished));

    Map<ContentKey, ByteBuffer> found = tier.getAll(List.of(ContentKey.sha256(expired),
        ContentKey.sha256(live), ContentKey.sha256(vanished), ContentKey.sha256(never)));

    TierStats stats = tier.stats();
    assertAll(
        () -> assertEquals(List.of(ContentKey.sha256(live)), new ArrayList<>(found.keySet())),
        () -> assertArrayEquals(live, copy(found.get(ContentKey.sha256(live)))),
        () -> assertEquals(1, stats.hits(), stats::toString),
        () -> assertEquals(3, stats.misses(), stats::toString),
        () -> assertEquals(2, stats.expirations(), () -> "the expired entry and the vanished "
            + "one are reclaimed, as get reclaims them: " + stats),
        () -> assertEquals(live.length, tier.sizeBytes(), "their bytes are given back"),
        () -> assertEquals(1, tier.entryCount()));
  }

  @Test
  void batchesLargerThanOneScriptCallAreServedWhole() {
    CacheTier tier = open(1 << 20, "");
    Map<ContentKey, byte[]> entries = new LinkedHashMap<>();
    for (int i = 0; i < 2500; i++) {
      byte[] content = bytes("entry " + i);
      entries.put(ContentKey.sha256(content), content);
    }

    Map<ContentKey, Boolean> stored = tier.putAll(entries);
    Map<ContentKey, ByteBuffer> found = tier.getAll(entries.keySet());

    assertEquals(2500, stored.values().stream().filter(Boolean::booleanValue).count());
    assertEquals(new ArrayList<>(entries.keySet()), new ArrayList<>(found.keySet()),
        "every key found, in the order given, across three script calls");
    entries.forEach((key, content) -> assertArrayEquals(content, copy(found.get(key))));
    assertEquals(2500, tier.stats().hits());
  }

  private CacheTier open(long capacity, String settings) {
    TierConfig config = TierConfig.parse(settings).toBuilder().capacity(capacity).clock(clock)
        .build();
    CacheTier tier = RedisTiers.open(config, SERVER.uri(), prefix);
    opened.add(tier);
    return tier;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] copy(ByteBuffer content) {
    byte[] bytes = new byte[content.remaining()];
    content.duplicate().get(bytes);
    return bytes;
  }
}
