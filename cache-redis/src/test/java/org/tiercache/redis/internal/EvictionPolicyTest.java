package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.redis.RedisServer;
import org.tiercache.redis.RedisTiers;
import org.tiercache.testlog.CapturedLog;
import redis.clients.jedis.Jedis;

/**
 * A real server with a small {@code maxmemory} under each eviction policy, filled from the tier far
 * beyond what it can hold, its tier's capacity above what the server has room for (a misconfigured
 * server, as the tier meets them): no call throws, and after reconciliation the bookkeeping is
 * exactly the content the server kept, within the tier's capacity.
 */
@ExtendWith(CapturedLog.class)
final class EvictionPolicyTest {
  private static final int ENTRY = 16 * 1024;
  private static final int PUTS = 300;
  private static final long CAPACITY = 2L << 20;

  @ParameterizedTest
  @ValueSource(strings = {"noeviction", "allkeys-lru", "allkeys-lfu", "allkeys-random",
      "volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl"})
  void fillingBeyondMaxmemoryNeverThrowsAndTheBookkeepingHeals(String policy, CapturedLog log) {
    String prefix = RedisTiers.freshPrefix();
    try (RedisServer server = RedisServer.start("--maxmemory", "3mb",
            "--maxmemory-policy", policy);
        Jedis plain = new Jedis(URI.create(server.uri()));
        RedisTier tier = (RedisTier) RedisTiers.open(
            TierConfig.builder().capacity(CAPACITY).build(), server.uri(), prefix)) {
      SplittableRandom random = new SplittableRandom(policy.hashCode());
      List<byte[]> written = new ArrayList<>();
      int stored = 0;
      for (int i = 0; i < PUTS; i++) {
        byte[] content = new byte[ENTRY];
        random.nextBytes(content);
        written.add(content);
        boolean ok = assertDoesNotThrow(() -> tier.put(ContentKey.sha256(content), content),
            () -> policy + ": a put must not throw when the server is full");
        stored += ok ? 1 : 0;
        byte[] earlier = written.get(random.nextInt(written.size()));
        byte[] read = assertDoesNotThrow(() -> tier.getBytes(ContentKey.sha256(earlier)),
            () -> policy + ": a get must not throw when the server is full");
        if (read != null) {
          assertArrayEquals(earlier, read, policy + ": a hit must return the content put");
        }
      }
      assertTrue(stored > 0, policy + ": the server had room for some puts");
      if (policy.equals("noeviction")) {
        assertTrue(tier.stats().rejectedPuts() > 0,
            "noeviction: the server must have refused puts once full, counted as rejected");
        // Refused puts leave nothing half written: consistent before any reconciliation.
        NamespaceTruth.read(plain, prefix).assertConsistent(tier.sizeBytes(), policy);
      } else {
        // At its limit the server may evict again while a pass writes; the pass must not throw.
        Reconciler.Pass atLimit = assertDoesNotThrow(tier::reconcile, policy);
        assertTrue(atLimit.finished(), () -> policy + ": a pass at the limit must finish");
      }

      // Now the filling stops and the limit goes, so that reading the truth (which allocates
      // replies) evicts nothing behind the assertions' back.
      plain.configSet("maxmemory", "0");
      Reconciler.Pass pass = reconcileUntilClean(tier, policy);

      NamespaceTruth truth = NamespaceTruth.read(plain, prefix);
      truth.assertConsistent(tier.sizeBytes(), policy + " after " + pass);
      assertTrue(truth.contentBytes() <= CAPACITY,
          () -> policy + ": " + truth.contentBytes() + " bytes held, above the capacity");
      for (byte[] content : written) {
        byte[] read = tier.getBytes(ContentKey.sha256(content));
        if (read != null) {
          assertArrayEquals(content, read, policy + ": a hit must return the content put");
        }
      }
    }
    log.expectAll(Level.WARN, "prefix '" + prefix + "'", policy.equals("noeviction")
        ? "is refused writes: the server is out of memory" : "its bookkeeping did not match");
  }

  // A pass that repaired something is followed by one that must find nothing left to repair.
  static Reconciler.Pass reconcileUntilClean(RedisTier tier, String context) {
    Reconciler.Pass pass = null;
    for (int i = 0; i < 2; i++) {
      pass = assertDoesNotThrow(tier::reconcile, () -> context + ": reconciliation threw");
      assertTrue(pass.finished(), () -> context + ": the pass must run to its end");
      if (!pass.foundDamage()) {
        return pass;
      }
    }
    Reconciler.Pass last = pass;
    assertFalse(last.foundDamage(), () -> context + ": still repairing after 2 passes: " + last);
    return last;
  }
}
