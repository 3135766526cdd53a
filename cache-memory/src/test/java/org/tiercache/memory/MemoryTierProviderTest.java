package org.tiercache.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;
import org.tiercache.memory.internal.MemoryTierProvider;

final class MemoryTierProviderTest {

  @Test
  void serviceLoaderFindsTheMemoryProviderById() {
    CacheTierProvider provider = TierDiscovery.scan().provider("memory");
    assertInstanceOf(MemoryTierProvider.class, provider);
    assertEquals("memory", provider.id());
    assertTrue(TierDiscovery.scan().ids().contains("memory"));
  }

  @Test
  void createdTierNamesItselfMemoryAndDeclaresListingOnly() {
    try (CacheTier tier = new MemoryTierProvider().create(TierConfig.defaults())) {
      assertEquals("memory", tier.id());
      assertEquals(Set.of(TierCapability.LISTING), tier.capabilities());
    }
  }

  @Test
  void unknownSettingIsRefusedNamingTheKey() {
    CacheException refused = assertThrows(CacheException.class,
        () -> new MemoryTierProvider().create(TierConfig.parse("capacity=1KB colour=blue")));
    assertTrue(refused.getMessage().contains("colour"), refused.getMessage());
    assertTrue(refused.getMessage().contains("memory"), refused.getMessage());
  }

  @Test
  void capacityDefaultsTo64MiB() {
    try (CacheTier tier = new MemoryTierProvider().create(TierConfig.defaults())) {
      assertEquals(64L * 1024 * 1024, tier.capacityBytes());
    }
  }

  @Test
  void capacityAndTtlAreReadFromTheStringForm() {
    AtomicLong now = new AtomicLong(1_000_000_000L);
    TierConfig config = TierConfig.parse("capacity=1KB ttl=5s").toBuilder().clock(now::get).build();
    byte[] content = "five seconds".getBytes(StandardCharsets.UTF_8);
    ContentKey key = ContentKey.sha256(content);
    try (CacheTier tier = new MemoryTierProvider().create(config)) {
      assertEquals(1024, tier.capacityBytes());
      assertFalse(tier.put(ContentKey.sha256(new byte[1025]), new byte[1025]));

      assertTrue(tier.put(key, content));
      now.addAndGet(TimeUnit.SECONDS.toNanos(5) - 1);
      assertNotNull(tier.get(key));
      now.incrementAndGet();
      assertNull(tier.get(key));
    }
  }

  @Test
  void withoutTtlEntriesNeverExpireAndOnlyAPutReadsTheClock() {
    AtomicLong reads = new AtomicLong();
    TierConfig config = TierConfig.builder()
        .capacity(1024)
        .clock(() -> {
          reads.incrementAndGet();
          return Long.MAX_VALUE / 2;
        })
        .build();
    byte[] content = {1, 2, 3};
    ContentKey key = ContentKey.sha256(content);
    try (CacheTier tier = new MemoryTierProvider().create(config)) {
      tier.put(key, content);
      assertEquals(1, reads.get(), "a put reads the clock once, for the write time it lists");
      tier.get(key);
      tier.contains(key);
      assertEquals(List.of(EntryInfo.of(key, 3, Long.MAX_VALUE / 2, "memory")),
          tier.entries().toList(), "listed with the time the put read");
      tier.remove(key);
      assertEquals(0, tier.evictExpired());
    }
    assertEquals(1, reads.get(), "without a TTL, nothing but a put reads the clock");
  }
}
