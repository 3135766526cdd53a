package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What the tier leaves on the server, looked at with a plain client: every key under the prefix;
 * content with an expiry, so that nothing the tier forgets lives for ever, and the bookkeeping
 * without one, so that a server evicting only keys with one (volatile-*) never takes it; and
 * content that vanishes behind the tier's back (its backstop expiry, a server evicting under
 * maxmemory) is a miss whose bytes are given back.
 */
final class KeyLayoutTest {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();
  // A database of its own, so that a scan of it sees only this test's keys.
  private static final int DATABASE = 7;

  private final String prefix = RedisTiers.freshPrefix();
  private Jedis plain;
  private final List<CacheTier> opened = new ArrayList<>();

  @BeforeEach
  void connect() {
    plain = new Jedis(java.net.URI.create(SERVER.uri() + "/" + DATABASE));
    plain.flushDB();
  }

  @AfterEach
  void disconnect() {
    opened.forEach(CacheTier::close);
    plain.close();
  }

  @Test
  void everyKeyIsUnderThePrefixAndOnlyContentExpires() {
    CacheTier tier = open("ttl=5m");
    byte[] a = bytes("a");
    byte[] b = bytes("b");
    tier.put(key(a), a);
    tier.put(key(b), b);
    tier.get(key(a));
    tier.remove(key(b));

    List<String> keys = allKeys();
    assertEquals(List.of("{" + prefix + "}:bytes", "{" + prefix + "}:c:" + key(a),
        "{" + prefix + "}:lru", "{" + prefix + "}:meta", "{" + prefix + "}:tick",
        "{" + prefix + "}:wt"), keys.stream().sorted()
        // The counts reach {P}:stats within a second, from the tier's background (SharedCounts).
        .filter(k -> !k.equals("{" + prefix + "}:stats")).toList());
    for (String k : keys) {
      long ttl = plain.pttl(k);
      if (k.contains("}:c:")) {
        assertTrue(ttl > 0, () -> k + " must carry an expiry, so that forgotten content goes");
      } else {
        assertEquals(-1, ttl, () -> k + " must carry no expiry, or volatile-* would evict it");
      }
    }
    long contentExpiry = plain.pttl("{" + prefix + "}:c:" + key(a));
    assertTrue(contentExpiry <= Duration.ofMinutes(65).toMillis()
        && contentExpiry > Duration.ofMinutes(60).toMillis(),
        () -> "with ttl=5m the content's backstop is ttl + 1h, not " + contentExpiry + " ms");
  }

  @Test
  void largeContentLeavesOnlyItsContentKeyWithTheBackstop() {
    // 128 KiB: staged (SET under a staging key, renamed into place by put.lua), see Staging.
    CacheTier tier = open(1 << 22, "ttl=5m");
    byte[] large = new byte[128 * 1024];
    new java.util.SplittableRandom(3).nextBytes(large);
    assertTrue(tier.put(key(large), large));
    assertTrue(tier.put(key(large), large), "a replacement is staged and stored too");
    plain.scriptFlush();
    byte[] other = large.clone();
    other[0]++;
    assertTrue(tier.put(key(other), other), "a staged put after SCRIPT FLUSH still stores");

    assertArrayEquals(large, tier.getBytes(key(large)));
    assertArrayEquals(other, tier.getBytes(key(other)));
    assertEquals(2L * large.length, tier.sizeBytes(), "each entry counted once");
    List<String> keys = allKeys();
    assertEquals(List.of(), keys.stream().filter(k -> k.contains("}:s:")).toList(),
        "no staging key is left once the put returns");
    for (byte[] content : List.of(large, other)) {
      String contentKey = "{" + prefix + "}:c:" + key(content);
      assertEquals(content.length, plain.strlen(contentKey));
      long expiry = plain.pttl(contentKey);
      assertTrue(expiry <= Duration.ofMinutes(65).toMillis()
          && expiry > Duration.ofMinutes(60).toMillis(),
          () -> "staged content takes the backstop (ttl + 1h), not " + expiry + " ms");
    }
  }

  @Test
  void readWithoutTtlRenewsTheBackstop() {
    CacheTier tier = open("backstop=10m");
    byte[] a = bytes("a");
    tier.put(key(a), a);
    String contentKey = "{" + prefix + "}:c:" + key(a);
    plain.pexpire(contentKey, 1000);

    tier.get(key(a));

    assertTrue(plain.pttl(contentKey) > Duration.ofMinutes(9).toMillis(),
        "without a TTL the backstop is an idle time: a read must renew it");
  }

  @Test
  void vanishedContentIsAMissAndItsBytesAreGivenBack() {
    CacheTier tier = open("");
    byte[] gone = bytes("content that vanishes");
    byte[] kept = bytes("content that stays");
    tier.put(key(gone), gone);
    tier.put(key(kept), kept);
    plain.del("{" + prefix + "}:c:" + key(gone));

    assertFalse(tier.contains(key(gone)), "contains must not report content that is not there");
    assertNull(tier.get(key(gone)), "a get of vanished content must miss");

    assertEquals(kept.length, tier.sizeBytes(), "the vanished entry's bytes must be given back");
    assertEquals(1, tier.entryCount());
    assertEquals(1, tier.stats().expirations(), "a vanished entry counts as expired");
    assertArrayEquals(kept, tier.getBytes(key(kept)));
  }

  @Test
  void evictionPastVanishedContentIsNotCountedAsEviction() {
    CacheTier tier = open(20, "");
    byte[] gone = bytes("0123456789");
    byte[] next = bytes("abcdefghij");
    byte[] last = bytes("ABCDEFGHIJ");
    tier.put(key(gone), gone);
    tier.put(key(next), next);
    plain.del("{" + prefix + "}:c:" + key(gone));

    assertTrue(tier.put(key(last), last));

    assertEquals(0, tier.stats().evictions(), "making room by dropping vanished content evicts "
        + "no live entry");
    assertEquals(1, tier.stats().expirations());
    assertEquals(20, tier.sizeBytes());
  }

  @Test
  void scriptsTheServerForgotAreLoadedAgain() {
    CacheTier tier = open("");
    byte[] a = bytes("a");
    tier.put(key(a), a);
    plain.scriptFlush();

    assertArrayEquals(a, tier.getBytes(key(a)), "a get after SCRIPT FLUSH must still hit");
    plain.scriptFlush();
    byte[] b = bytes("bb");
    assertTrue(tier.put(key(b), b), "a put after SCRIPT FLUSH must still store");
    assertArrayEquals(b, tier.getBytes(key(b)));
    assertEquals(a.length + b.length, tier.sizeBytes(), "and count the bytes once");
    assertEquals(2, tier.entryCount());
  }

  private List<String> allKeys() {
    List<String> keys = new ArrayList<>();
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> page = plain.scan(cursor);
      keys.addAll(page.getResult());
      cursor = page.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    return keys;
  }

  private CacheTier open(String settings) {
    return open(1 << 20, settings);
  }

  private CacheTier open(long capacity, String settings) {
    TierConfig config = TierConfig.parse(settings).toBuilder().capacity(capacity).build();
    CacheTier tier = RedisTiers.open(config, SERVER.uri() + "/" + DATABASE, prefix);
    opened.add(tier);
    return tier;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static ContentKey key(byte[] content) {
    return ContentKey.sha256(content);
  }
}
