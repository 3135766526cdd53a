package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.redis.RedisServer;
import org.tiercache.redis.RedisTiers;
import org.tiercache.redis.StandardErrorCapture;
import redis.clients.jedis.Jedis;

/**
 * A server at its {@code maxmemory} under {@code noeviction}: a put it refuses returns {@code false}
 * (counted, logged once for the whole streak), nothing half written; what is stored still reads
 * and can still be removed (which frees memory); once the server has room, puts are stored again
 * and that is logged.
 */
final class FullServerTest {
  private static final int ENTRY = 16 * 1024;

  @Test
  void aFullServerRefusesPutsWithoutThrowingAndLeavesNothingHalfWritten() {
    String prefix = RedisTiers.freshPrefix();
    try (RedisServer server = RedisServer.start("--maxmemory", "3mb",
            "--maxmemory-policy", "noeviction");
        Jedis plain = new Jedis(URI.create(server.uri()));
        RedisTier tier = (RedisTier) RedisTiers.open(
            TierConfig.builder().capacity(64L << 20).build(), server.uri(), prefix);
        StandardErrorCapture logs = StandardErrorCapture.start()) {
      SplittableRandom random = new SplittableRandom(7);
      List<byte[]> stored = new ArrayList<>();
      int refused = 0;
      for (int i = 0; i < 300; i++) {
        byte[] content = new byte[ENTRY];
        random.nextBytes(content);
        if (assertDoesNotThrow(() -> tier.put(ContentKey.sha256(content), content))) {
          stored.add(content);
        } else {
          refused++;
        }
      }
      assertTrue(refused > 0, "the server must have filled up");
      assertEquals(refused, tier.stats().rejectedPuts(), "each refusal is counted");
      assertEquals(1, count(logs.text(), "the server is out of memory"),
          () -> "one WARN for the streak, not one per put:\n" + logs.text());
      NamespaceTruth.read(plain, prefix).assertConsistent(tier.sizeBytes(), "full server");

      byte[] last = stored.get(stored.size() - 1);
      assertArrayEquals(last, tier.getBytes(ContentKey.sha256(last)),
          "content stored before the server filled up still reads");
      for (byte[] content : stored.subList(0, 20)) {
        assertTrue(tier.remove(ContentKey.sha256(content)), "a full server still lets go");
      }
      NamespaceTruth.read(plain, prefix).assertConsistent(tier.sizeBytes(), "after removes");

      plain.configSet("maxmemory", "0");
      byte[] after = new byte[ENTRY];
      random.nextBytes(after);
      assertTrue(tier.put(ContentKey.sha256(after), after), "with room again, a put is stored");
      assertTrue(logs.text().contains("stores again"), logs.text());
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
