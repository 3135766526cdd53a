package org.tiercache.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;
import org.tiercache.testlog.CapturedLog;

@ExtendWith(CapturedLog.class)
final class EvictionListenerTest {
  private final AtomicLong now = new AtomicLong(1_000_000_000L);
  private final List<ContentKey> told = new ArrayList<>();
  private final List<ByteBuffer> toldContent = new ArrayList<>();

  private static byte[] content(int seed) {
    byte[] content = new byte[100];
    content[0] = (byte) seed;
    return content;
  }

  private CacheTier tier(TierConfig.Builder config) {
    return new MemoryTierProvider().create(config
        .clock(now::get)
        .evictionListener((key, content) -> {
          told.add(key);
          toldContent.add(content);
        })
        .build());
  }

  @Test
  void listenerIsToldOfEachEntryEvictedForRoomInLruOrderWithItsContent() {
    try (CacheTier tier = tier(TierConfig.builder().capacity(300))) {
      for (int i = 0; i < 3; i++) {
        tier.put(ContentKey.sha256(content(i)), content(i));
      }
      tier.get(ContentKey.sha256(content(0)));
      tier.put(ContentKey.sha256(new byte[200]), new byte[200]);

      assertEquals(List.of(ContentKey.sha256(content(1)), ContentKey.sha256(content(2))), told);
      assertEquals(ByteBuffer.wrap(content(1)), toldContent.get(0));
      assertTrue(toldContent.get(0).isReadOnly());
      assertEquals(2, tier.stats().evictions());
    }
  }

  @Test
  void listenerIsNotToldOfExpiredRemovedReplacedOrClearedEntries() {
    try (CacheTier tier = tier(TierConfig.builder().capacity(300).ttl(Duration.ofSeconds(1)))) {
      tier.put(ContentKey.sha256(content(1)), content(1));
      tier.put(ContentKey.sha256(content(2)), content(2));
      tier.put(ContentKey.sha256(content(2)), content(2)); // replaced
      tier.remove(ContentKey.sha256(content(2))); // removed
      now.addAndGet(Duration.ofSeconds(1).toNanos());
      tier.put(ContentKey.sha256(new byte[300]), new byte[300]); // content(1) expired, reclaimed
      tier.clear();
      assertEquals(List.of(), told);
    }
  }

  @Test
  void aListenerThatThrowsDoesNotUndoThePut(CapturedLog log) {
    byte[] big = new byte[100];
    TierConfig config = TierConfig.builder()
        .capacity(100)
        .evictionListener((key, content) -> {
          throw new IllegalStateException("listener failure on purpose");
        })
        .build();
    try (CacheTier tier = new MemoryTierProvider().create(config)) {
      tier.put(ContentKey.sha256(content(1)), content(1));
      assertTrue(tier.put(ContentKey.sha256(big), big));
      assertTrue(tier.contains(ContentKey.sha256(big)));
      assertEquals(100, tier.sizeBytes());
      assertEquals(1, tier.stats().evictions());
    }
    log.expect(Level.WARN, "eviction listener", "failed on sha256:", "the put stands",
        "listener failure on purpose");
  }
}
