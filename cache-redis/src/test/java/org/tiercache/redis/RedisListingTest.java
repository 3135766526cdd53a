package org.tiercache.redis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.TierConfig;
import redis.clients.jedis.Jedis;

/**
 * The Redis listing beyond the kit's rules: it pages through the namespace's write-time set, a few
 * hundred ids per call, resuming after the last (write time, id) pair, so that entries written in
 * one microsecond (a held clock) are each listed once even when the entry a page ended on is
 * removed before the next page; every client's entries are listed; content that vanished behind
 * the tier's back is not.
 */
final class RedisListingTest {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();
  // More than three pages of 256.
  private static final int MANY = 1000;

  private final String prefix = RedisTiers.freshPrefix();
  private final AtomicLong clock = new AtomicLong(1_800_000_000_000_000_000L);
  private final List<CacheTier> opened = new ArrayList<>();

  @AfterEach
  void closeTiers() {
    opened.forEach(CacheTier::close);
  }

  @Test
  void entriesOfOneWriteTimeAcrossPagesAreListedOnceThoughEachPageEndIsRemoved() {
    CacheTier tier = open();
    Map<ContentKey, byte[]> all = new HashMap<>();
    for (int i = 0; i < MANY; i++) {
      byte[] content = ("entry " + i).getBytes(UTF_8);
      all.put(ContentKey.sha256(content), content);
    }
    tier.putAll(all);

    Map<ContentKey, Integer> seen = new HashMap<>();
    List<ContentKey> removed = new ArrayList<>();
    try (Stream<EntryInfo> entries = tier.entries()) {
      Iterator<EntryInfo> it = entries.iterator();
      while (it.hasNext()) {
        EntryInfo entry = it.next();
        seen.merge(entry.key(), 1, Integer::sum);
        // Every 100th entry listed goes at once, and so does the last of each page (pages look
        // at 256 ids, all live here): the next page must resume after an id no longer there.
        if (seen.size() % 100 == 0 || seen.size() % 256 == 0) {
          assertTrue(tier.remove(entry.key()), "an entry just listed is live");
          removed.add(entry.key());
        }
      }
    }
    for (ContentKey key : all.keySet()) {
      assertEquals(1, seen.getOrDefault(key, 0), () -> key + " must be listed exactly once");
    }
    assertEquals(MANY, seen.size());
    try (Stream<EntryInfo> entries = tier.entries()) {
      assertEquals(MANY - removed.size(), entries.count(), "a second listing, after the removals");
    }
  }

  @Test
  void everyClientsEntriesAreListedWithTheirWriteTimesAndVanishedContentIsNot() {
    CacheTier one = open();
    CacheTier other = open();
    byte[] a = "a".getBytes(UTF_8);
    byte[] b = "bb".getBytes(UTF_8);
    byte[] c = "ccc".getBytes(UTF_8);
    long first = clock.get();
    one.put(ContentKey.sha256(a), a);
    clock.addAndGet(Duration.ofNanos(1_234_567).toNanos());
    other.put(ContentKey.sha256(b), b);
    other.put(ContentKey.sha256(c), c);
    try (Jedis plain = new Jedis(URI.create(SERVER.uri()))) {
      plain.del("{" + prefix + "}:c:" + ContentKey.sha256(c));
    }

    List<EntryInfo> listed;
    try (Stream<EntryInfo> entries = one.entries()) {
      listed = entries.toList();
    }
    assertEquals(List.of(EntryInfo.of(ContentKey.sha256(a), 1, first, "redis"),
        EntryInfo.of(ContentKey.sha256(b), 2, first + 1_234_567, "redis")), listed,
        "both clients' live entries, oldest write first, to the nanosecond; not the one whose"
            + " content vanished");
    assertEquals(3, one.entryCount(), "listing reclaims nothing: the vanished entry is left to"
        + " the calls that meet it");
  }

  private CacheTier open() {
    CacheTier tier = RedisTiers.open(TierConfig.builder().capacity(64L << 20).clock(clock::get)
        .build(), SERVER.uri(), prefix);
    opened.add(tier);
    return tier;
  }
}
