package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.tiercache.tiered.MockTiers.buffer;
import static org.tiercache.tiered.MockTiers.content;
import static org.tiercache.tiered.MockTiers.tier;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EvictionListener;
import org.tiercache.api.TierConfig;

/**
 * What an upper tier evicts for room moves down to the next tier that takes it. The tiers come from
 * fake providers that capture the configuration, and so the eviction listener, the stack gave them.
 */
final class SpillTest {
  private final List<TierConfig> configs = new ArrayList<>();

  private CacheTierProvider provider(CacheTier tier) {
    String id = tier.id();
    CacheTierProvider provider = mock(CacheTierProvider.class);
    when(provider.id()).thenReturn(id);
    when(provider.create(any(TierConfig.class))).thenAnswer(call -> {
      configs.add(call.getArgument(0));
      return tier;
    });
    return provider;
  }

  private EvictionListener listenerOf(int position) {
    return configs.get(position).evictionListener().orElseThrow();
  }

  @Test
  void evictedEntrySpillsIntoTheNextLowerTierWhoseRuleAcceptsIt() {
    CacheTier upper = tier("upper");
    CacheTier smallOnly = tier("small-only");
    CacheTier bottom = tier("bottom");
    TieredCache.builder()
        .tier(SizeRule.any(), provider(upper), TierConfig.defaults())
        .tier(SizeRule.below("1KB"), provider(smallOnly), TierConfig.defaults())
        .tier(SizeRule.any(), provider(bottom), TierConfig.defaults())
        .spill(true)
        .build();
    byte[] evicted = content(4096);
    ContentKey key = ContentKey.sha256(evicted);

    listenerOf(0).evicted(key, buffer(evicted));

    verify(smallOnly, never()).put(any(ContentKey.class), any(ByteBuffer.class));
    ArgumentCaptor<ByteBuffer> spilled = ArgumentCaptor.forClass(ByteBuffer.class);
    verify(bottom).put(eq(key), spilled.capture());
    byte[] bytes = new byte[spilled.getValue().remaining()];
    spilled.getValue().duplicate().get(bytes);
    assertArrayEquals(evicted, bytes);
  }

  @Test
  void spillGoesOnlyIntoTheFirstLowerTierThatStoresIt() {
    CacheTier upper = tier("upper");
    CacheTier middle = tier("middle");
    CacheTier bottom = tier("bottom");
    TieredCache.builder()
        .tier(SizeRule.any(), provider(upper), TierConfig.defaults())
        .tier(SizeRule.any(), provider(middle), TierConfig.defaults())
        .tier(SizeRule.any(), provider(bottom), TierConfig.defaults())
        .spill(true)
        .build();
    byte[] evicted = content(10);
    ContentKey key = ContentKey.sha256(evicted);

    listenerOf(0).evicted(key, buffer(evicted));

    verify(middle).put(eq(key), any(ByteBuffer.class));
    verify(bottom, never()).put(any(ContentKey.class), any(ByteBuffer.class));
  }

  @Test
  void spillSkipsALowerTierThatHoldsTheKeyAlready() {
    CacheTier upper = tier("upper");
    CacheTier lower = tier("lower");
    TieredCache.builder()
        .tier(SizeRule.any(), provider(upper), TierConfig.defaults())
        .tier(SizeRule.any(), provider(lower), TierConfig.defaults())
        .writeThrough(true)
        .spill(true)
        .build();
    byte[] evicted = content(10);
    ContentKey key = ContentKey.sha256(evicted);
    when(lower.contains(key)).thenReturn(true);

    listenerOf(0).evicted(key, buffer(evicted));

    verify(lower, never()).put(any(ContentKey.class), any(ByteBuffer.class));
  }

  @Test
  void withoutSpillTheStackGivesItsTiersNoListener() {
    TieredCache.builder()
        .tier(SizeRule.any(), provider(tier("upper")), TierConfig.defaults())
        .tier(SizeRule.any(), provider(tier("lower")), TierConfig.defaults())
        .build();

    assertTrue(configs.get(0).evictionListener().isEmpty());
    assertTrue(configs.get(1).evictionListener().isEmpty());
  }

  @Test
  void aListenerTheConfigurationHadIsStillTold() {
    List<ContentKey> told = new ArrayList<>();
    CacheTier lower = tier("lower");
    TieredCache.builder()
        .tier(SizeRule.any(), provider(tier("upper")),
            TierConfig.builder().evictionListener((key, content) -> told.add(key)).build())
        .tier(SizeRule.any(), provider(lower), TierConfig.defaults())
        .spill(true)
        .build();
    byte[] evicted = content(10);
    ContentKey key = ContentKey.sha256(evicted);

    listenerOf(0).evicted(key, buffer(evicted));

    assertEquals(List.of(key), told);
    verify(lower).put(eq(key), any(ByteBuffer.class));
  }

  @Test
  void tierPassedInAsAnInstanceSpillsThroughTheListenerItWasWiredTo() {
    AtomicReference<EvictionListener> forward = new AtomicReference<>();
    EvictionListener wiredAtCreation = (key, content) -> forward.get().evicted(key, content);
    CacheTier upper = tier("upper");
    CacheTier lower = tier("lower");
    TieredCache cache = TieredCache.builder()
        .tier(SizeRule.any(), upper)
        .tier(SizeRule.any(), lower)
        .build();
    forward.set(cache.spillListener(0));
    byte[] evicted = content(10);
    ContentKey key = ContentKey.sha256(evicted);

    wiredAtCreation.evicted(key, buffer(evicted));

    verify(lower).put(eq(key), any(ByteBuffer.class));
  }

  @Test
  void evictionFromTheLastTierGoesNowhere() {
    CacheTier upper = tier("upper");
    CacheTier lower = tier("lower");
    TieredCache.builder()
        .tier(SizeRule.any(), provider(upper), TierConfig.defaults())
        .tier(SizeRule.any(), provider(lower), TierConfig.defaults())
        .spill(true)
        .build();
    byte[] evicted = content(10);

    listenerOf(1).evicted(ContentKey.sha256(evicted), buffer(evicted));

    verify(upper, never()).put(any(ContentKey.class), any(ByteBuffer.class));
    verify(lower, never()).put(any(ContentKey.class), any(ByteBuffer.class));
  }
}
