package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ManualClock;

/**
 * A get's fast path (get-hit.lua) judges age by the microsecond and leaves the cutoff's own
 * microsecond to the full script, which counts to the nanosecond: entries written within one
 * microsecond expire each at its own nanosecond, however the hit path rounds.
 */
final class HitPathTest {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  private final ManualClock clock = new ManualClock();
  private CacheTier tier;

  @AfterEach
  void close() {
    tier.close();
  }

  @Test
  void entriesWrittenWithinOneMicrosecondExpireEachAtItsOwnNanosecond() {
    Duration ttl = Duration.ofMinutes(5);
    tier = RedisTiers.open(TierConfig.builder().capacity(1 << 20).ttl(ttl).clock(clock).build(),
        SERVER.uri(), RedisTiers.freshPrefix());
    byte[] early = bytes("written 300 ns into a microsecond");
    byte[] late = bytes("written 700 ns into the same microsecond");
    clock.advanceNanos(300);
    tier.put(ContentKey.sha256(early), early);
    clock.advanceNanos(400);
    tier.put(ContentKey.sha256(late), late);

    // now - ttl is 500 ns into that microsecond: the first written is expired, the second not.
    clock.advanceNanos(ttl.toNanos() - 200);
    assertNull(tier.get(ContentKey.sha256(early)), "written at or before now - ttl: expired");
    assertNotNull(tier.get(ContentKey.sha256(late)), "written 200 ns after now - ttl: live");
    clock.advanceNanos(199);
    assertNotNull(tier.get(ContentKey.sha256(late)), "one nanosecond before its TTL: live");
    clock.advanceNanos(1);
    assertNull(tier.get(ContentKey.sha256(late)), "at its TTL: expired");
    assertEquals(2, tier.stats().expirations(), "both reclaimed as expired when met");
    assertEquals(0, tier.entryCount());
  }

  @Test
  void anEntryWrittenAMicrosecondAfterTheCutoffIsAHitOnTheFastPath() {
    Duration ttl = Duration.ofSeconds(30);
    tier = RedisTiers.open(TierConfig.builder().capacity(1 << 20).ttl(ttl).clock(clock).build(),
        SERVER.uri(), RedisTiers.freshPrefix());
    byte[] content = bytes("live by one microsecond");
    tier.put(ContentKey.sha256(content), content);
    clock.advanceNanos(ttl.toNanos() - 1_000);
    for (int i = 0; i < 100; i++) {
      assertNotNull(tier.get(ContentKey.sha256(content)), "live: written 1 us after now - ttl");
    }
    assertEquals(100, tier.stats().hits());
    clock.advanceNanos(1_000);
    assertNull(tier.get(ContentKey.sha256(content)), "at its TTL: expired");
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
