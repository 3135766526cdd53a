package org.tiercache.tiered;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierHealth;
import org.tiercache.api.TierStats;

/** Mocked tiers that take every put and hold nothing, and content of chosen sizes. */
final class MockTiers {
  private MockTiers() {}

  /** A mocked tier with an id, taking every put, holding nothing, reporting empty stats, up. */
  static CacheTier tier(String id) {
    CacheTier tier = mock(CacheTier.class);
    when(tier.id()).thenReturn(id);
    when(tier.put(any(ContentKey.class), any(byte[].class))).thenReturn(true);
    when(tier.put(any(ContentKey.class), any(ByteBuffer.class))).thenReturn(true);
    when(tier.stats()).thenReturn(TierStats.EMPTY);
    when(tier.health()).thenReturn(TierHealth.UP);
    return tier;
  }

  /** Random content of a size. */
  static byte[] content(int size) {
    byte[] bytes = new byte[size];
    ThreadLocalRandom.current().nextBytes(bytes);
    return bytes;
  }

  /** A read-only buffer over content, as a tier hands it out. */
  static ByteBuffer buffer(byte[] content) {
    return ByteBuffer.wrap(content.clone()).asReadOnlyBuffer();
  }
}
