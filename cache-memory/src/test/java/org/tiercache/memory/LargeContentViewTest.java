package org.tiercache.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;

/**
 * Hits on content of a page or more, which the tier serves from a view it keeps with the entry
 * rather than one made from the array: each caller still gets a read-only buffer of its own, at
 * position 0 with every byte, whatever other callers did with theirs. Sizes on both sides of the
 * page.
 */
final class LargeContentViewTest {
  private static byte[] content(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @ParameterizedTest
  @ValueSource(ints = {4095, 4096, 65_536})
  void eachHitIsAReadOnlyViewOfItsOwnWhateverAnotherCallerDidWithTheirs(int size) {
    try (CacheTier tier = new MemoryTierProvider().create(
        TierConfig.builder().capacity(1_000_000).build())) {
      byte[] original = content(size);
      ContentKey key = ContentKey.sha256(original);
      tier.put(key, original);

      ByteBuffer first = tier.get(key);
      assertNotNull(first);
      first.get(new byte[100]);
      first.limit(200);
      first.mark();
      assertThrows(ReadOnlyBufferException.class, () -> first.put(0, (byte) ~original[0]));
      ByteBuffer second = tier.get(key);

      assertNotNull(second);
      assertTrue(second.isReadOnly());
      assertEquals(0, second.position());
      assertEquals(size, second.limit());
      assertEquals(size, second.capacity());
      byte[] read = new byte[second.remaining()];
      second.get(read);
      assertArrayEquals(original, read);
      assertEquals(100, first.position(), "reading the second view moved the first");
      assertEquals(0, tier.get(key).position(), "a third hit after both were read");
    }
  }
}
