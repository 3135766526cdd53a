package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;
import org.tiercache.redis.RedisTiers;
import org.tiercache.redis.StandardErrorCapture;

/**
 * A server that replies to the tier's scripts what they never return (nil, an unknown status, text
 * where a number belongs): every call fails with a {@link CacheException} that names the server,
 * the script and the reply. None is taken for an outage (no miss, no {@code false}, no outage
 * logged, the next call tries the server) nor for a success.
 */
final class UnexpectedReplyTest {
  private static final byte[] CONTENT = "content".getBytes(StandardCharsets.UTF_8);
  private static final ContentKey KEY = ContentKey.sha256(CONTENT);

  private ScriptedServer server;
  private RedisTier tier;
  private StandardErrorCapture logs;

  @BeforeEach
  void open() {
    server = new ScriptedServer();
    tier = (RedisTier) RedisTiers.open(TierConfig.parse("capacity=1MB retry.interval=1h"),
        server.uri(), "p");
    logs = StandardErrorCapture.start();
  }

  @AfterEach
  void close() throws Exception {
    logs.close();
    tier.close();
    server.close();
  }

  @Test
  void aNilReplyToContainsIsAnErrorNotAnOutage() {
    server.reply("contains", ScriptedServer.NIL);

    CacheException error = assertThrows(CacheException.class, () -> tier.contains(KEY),
        "nil is not an answer contains.lua gives; false would read it as an outage");

    assertMessage(error, "contains failed: contains.lua replied nil");
    server.reply("contains", ScriptedServer.integer(1));
    assertTrue(tier.contains(KEY), "not an outage: the next call tries the server at once, "
        + "within the retry interval of an hour");
    assertFalse(logs.text().contains("cannot be used"), logs::text);
  }

  @Test
  void anUnknownPutStatusIsAnErrorNeitherStoredNorRefused() {
    server.reply("put", ScriptedServer.array(ScriptedServer.integer(7),
        ScriptedServer.integer(0), ScriptedServer.integer(0), ScriptedServer.integer(0)));

    CacheException error = assertThrows(CacheException.class, () -> tier.put(KEY, CONTENT));

    assertMessage(error, "put failed: put.lua replied [7, 0, 0, 0], which it never does: the "
        + "status is 7, none of 0 (refused), 1 (stored)");
    TierStats stats = tier.stats();
    assertEquals(0, stats.puts(), "not a put stored");
    assertEquals(0, stats.rejectedPuts(), "not a put refused");
  }

  @Test
  void aPutReplyPackingAnUnknownHealthIsAnErrorNeitherStoredNorRefused() {
    server.reply("put", ScriptedServer.integer(7));

    CacheException error = assertThrows(CacheException.class, () -> tier.put(KEY, CONTENT));

    assertMessage(error, "put failed: put.lua replied 7, which it never does: the health (status"
        + " + 2 * health + 8 * (reclaimed + 2^24 * evicted)) is 3, none of 0 (sound), 1 (damaged),"
        + " 2 (recounting)");
    TierStats stats = tier.stats();
    assertEquals(0, stats.puts(), "not a put stored");
    assertEquals(0, stats.rejectedPuts(), "not a put refused");
  }

  @Test
  void aNilGetReplyIsAnErrorNotAMiss() {
    server.reply("get", ScriptedServer.NIL);

    CacheException error = assertThrows(CacheException.class, () -> tier.get(KEY));

    assertMessage(error, "get failed: get.lua replied nil");
    assertEquals(0, tier.stats().misses(), "an outage would have counted a miss");
  }

  @Test
  void textWhereARemoveStatusBelongsIsAnError() {
    server.reply("remove", ScriptedServer.bulk("1"));

    CacheException error = assertThrows(CacheException.class, () -> tier.remove(KEY));

    assertMessage(error, "remove failed: remove.lua replied \"1\"");
  }

  @Test
  void aShortOccupancyReplyIsAnErrorNotTheLastFiguresRead() {
    server.reply("occupancy", ScriptedServer.array(ScriptedServer.integer(10)));

    CacheException error = assertThrows(CacheException.class, () -> tier.sizeBytes());

    assertMessage(error, "occupancy failed: occupancy.lua replied [10], which it never does: a "
        + "list of 3 (bytes, entries, health) was expected");
  }

  @Test
  void aReconciliationReplyOfTheWrongShapeIsAnError() {
    server.reply("reconcile", ScriptedServer.NIL);

    CacheException error = assertThrows(CacheException.class, () -> tier.reconcile(),
        "a nil batch is not an unreachable server, which would end the pass unfinished");

    assertMessage(error, "reconcile failed: reconcile.lua (phase meta) replied nil");
  }

  private void assertMessage(CacheException error, String expected) {
    String where = "redis tier at " + server.uri() + "/0 prefix 'p': ";
    assertTrue(error.getMessage().startsWith(where + expected), error::getMessage);
  }
}
