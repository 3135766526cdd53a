package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.tiercache.api.CacheException;
import org.tiercache.redis.internal.Replies.AgeReply;
import org.tiercache.redis.internal.Replies.ClearReply;
import org.tiercache.redis.internal.Replies.ContainsReply;
import org.tiercache.redis.internal.Replies.EvictExpiredReply;
import org.tiercache.redis.internal.Replies.GetReply;
import org.tiercache.redis.internal.Replies.Health;
import org.tiercache.redis.internal.Replies.ListReply;
import org.tiercache.redis.internal.Replies.Listed;
import org.tiercache.redis.internal.Replies.OccupancyReply;
import org.tiercache.redis.internal.Replies.PutReply;
import org.tiercache.redis.internal.Replies.ReclaimReply;
import org.tiercache.redis.internal.Replies.RecountReply;
import org.tiercache.redis.internal.Replies.RemoveReply;
import org.tiercache.redis.internal.Replies.ScanReply;
import org.tiercache.redis.internal.Replies.TrimReply;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Every decoder fed every shape a reply can take, as Jedis hands it over ({@code Long},
 * {@code byte[]}, {@code List}, {@code null} for nil): the shapes its script returns decode to
 * what they mean; any other (nil, a wrong type, an item more or less, an unknown status, a negative
 * count) raises a {@link CacheException} that names the script and shows the reply, so that it can
 * be read neither as an outage nor as a success.
 */
final class RepliesTest {

  @Test
  void getRepliesDecodeToEachStatusAndHealth() {
    // One number: status + 4 * health.
    assertEquals(new GetReply(GetReply.Status.ABSENT, Health.SOUND), GetReply.decode(0L));
    assertEquals(new GetReply(GetReply.Status.HIT, Health.SOUND), GetReply.decode(1L));
    assertEquals(new GetReply(GetReply.Status.HIT, Health.DAMAGED), GetReply.decode(5L));
    assertEquals(new GetReply(GetReply.Status.EXPIRED, Health.DAMAGED), GetReply.decode(6L));
    assertEquals(new GetReply(GetReply.Status.VANISHED, Health.RECOUNTING),
        GetReply.decode(11L));
  }

  @Test
  void putRepliesDecodeToStoredOrRefusedWithTheirCounts() {
    // One number, status + 2 * health + 8 * (reclaimed + 2^24 * evicted)...
    assertEquals(new PutReply(PutReply.Status.STORED, 3, 2, Health.DAMAGED),
        PutReply.decode(1L + 2 * 1 + 8 * (2 + (3L << 24))));
    assertEquals(new PutReply(PutReply.Status.STORED, 0, 0, Health.RECOUNTING),
        PutReply.decode(5L));
    assertEquals(new PutReply(PutReply.Status.STORED, 67_108_863, 16_777_215, Health.SOUND),
        PutReply.decode(1L + 8 * (16_777_215 + (67_108_863L << 24))));
    assertEquals(new PutReply(PutReply.Status.REFUSED, 0, 0, Health.SOUND),
        PutReply.decode(0L));
    // ...or, for counts that do not fit there, the list.
    assertEquals(new PutReply(PutReply.Status.STORED, 1L << 26, 1L << 24, Health.SOUND),
        PutReply.decode(list(1, 1L << 26, 1L << 24, 0)));
  }

  @Test
  void singleNumberRepliesDecode() {
    assertTrue(ContainsReply.decode(1L).live());
    assertFalse(ContainsReply.decode(0L).live());
    assertEquals(RemoveReply.Status.ABSENT, RemoveReply.decode(0L).status());
    assertEquals(RemoveReply.Status.REMOVED, RemoveReply.decode(1L).status());
    assertEquals(RemoveReply.Status.RECLAIMED, RemoveReply.decode(2L).status());
    assertEquals(3, ReclaimReply.decode(3L).reclaimed());
    assertEquals(OptionalLong.of(1234), AgeReply.decode(1234L).sinceLast());
    assertEquals(OptionalLong.empty(), AgeReply.decode(-1L).sinceLast(),
        "-1: no recount ever finished");
    assertEquals(OptionalLong.empty(), AgeReply.decode(-50L).sinceLast(),
        "a server clock that went back: no age to trust");
  }

  @Test
  void batchRepliesDecode() {
    assertEquals(new EvictExpiredReply(1000, true), EvictExpiredReply.decode(list(1000, 1)));
    assertEquals(new EvictExpiredReply(3, false), EvictExpiredReply.decode(list(3, 0)));
    assertEquals(new ClearReply(7, 2, Health.DAMAGED), ClearReply.decode(list(7, 2, 1)));
    assertEquals(new OccupancyReply(-123456, 5, Health.DAMAGED),
        OccupancyReply.decode(list(-123456, 5, 1)),
        "a counter set wrong is reported as it is (the tier shows 0, and it heals)");
  }

  @Test
  void reconcileRepliesDecodePerPhase() {
    ScanReply page = ScanReply.decoder("meta").apply(list(text("1792"), 4L));
    assertEquals(new ScanReply("1792", 4), page);
    assertFalse(page.done());
    assertTrue(ScanReply.decoder("purge").apply(list(text("0"), 0L)).done());
    assertEquals(new RecountReply(true, -5, 4000), RecountReply.decode(list(1, -5, 4000)));
    assertEquals(new RecountReply(false, 0, 0), RecountReply.decode(list(0, 0, 0)));
    assertEquals(new TrimReply(2, 1, true), TrimReply.decode(list(2, 1, 1)));
  }

  @Test
  void commandRepliesAfterAScriptDecode() {
    byte[] content = {1, 2, 3};
    assertArrayEquals(content, Replies.content(content));
    assertNull(Replies.content(null), "GET's nil is an answer: nothing stored under the key");
    assertEquals(Arrays.asList(content, null), Replies.contents(Arrays.asList(content, null), 2),
        "MGET's nils are answers too");
    assertEquals(List.of(new GetReply(GetReply.Status.HIT, Health.SOUND),
        new GetReply(GetReply.Status.ABSENT, Health.SOUND)), GetReply.decodeAll(list(1, 0, 0), 2));
  }

  @Test
  void listRepliesDecodeToAPageAndWhereTheNextStarts() {
    ListReply page = ListReply.decode(list(0, text("1764543210123456"), text("sha256:ff"),
        text("sha256:aa"), text("1764543210123456789" + "42")));
    assertFalse(page.last());
    assertEquals("1764543210123456", new String(page.score(), StandardCharsets.US_ASCII));
    assertEquals("sha256:ff", new String(page.id(), StandardCharsets.US_ASCII));
    assertEquals(List.of(new Listed("sha256:aa", 1_764_543_210_123_456_789L, 42)),
        page.entries());
    ListReply end = ListReply.decode(list(1, text(""), text("")));
    assertTrue(end.last() && end.entries().isEmpty(), "an empty namespace: one last, empty page");
  }

  /** Every decoder, and a reply of each wrong shape for it. */
  static Stream<Arguments> unexpectedReplies() {
    Object wrongType = text("OK");
    return Stream.of(
        bad("get.lua", GetReply::decode, null, "nil"),
        bad("get.lua", GetReply::decode, list(1, 0), "[1, 0]"),
        bad("get.lua", GetReply::decode, 12L, "health (status + 4 * health) is 3"),
        bad("get.lua", GetReply::decode, -1L, "a number, status + 4 * health, was expected"),
        bad("get.lua", GetReply::decode, wrongType, "\"OK\""),
        bad("put.lua", PutReply::decode, null, "nil"),
        bad("put.lua", PutReply::decode, 7L, "health (status + 2 * health + 8 * (reclaimed"
            + " + 2^24 * evicted)) is 3"),
        bad("put.lua", PutReply::decode, -8L, "a number, status + 2 * health"),
        bad("put.lua", PutReply::decode, list(7, 0, 0, 0), "status is 7"),
        bad("put.lua", PutReply::decode, list(1, -1, 0, 0), "evicted is -1"),
        bad("put.lua", PutReply::decode, list(1, 0, 0), "[1, 0, 0]"),
        bad("put.lua", PutReply::decode, list(1, 0, wrongType, 0L), "reclaimed is \"OK\""),
        bad("put.lua", PutReply::decode, wrongType, "\"OK\""),
        bad("contains.lua", ContainsReply::decode, null, "nil"),
        bad("contains.lua", ContainsReply::decode, 2L, "2"),
        bad("contains.lua", ContainsReply::decode, list(1), "[1]"),
        bad("contains.lua", ContainsReply::decode, wrongType, "\"OK\""),
        bad("remove.lua", RemoveReply::decode, null, "nil"),
        bad("remove.lua", RemoveReply::decode, 3L, "status is 3"),
        bad("remove.lua", RemoveReply::decode, list(1), "[1]"),
        bad("evict-expired.lua", EvictExpiredReply::decode, null, "nil"),
        bad("evict-expired.lua", EvictExpiredReply::decode, list(5, 2), "more is 2"),
        bad("evict-expired.lua", EvictExpiredReply::decode, list(-5, 0), "reclaimed is -5"),
        bad("clear.lua", ClearReply::decode, null, "nil"),
        bad("clear.lua", ClearReply::decode, list(1, 0, 9), "health is 9"),
        bad("clear.lua", ClearReply::decode, list(1, 0), "[1, 0]"),
        bad("occupancy.lua", OccupancyReply::decode, null, "nil"),
        bad("occupancy.lua", OccupancyReply::decode, list(10, -1, 0), "entries is -1"),
        bad("occupancy.lua", OccupancyReply::decode, list(10, 1, 5), "health is 5"),
        bad("occupancy.lua", OccupancyReply::decode,
            List.of(new JedisDataException("ERR boom")), "error 'ERR boom'"),
        bad("reconcile.lua (phase meta)", ScanReply.decoder("meta"), null, "nil"),
        bad("reconcile.lua (phase lru)", ScanReply.decoder("lru"), list(0, 0), "cursor is 0"),
        bad("reconcile.lua (phase content)", ScanReply.decoder("content"),
            list(text("abc"), 0L), "cursor is \"abc\""),
        bad("reconcile.lua (phase purge)", ScanReply.decoder("purge"),
            list(text(""), 0L), "cursor is \"\""),
        bad("reconcile.lua (phase recount)", RecountReply::decode, null, "nil"),
        bad("reconcile.lua (phase recount)", RecountReply::decode, list(3, 0, 0), "finished is 3"),
        bad("reconcile.lua (phase recount)", RecountReply::decode, list(1, 0, -2), "after is -2"),
        bad("reconcile.lua (phase trim)", TrimReply::decode, list(0, 0), "[0, 0]"),
        bad("reconcile.lua (phase age)", AgeReply::decode, null, "nil"),
        bad("reconcile.lua (phase age)", AgeReply::decode, list(5), "[5]"),
        bad("GET", Replies::content, 5L, "5"),
        bad("GET", Replies::content, list(text("x")), "[\"x\"]"),
        bad("get-all.lua", reply -> GetReply.decodeAll(reply, 2), list(1, 0), "[1, 0]"),
        bad("get-all.lua", reply -> GetReply.decodeAll(reply, 2), list(1, 5, 0), "status 2 is 5"),
        bad("get-all.lua", reply -> GetReply.decodeAll(reply, 2), list(1, 1, 4), "health is 4"),
        bad("MGET", reply -> Replies.contents(reply, 2), list(text("x")), "[\"x\"]"),
        bad("MGET", reply -> Replies.contents(reply, 2), list(text("x"), 5L), "[\"x\", 5]"),
        bad("reclaim.lua", ReclaimReply::decode, null, "nil"),
        bad("reclaim.lua", ReclaimReply::decode, -1L, "-1"),
        bad("reclaim.lua", ReclaimReply::decode, list(1), "[1]"),
        bad("list.lua", ListReply::decode, null, "nil"),
        bad("list.lua", ListReply::decode, list(1, text("")), "[1, \"\"]"),
        bad("list.lua", ListReply::decode, list(2, text(""), text("")), "last flag is 2"),
        bad("list.lua", ListReply::decode, list(0, 5L, text("a")), "score is 5"),
        bad("list.lua", ListReply::decode, list(0, text("1"), text("a"), text("sha256:aa")),
            "[0, \"1\""),
        bad("list.lua", ListReply::decode,
            list(0, text("1"), text("a"), text("sha256:aa"), text("12")), "is \"12\""),
        bad("list.lua", ListReply::decode,
            list(0, text("1"), text("a"), text("sha256:aa"), text("99999999999999999995")),
            "not an id and 19 digits"));
  }

  @ParameterizedTest(name = "{0} replying {3}")
  @MethodSource("unexpectedReplies")
  void aReplyTheScriptNeverGivesRaisesAnErrorNamingTheScriptAndTheReply(String script,
      Function<Object, ?> decoder, Object reply, String shown) {
    CacheException error = assertThrows(CacheException.class, () -> decoder.apply(reply),
        () -> script + " replying " + Replies.show(reply) + " must not decode");
    assertTrue(error.getMessage().startsWith(script + " replied "), error.getMessage());
    assertTrue(error.getMessage().contains(shown), error.getMessage());
  }

  @Test
  void anUnknownStatusNamesTheStatusesTheScriptDoesReturn() {
    CacheException error = assertThrows(CacheException.class,
        () -> PutReply.decode(list(7, 0, 0, 0)));
    assertEquals("put.lua replied [7, 0, 0, 0], which it never does: the status is 7, none of "
        + "0 (refused), 1 (stored)", error.getMessage());
  }

  @Test
  void aReplyIsShownShortAndWithoutItsContent() {
    byte[] content = new byte[300_000];
    assertEquals("[1, <300000 bytes>, nil, \"text\"]",
        Replies.show(Arrays.asList(1L, content, null, text("text"))));
    Object[] many = new Object[1000];
    Arrays.fill(many, 123456789L);
    assertTrue(Replies.show(Arrays.asList(many)).length() <= 203,
        "a long reply is cut, not copied into the message whole");
  }

  private static Arguments bad(String script, Function<Object, ?> decoder, Object reply,
      String shown) {
    return Arguments.of(script, decoder, reply, shown);
  }

  // A reply as Jedis hands a Lua table over: numbers as Long.
  private static List<Object> list(Object... items) {
    return Arrays.asList(Arrays.stream(items)
        .map(item -> item instanceof Integer number ? (Object) number.longValue() : item)
        .toArray());
  }

  private static byte[] text(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
