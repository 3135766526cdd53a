package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;

/**
 * Two clients of one server and one prefix, as two processes of a fleet would be: they see one
 * cache, under one bound, in one LRU order.
 */
final class SharedNamespaceTest {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  private final String prefix = RedisTiers.freshPrefix();
  private final List<CacheTier> opened = new ArrayList<>();

  @AfterEach
  void closeTiers() {
    opened.forEach(CacheTier::close);
  }

  @Test
  void putByOneClientIsAHitForTheOther() {
    CacheTier first = client(10_000);
    CacheTier second = client(10_000);
    byte[] content = content(500, 1);

    assertTrue(first.put(key(content), content));

    assertTrue(second.contains(key(content)), "the second client must see the first one's put");
    assertArrayEquals(content, second.getBytes(key(content)),
        "a put by one client must be a hit, with the same bytes, for another on the same prefix");
    assertEquals(1, second.stats().hits(), "the hit is the second client's");
    assertEquals(0, first.stats().hits(), "the first client made no get");
    assertTrue(first.capabilities().contains(TierCapability.SHARED));
  }

  @Test
  void boundHoldsForTheSumOfBothClients() {
    long capacity = 3000;
    CacheTier first = client(capacity);
    CacheTier second = client(capacity);
    SplittableRandom random = new SplittableRandom(5);
    for (int i = 0; i < 300; i++) {
      CacheTier writer = i % 2 == 0 ? first : second;
      byte[] content = content(1 + random.nextInt(700), i);
      assertTrue(writer.put(key(content), content), "put #" + i + " of " + content.length);
      long size = first.sizeBytes();
      assertTrue(size <= capacity, "after put #" + i + " both clients together hold " + size
          + " bytes, above the shared capacity " + capacity);
      assertEquals(size, second.sizeBytes(), "both clients must see the one namespace's size");
      assertEquals(first.entryCount(), second.entryCount(),
          "both clients must see the one namespace's count");
    }
    assertTrue(first.stats().evictions() > 0 && second.stats().evictions() > 0,
        "each client reports the evictions its own puts caused");
  }

  @Test
  void useByOneClientProtectsAnEntryFromTheOthersEviction() {
    CacheTier first = client(300);
    CacheTier second = client(300);
    byte[] a = content(100, 1);
    byte[] b = content(100, 2);
    byte[] c = content(100, 3);
    byte[] d = content(100, 4);
    first.put(key(a), a);
    first.put(key(b), b);
    first.put(key(c), c);
    assertNotNull(second.get(key(a)), "the second client's get of a must hit");

    first.put(key(d), d);

    assertTrue(first.contains(key(a)), "a, used by the second client, must survive");
    assertFalse(first.contains(key(b)), "b, least recently used by anyone, must go");
    assertTrue(first.contains(key(c)));
    assertTrue(first.contains(key(d)));
  }

  @Test
  void clearEmptiesOnlyItsOwnPrefix() {
    CacheTier mine = client(10_000);
    CacheTier other = RedisTiers.open(TierConfig.builder().capacity(10_000).build(), SERVER.uri(),
        RedisTiers.freshPrefix());
    opened.add(other);
    byte[] content = content(100, 7);
    mine.put(key(content), content);
    other.put(key(content), content);

    mine.clear();

    assertFalse(mine.contains(key(content)));
    assertEquals(0, mine.sizeBytes());
    assertTrue(other.contains(key(content)), "clear must not touch another prefix's entries");
    assertEquals(100, other.sizeBytes());
  }

  private CacheTier client(long capacity) {
    CacheTier tier = RedisTiers.open(TierConfig.builder().capacity(capacity).build(),
        SERVER.uri(), prefix);
    opened.add(tier);
    return tier;
  }

  private static byte[] content(int size, int seed) {
    byte[] bytes = new byte[size];
    new SplittableRandom(seed * 31L + size).nextBytes(bytes);
    return bytes;
  }

  private static ContentKey key(byte[] content) {
    return ContentKey.sha256(content);
  }
}
