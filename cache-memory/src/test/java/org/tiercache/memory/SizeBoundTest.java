package org.tiercache.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;

final class SizeBoundTest {

  private static CacheTier tier(long capacity) {
    return new MemoryTierProvider().create(TierConfig.builder().capacity(capacity).build());
  }

  @Test
  void contentLargerThanTheCapacityIsRefusedAndEvictsNothing() {
    try (CacheTier tier = tier(100)) {
      byte[] small = new byte[60];
      ContentKey smallKey = ContentKey.sha256(small);
      tier.put(smallKey, small);
      byte[] big = new byte[101];
      assertFalse(tier.put(ContentKey.sha256(big), big));
      assertFalse(tier.put(smallKey, big), "nor does it replace the key's entry");
      assertTrue(tier.contains(smallKey));
      assertEquals(60, tier.sizeBytes());
      assertEquals(2, tier.stats().rejectedPuts());
      assertEquals(1, tier.stats().puts());
      assertEquals(0, tier.stats().evictions());
    }
  }

  @Test
  void contentOfExactlyTheCapacityEvictsEverythingElse() {
    try (CacheTier tier = tier(100)) {
      for (int i = 0; i < 4; i++) {
        byte[] content = {(byte) i};
        tier.put(ContentKey.sha256(content), content);
      }
      byte[] full = new byte[100];
      assertTrue(tier.put(ContentKey.sha256(full), full));
      assertEquals(100, tier.sizeBytes());
      assertEquals(1, tier.entryCount());
      assertEquals(4, tier.stats().evictions());
    }
  }

  @Test
  void zeroCapacityHoldsOnlyEmptyContent() {
    try (CacheTier tier = tier(0)) {
      byte[] empty = new byte[0];
      ContentKey emptyKey = ContentKey.sha256(empty);
      assertTrue(tier.put(emptyKey, empty));
      ByteBuffer got = tier.get(emptyKey);
      assertNotNull(got);
      assertEquals(0, got.remaining());
      assertFalse(tier.put(ContentKey.sha256(new byte[1]), new byte[1]));
      assertEquals(0, tier.sizeBytes());
      assertEquals(1, tier.entryCount());
    }
  }

  @Test
  void replacingAKeyReusesItsOwnRoomFirst() {
    try (CacheTier tier = tier(100)) {
      byte[] a = new byte[50];
      byte[] b = {1};
      ContentKey aKey = ContentKey.sha256(a);
      ContentKey bKey = ContentKey.sha256(b);
      tier.put(aKey, a);
      tier.put(bKey, b);
      assertTrue(tier.put(aKey, new byte[99])); // fits once a's 50 bytes are given back
      assertTrue(tier.contains(bKey));
      assertEquals(100, tier.sizeBytes());
      assertEquals(2, tier.entryCount());
      assertEquals(0, tier.stats().evictions());
    }
  }

  @Test
  void callersCannotChangeWhatTheTierHolds() {
    try (CacheTier tier = tier(100)) {
      byte[] content = {1, 2, 3};
      ContentKey key = ContentKey.sha256(content);
      tier.put(key, content);
      content[0] = 9;
      ByteBuffer first = tier.get(key);
      assertTrue(first.isReadOnly());
      assertThrows(ReadOnlyBufferException.class, () -> first.put(0, (byte) 7));
      first.get(); // moving one view's position does not move another's
      ByteBuffer second = tier.get(key);
      assertEquals(0, second.position());
      assertEquals(ByteBuffer.wrap(new byte[] {1, 2, 3}), second);
    }
  }

  @Test
  @SuppressWarnings("try") // closed twice inside its try on purpose: close is idempotent
  void clearEmptiesTheTierAndKeepsTheCounters() {
    try (CacheTier tier = tier(100)) {
      byte[] content = {1};
      ContentKey key = ContentKey.sha256(content);
      tier.put(key, content);
      tier.get(key);
      tier.clear();
      assertEquals(0, tier.sizeBytes());
      assertEquals(0, tier.entryCount());
      assertFalse(tier.contains(key));
      assertEquals(1, tier.stats().hits());
      assertEquals(1, tier.stats().puts());
      tier.close();
      tier.close();
      assertEquals(0, tier.sizeBytes());
    }
  }
}
