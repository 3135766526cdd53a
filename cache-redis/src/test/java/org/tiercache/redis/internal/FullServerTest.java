package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierHealth;
import org.tiercache.redis.RedisServer;
import org.tiercache.redis.RedisTiers;
import org.tiercache.redis.StandardErrorCapture;
import redis.clients.jedis.Jedis;

/**
 * A server at its {@code maxmemory} under {@code noeviction}: a put it refuses returns {@code false}
 * (counted as a rejected put, logged once per streak of refusals), nothing half written; what
 * is stored still reads and can still be removed (which frees memory); once the server has room,
 * puts are stored again and that is logged.
 */
final class FullServerTest {
  private static final int ENTRY = 16 * 1024;

  @Test
  void aFullServerRefusesPutsWithoutThrowingAndLeavesNothingHalfWritten() {
    fillAFullServer(ENTRY, "3mb");
  }

  @Test
  void aFullServerRefusesStagedPutsAndLeavesNoStagingKeyBehind() {
    // Large content is SET under a staging key before its script (Staging): the server refuses
    // either that SET (the script then writes nothing) or the script after it (the client then
    // deletes the staging key); either way nothing of the put stays.
    fillAFullServer(Staging.FROM * 2, "8mb");
  }

  private static void fillAFullServer(int entry, String maxmemory) {
    String prefix = RedisTiers.freshPrefix();
    try (RedisServer server = RedisServer.start("--maxmemory", maxmemory,
            "--maxmemory-policy", "noeviction");
        Jedis plain = new Jedis(URI.create(server.uri()));
        RedisTier tier = (RedisTier) RedisTiers.open(
            TierConfig.builder().capacity(64L << 20).build(), server.uri(), prefix);
        StandardErrorCapture logs = StandardErrorCapture.start()) {
      SplittableRandom random = new SplittableRandom(7);
      List<byte[]> stored = new ArrayList<>();
      int refused = 0;
      // A server at its maxmemory hovers around it: now and then a put fits again, which ends a
      // streak of refusals (logged), and the next refusal starts another.
      int streaks = 0;
      boolean refusing = false;
      for (int i = 0; i < 300; i++) {
        byte[] content = new byte[entry];
        random.nextBytes(content);
        if (assertDoesNotThrow(() -> tier.put(ContentKey.sha256(content), content))) {
          stored.add(content);
          refusing = false;
          assertEquals(TierHealth.UP, tier.health(), "a put stored ends the full spell");
        } else {
          refused++;
          streaks += refusing ? 0 : 1;
          refusing = true;
          TierHealth full = tier.health();
          assertEquals(TierHealth.Status.DEGRADED, full.status(), full::toString);
          assertEquals("redis at 127.0.0.1:" + server.port()
              + " refuses writes: out of memory (maxmemory reached)", full.cause());
        }
      }
      String tally = refused + " refusals in " + streaks + " streaks";
      assertTrue(refused > 0, "the server must have filled up");
      assertTrue(streaks < refused, () -> "some streak must be longer than one put: " + tally);
      assertEquals(refused, tier.stats().rejectedPuts(), "each refusal is counted");
      assertEquals(streaks, count(logs.text(), "the server is out of memory"),
          () -> "one WARN per streak, not one per put (" + tally + "):\n" + logs.text());
      assertEquals(refusing ? streaks - 1 : streaks, count(logs.text(), "stores again"),
          () -> "an INFO for each streak that ended (" + tally + "):\n" + logs.text());
      NamespaceTruth.read(plain, prefix).assertConsistent(tier.sizeBytes(), "full server");
      assertEquals(Set.of(), plain.keys("{" + prefix + "}:s:*"), "no staging key left behind");

      byte[] last = stored.get(stored.size() - 1);
      assertArrayEquals(last, tier.getBytes(ContentKey.sha256(last)),
          "content stored before the server filled up still reads");
      for (byte[] content : stored.subList(0, 20)) {
        assertTrue(tier.remove(ContentKey.sha256(content)), "a full server still lets go");
      }
      NamespaceTruth.read(plain, prefix).assertConsistent(tier.sizeBytes(), "after removes");

      plain.configSet("maxmemory", "0");
      byte[] after = new byte[entry];
      random.nextBytes(after);
      assertTrue(tier.put(ContentKey.sha256(after), after), "with room again, a put is stored");
      String log = logs.text();
      assertEquals(count(log, "the server is out of memory"), count(log, "stores again"),
          () -> "every streak ended with an INFO once the server had room:\n" + log);
      assertFalse(tier.reconcile().foundDamage(), "a full server did no damage to repair");
    }
  }

  private static int count(String text, String part) {
    int count = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      count++;
    }
    return count;
  }
}
