package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.redis.RedisServer;
import org.tiercache.redis.RedisTiers;
import org.tiercache.testlog.CapturedLog;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * A bookkeeping key lost behind the tier's back (evicted by an {@code allkeys-*} policy, deleted
 * by hand): the next calls see it, the namespace heals, through ordinary use or a reconciliation,
 * and the bound holds again. And reconciliations that run while others write, or two at once,
 * count nothing twice.
 */
@ExtendWith(CapturedLog.class)
final class LostBookkeepingTest {
  private static final int ENTRY = 1000;
  private static final long CAPACITY = 10 * ENTRY;
  private static RedisServer server;

  private final String prefix = RedisTiers.freshPrefix();
  private final List<CacheTier> opened = new ArrayList<>();
  private Jedis plain;

  @BeforeAll
  static void startServer() {
    server = RedisServer.start();
  }

  @AfterAll
  static void stopServer() {
    server.stop();
  }

  @BeforeEach
  void connect() {
    plain = new Jedis(URI.create(server.uri()));
  }

  @AfterEach
  void disconnect() {
    opened.forEach(CacheTier::close);
    plain.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes", "meta", "lru", "wt"})
  void aLostBookkeepingKeyHealsThroughOrdinaryUse(String lost, CapturedLog log) {
    RedisTier tier = open(CAPACITY, AtomicLongClock.system());
    List<byte[]> written = fill(tier, 0, 8);
    plain.del(key(lost));

    // Going on as if nothing happened: more puts than the capacity holds, and gets.
    written.addAll(fill(tier, 8, 12));
    for (byte[] content : written) {
      byte[] read = assertDoesNotThrow(() -> tier.getBytes(ContentKey.sha256(content)));
      if (read != null) {
        assertArrayEquals(content, read);
      }
    }
    // A pass takes a few calls (one batch each); nothing but calls drives it.
    ContentKey probe = ContentKey.sha256(written.get(0));
    for (int call = 0; call < 20; call++) {
      tier.contains(probe);
    }

    NamespaceTruth truth = NamespaceTruth.read(plain, prefix);
    truth.assertConsistent(tier.sizeBytes(), "after losing " + lost);
    assertTrue(truth.contentBytes() <= CAPACITY, () -> "after losing " + lost + ", "
        + truth.contentBytes() + " bytes of content in a namespace of " + CAPACITY);
    if (!lost.equals("wt")) {
      warnedOfTheMismatch(log);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"bytes", "meta", "lru", "wt", "tick"})
  void aLostBookkeepingKeyIsRebuiltByAReconciliationWithinTheBound(String lost, CapturedLog log) {
    RedisTier tier = open(CAPACITY, AtomicLongClock.system());
    fill(tier, 0, 10);
    plain.del(key(lost));
    fill(tier, 10, 10);

    Reconciler.Pass pass = EvictionPolicyTest.reconcileUntilClean(tier, "lost " + lost);

    NamespaceTruth truth = NamespaceTruth.read(plain, prefix);
    truth.assertConsistent(tier.sizeBytes(), "after losing " + lost + ", " + pass);
    assertTrue(truth.contentBytes() <= CAPACITY, () -> "after losing " + lost + ", "
        + truth.contentBytes() + " bytes of content in a namespace of " + CAPACITY);
    if (!lost.equals("tick") && !lost.equals("wt")) {
      // A lost use counter only restarts the count: nothing to warn of.
      warnedOfTheMismatch(log);
    }
  }

  /**
   * The WARN a look at the bookkeeping gives when it finds a mismatch. Not asked after losing wt:
   * the whole bookkeeping is looked at on a miss and on one hit or put in 64, and the puts that
   * follow here evict (least recently used first, lru intact) every entry whose write time was lost
   * before any look runs, after which meta, lru and wt agree again and there is nothing to warn of.
   * The consistency checks above are what must hold either way.
   */
  private void warnedOfTheMismatch(CapturedLog log) {
    log.expectAll(Level.WARN, "prefix '" + prefix + "'", "its bookkeeping did not match");
  }

  @ParameterizedTest
  @ValueSource(strings = {"meta", "lru", "wt", "lru wt"})
  void clearEmptiesANamespaceWhoseBookkeepingWasLost(String lost) {
    RedisTier tier = open(CAPACITY, AtomicLongClock.system());
    fill(tier, 0, 8);
    for (String name : lost.split(" ")) {
      plain.del(key(name));
    }

    tier.clear();

    NamespaceTruth truth = NamespaceTruth.read(plain, prefix);
    assertTrue(truth.content().isEmpty() && truth.meta().isEmpty(),
        () -> "after losing " + lost + ", clear must leave nothing: " + truth);
    truth.assertConsistent(tier.sizeBytes(), "cleared after losing " + lost);
    assertFalse(tier.reconcile().foundDamage(), "nothing left for a reconciliation to adopt");
  }

  @Test
  void aCounterSetWrongIsPutRight(CapturedLog log) {
    RedisTier tier = open(CAPACITY, AtomicLongClock.system());
    fill(tier, 0, 5);
    plain.set(key("bytes"), "-123456");

    assertEquals(0, tier.sizeBytes(), "a negative counter is never reported");
    tier.reconcile();

    assertEquals(5 * ENTRY, tier.sizeBytes());
    NamespaceTruth.read(plain, prefix).assertConsistent(tier.sizeBytes(), "negative counter");
    log.expect(Level.WARN, "prefix '" + prefix + "'", "byte counter -123456 -> 5000");
  }

  @Test
  void aLostUseCounterKeepsNewEntriesNewest() {
    RedisTier tier = open(3 * ENTRY, AtomicLongClock.system());
    byte[] a = content(1);
    byte[] b = content(2);
    byte[] c = content(3);
    put(tier, a);
    put(tier, b);
    put(tier, c);
    plain.del(key("tick"));

    byte[] d = content(4);
    put(tier, d);
    assertNotNull(tier.getBytes(ContentKey.sha256(b)), "b was the least recent but one");
    byte[] e = content(5);
    put(tier, e);

    // Counted from 1 again, d's use would be the oldest and d the first evicted: the cache would
    // shrink to the newest entry, one put after the other.
    assertTrue(tier.contains(ContentKey.sha256(d)), "the entry put after the loss must stay");
    assertTrue(tier.contains(ContentKey.sha256(b)), "b, used after the loss, must stay");
    assertFalse(tier.contains(ContentKey.sha256(c)), "c, least recently used, must go");
    assertTrue(tier.contains(ContentKey.sha256(e)));
  }

  @Test
  void contentWithoutItsEntryIsAdoptedWithItsAge(CapturedLog log) {
    AtomicLongClock clock = new AtomicLongClock(1_700_000_000_000_000_000L);
    RedisTier tier = open(CAPACITY, clock, "ttl=10m");
    byte[] old = content(1);
    put(tier, old);
    // Six minutes pass, for the tier's clock and for the server's (the content's backstop, ttl
    // plus an hour from the write, has 64 of its 70 minutes left).
    clock.advance(TimeUnit.MINUTES.toNanos(6));
    plain.pexpire(key("c:sha256:" + hex(old)), TimeUnit.MINUTES.toMillis(64));
    plain.hdel(key("meta"), "sha256:" + hex(old));

    assertEquals(null, tier.getBytes(ContentKey.sha256(old)),
        "content without its entry is a miss until adopted");
    tier.reconcile();
    assertArrayEquals(old, tier.getBytes(ContentKey.sha256(old)), "adopted, it is a hit again");

    // Its write time came back from its backstop: 6 of its 10 minutes are gone, not none.
    clock.advance(TimeUnit.MINUTES.toNanos(5));
    assertFalse(tier.contains(ContentKey.sha256(old)), "adopted content keeps its age");
    log.expect(Level.WARN, "prefix '" + prefix + "'", "1 adopted");
  }

  @Test
  void entriesAddedAndDroppedDuringARecountAreCountedOnce() {
    AtomicLongClock clock = new AtomicLongClock(1_700_000_000_000_000_000L);
    RedisTier tier = open(1000 * ENTRY, clock);
    List<byte[]> written = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      // One write time each, so that write order is wt's order.
      clock.advance(1_000_000);
      written.add(content(i));
      put(tier, written.get(i));
    }
    clock.advance(1_000_000);
    plain.del(key("bytes"));
    Shard namespace = new Namespace(prefix).shards().get(0);
    try (RedisClient raw = RedisClient.create(URI.create(server.uri()))) {
      // A recount 3 entries at a time, with the world changing between its steps.
      assertFalse(recount(raw, namespace, "begin").finished());
      // An entry before the cursor goes: its bytes must leave the sum.
      assertTrue(tier.remove(ContentKey.sha256(written.get(0))));
      // Another client, its clock behind, writes an entry that lands before the cursor: its bytes
      // must join the sum (a size of its own, so that no two mistakes cancel out).
      RedisTier late = open(1000 * ENTRY, new AtomicLongClock(clock.epochNanos() - 1_000_000_000L));
      byte[] small = "written behind the cursor".getBytes(StandardCharsets.UTF_8);
      put(late, small);
      assertFalse(recount(raw, namespace, "join").finished());
      // One that lands after it, and one after it that goes: the walk meets or misses them.
      put(tier, content(101));
      assertTrue(tier.remove(ContentKey.sha256(written.get(10))));
      while (!recount(raw, namespace, "join").finished()) {
        // on to the end
      }
    }
    NamespaceTruth.read(plain, prefix).assertConsistent(tier.sizeBytes(),
        "after a recount the world changed under");
  }

  @Test
  void theEntryUnderTheCursorGoingStepsTheCursorBack() {
    AtomicLongClock clock = new AtomicLongClock(1_700_000_000_000_000_000L);
    RedisTier tier = open(1000 * ENTRY, clock);
    List<byte[]> written = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      clock.advance(1_000_000);
      written.add(content(i));
      put(tier, written.get(i));
    }
    plain.del(key("bytes"));
    Shard namespace = new Namespace(prefix).shards().get(0);
    try (RedisClient raw = RedisClient.create(URI.create(server.uri()))) {
      recount(raw, namespace, "begin");
      assertEquals(ContentKey.sha256(written.get(2)).toString(), plain.hget(key("recount"),
          "cursor"), "three counted, the cursor on the third");

      assertTrue(tier.remove(ContentKey.sha256(written.get(2))));

      assertEquals(ContentKey.sha256(written.get(1)).toString(), plain.hget(key("recount"),
          "cursor"), "the cursor stays on an entry that exists: the one before");
      assertEquals(String.valueOf(2 * ENTRY), plain.hget(key("recount"), "bytes"));
      while (!recount(raw, namespace, "join").finished()) {
        // on to the end
      }
    }
    NamespaceTruth.read(plain, prefix).assertConsistent(tier.sizeBytes(), "cursor removed");
  }

  @Test
  void twoClientsReconcilingWhileOthersWriteCountNothingTwice(CapturedLog log) throws Exception {
    RedisTier first = open(2000 * 50, AtomicLongClock.system());
    RedisTier second = open(2000 * 50, AtomicLongClock.system());
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      for (int round = 0; round < 3; round++) {
        fillSmall(first, round * 1000, 700);
        plain.del(key("bytes"));
        plain.del(key("lru"));
        CountDownLatch start = new CountDownLatch(1);
        int base = round;
        Future<?> one = threads.submit(() -> {
          start.await();
          return first.reconcile();
        });
        Future<?> two = threads.submit(() -> {
          start.await();
          return second.reconcile();
        });
        Future<?> writer = threads.submit(() -> {
          start.await();
          SplittableRandom random = new SplittableRandom(base);
          for (int i = 0; i < 200; i++) {
            byte[] content = ("during " + base + " " + i).getBytes(StandardCharsets.UTF_8);
            first.put(ContentKey.sha256(content), content);
            second.remove(ContentKey.sha256(
                ("small " + (base * 1000 + random.nextInt(700))).getBytes(StandardCharsets.UTF_8)));
          }
          return null;
        });
        start.countDown();
        one.get(60, TimeUnit.SECONDS);
        two.get(60, TimeUnit.SECONDS);
        writer.get(60, TimeUnit.SECONDS);
        // A pass that started before the writer stopped ends with the namespace counted right.
        first.reconcile();
        NamespaceTruth.read(plain, prefix).assertConsistent(first.sizeBytes(),
            "round " + round);
      }
    } finally {
      threads.shutdownNow();
    }
    log.expectAll(Level.WARN, "prefix '" + prefix + "'", "its bookkeeping did not match");
  }

  private Replies.RecountReply recount(RedisClient raw, Shard namespace, String cursor) {
    List<byte[]> args = List.of(namespace.contentPrefix(), bytes("recount"), bytes(cursor),
        bytes("3"), bytes("0"), bytes("3600000"), bytes("1000000"));
    return Replies.RecountReply.decode(Script.RECONCILE.run(raw, namespace.scriptKeys(), args));
  }

  private RedisTier open(long capacity, AtomicLongClock clock) {
    return open(capacity, clock, "");
  }

  private RedisTier open(long capacity, AtomicLongClock clock, String settings) {
    TierConfig config = TierConfig.parse(settings).toBuilder().capacity(capacity)
        .clock(clock).build();
    RedisTier tier = (RedisTier) RedisTiers.open(config, server.uri(), prefix);
    opened.add(tier);
    return tier;
  }

  private String key(String name) {
    return "{" + prefix + "}:" + name;
  }

  private static List<byte[]> fill(CacheTier tier, int from, int count) {
    List<byte[]> written = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
      byte[] content = content(i);
      put(tier, content);
      written.add(content);
    }
    return written;
  }

  private static void fillSmall(CacheTier tier, int from, int count) {
    for (int i = from; i < from + count; i++) {
      byte[] content = ("small " + i).getBytes(StandardCharsets.UTF_8);
      assertTrue(tier.put(ContentKey.sha256(content), content));
    }
  }

  private static void put(CacheTier tier, byte[] content) {
    assertTrue(assertDoesNotThrow(() -> tier.put(ContentKey.sha256(content), content)));
  }

  private static byte[] content(int seed) {
    byte[] content = new byte[ENTRY];
    new SplittableRandom(seed).nextBytes(content);
    return content;
  }

  private static String hex(byte[] content) {
    return ContentKey.sha256(content).toString().substring("sha256:".length());
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** A clock the test moves: epoch nanoseconds in an atomic long. */
  static final class AtomicLongClock implements org.tiercache.api.CacheClock {
    private final AtomicLong now;

    AtomicLongClock(long start) {
      this.now = new AtomicLong(start);
    }

    static AtomicLongClock system() {
      return new AtomicLongClock(org.tiercache.api.CacheClock.system().epochNanos());
    }

    void advance(long nanos) {
      now.addAndGet(nanos);
    }

    @Override
    public long epochNanos() {
      return now.get();
    }
  }
}
