package org.tiercache.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;

/** {@code putStream} into the memory tier: the key of all it read, content kept only if it fits. */
final class StreamPutTest {
  private static CacheTier tier(long capacity) {
    return new MemoryTierProvider().create(TierConfig.builder().capacity(capacity).build());
  }

  private static byte[] content(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  @Test
  void aStreamLargerThanTheCapacityIsRefusedWithTheKeyOfAllItHeldAndEvictsNothing() {
    try (CacheTier tier = tier(100_000)) {
      byte[] kept = content(60_000);
      tier.put(ContentKey.sha256(kept), kept);
      byte[] big = content(300_000);

      PutResult result = tier.putStream(new ByteArrayInputStream(big), DigestAlgorithm.SHA_256);

      assertEquals(new PutResult(ContentKey.sha256(big), false), result);
      assertTrue(tier.contains(ContentKey.sha256(kept)));
      assertEquals(60_000, tier.sizeBytes());
      assertEquals(1, tier.stats().rejectedPuts());
      assertEquals(0, tier.stats().evictions());
    }
  }

  @Test
  void aStreamOfExactlyTheCapacityIsKept() {
    try (CacheTier tier = tier(200_000)) {
      byte[] full = content(200_000);

      PutResult result = tier.putStream(new ByteArrayInputStream(full), DigestAlgorithm.MD5);

      assertEquals(new PutResult(ContentKey.compute(DigestAlgorithm.MD5, full), true), result);
      assertArrayEquals(full, tier.getBytes(result.key()));
    }
  }

  @Test
  void anEmptyStreamIsKeptEvenInATierOfNoCapacity() {
    try (CacheTier tier = tier(0)) {
      PutResult result =
          tier.putStream(new ByteArrayInputStream(new byte[0]), DigestAlgorithm.SHA_256);
      assertTrue(result.stored());
      assertEquals(0, tier.getBytes(result.key()).length);
    }
  }

  @Test
  void aStreamThatFailsStoresNothingAndNamesTheFailure() {
    IOException broken = new IOException("connection reset");
    InputStream failing = new SequenceInputStream(new ByteArrayInputStream(content(1000)),
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw broken;
          }
        });
    try (CacheTier tier = tier(100_000)) {
      CacheException e = assertThrows(CacheException.class,
          () -> tier.putStream(failing, DigestAlgorithm.SHA_256));

      assertSame(broken, e.getCause());
      assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
      assertFalse(tier.entryCount() > 0);
    }
  }
}
