package org.tiercache.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.redis.RedisServerExtension;
import org.tiercache.redis.RedisTiers;
import redis.clients.jedis.RedisClient;

/**
 * Large content staged for {@code put.lua} ({@link Staging}): a put whose staged content is not on
 * the server when its script runs (the staging {@code SET} refused, or evicted since) writes
 * nothing and is refused; one the server refused for memory after its staging {@code SET} passed
 * leaves no staging key; two puts of one key never share a staging key.
 */
final class StagingTest {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  @Test
  void aPutWhoseStagedContentIsGoneWritesNothingAndIsRefused() {
    String prefix = RedisTiers.freshPrefix();
    Shard shard = new Namespace(prefix).shards().get(0);
    ContentKey key = ContentKey.sha256("content".getBytes(UTF_8));
    byte[] missing = new Staging().key(shard, key);
    try (RedisClient redis = RedisClient.create(SERVER.uri())) {
      Object reply = Script.PUT.run(redis, shard.scriptKeys(), ServerCalls.args(shard,
          Namespace.id(key), EpochDigits.number(1L << 17), EpochDigits.number(1L << 30),
          EpochDigits.exact(1_000_000_000_000_000_000L), EpochDigits.micros(
              1_000_000_000_000_000_000L), EpochDigits.none(), EpochDigits.none(),
          EpochDigits.none(), EpochDigits.number(60_000), missing));

      assertEquals(Replies.PutReply.Status.REFUSED, Replies.PutReply.decode(reply).status());
      assertEquals(Set.of(), redis.keys("{" + prefix + "}:*"), "nothing of the put is written");
    }
  }

  @Test
  void aStagingKeyLeftByAScriptRefusedForMemoryIsDeleted() throws Exception {
    byte[] large = new byte[Staging.FROM];
    ContentKey key = ContentKey.sha256(large);
    try (ScriptedServer server = new ScriptedServer();
        CacheTier tier = RedisTiers.open(TierConfig.parse("capacity=1MB"), server.uri(), "p")) {
      // The staging SET passed (+OK), then the server refused the script for memory.
      server.reply("put", "-OOM command not allowed when used memory > 'maxmemory'.\r\n");

      assertFalse(tier.put(key, large), "refused for memory: false, not stored");

      List<List<String>> received = server.received();
      List<String> staged = received.stream().filter(c -> c.get(0).equals("SET")).findFirst()
          .orElseThrow(() -> new AssertionError("no staging SET in " + received.size()));
      assertTrue(staged.get(1).startsWith("{p}:s:" + key + ":"), staged::toString);
      assertEquals(large.length, staged.get(2).length());
      assertTrue(received.stream().anyMatch(c -> c.get(0).equals("DEL")
          && c.contains(staged.get(1))), "the client deletes what the refused put staged");
      assertEquals(1, tier.stats().rejectedPuts());
    }
  }

  @Test
  void twoPutsOfOneKeyNeverShareAStagingKey() {
    Shard shard = new Namespace("p").shards().get(0);
    ContentKey key = ContentKey.sha256("content".getBytes(UTF_8));
    Staging one = new Staging();
    Staging other = new Staging();
    List<String> names = List.of(text(one.key(shard, key)), text(one.key(shard, key)),
        text(other.key(shard, key)));

    assertEquals(3, Set.copyOf(names).size(), () -> "staging keys must differ: " + names);
    for (String name : names) {
      assertFalse(name.startsWith("{p}:c:"), () -> name + " would be taken for content");
    }
  }

  private static String text(byte[] bytes) {
    return new String(bytes, UTF_8);
  }
}
