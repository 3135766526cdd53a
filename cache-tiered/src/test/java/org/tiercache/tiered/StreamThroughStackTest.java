package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;
import static org.tiercache.tiered.MockTiers.content;
import static org.tiercache.tiered.MockTiers.tier;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;

/**
 * Streams through a stack of real memory and disk tiers: a streamed put lands where a put of the
 * same content would, holding in memory only what the memory tier could take; write-through copies
 * and promotions stream out of the tier that holds the content; a lost put is never reported as
 * stored, and a failure of the caller's stream is not counted against a tier. (Content larger than
 * the heap: {@code GibibyteStreamTest}.)
 */
final class StreamThroughStackTest {
  private static final DigestAlgorithm SHA_256 = DigestAlgorithm.SHA_256;
  private static final int LARGE = 100 << 10;

  @TempDir Path dir;
  @TempDir Path other;

  private final byte[] small = content(500);
  private final byte[] large = content(LARGE);

  /** memory below 1 KB (64 KB), then disk for any size (16 MB). */
  private TieredCache memoryAndDisk(boolean writeThrough) {
    return TieredCache.builder()
        .tier(SizeRule.below("1KB"), "memory", TierConfig.parse("capacity=64KB"))
        .tier(SizeRule.any(), "disk", disk(dir, "16MB"))
        .writeThrough(writeThrough)
        .build();
  }

  private static TierConfig disk(Path folder, String capacity) {
    return TierConfig.builder().capacity(capacity).set("dir", folder.toString()).build();
  }

  @Test
  void aStreamLargerThanTheMemoryRuleStreamsIntoTheDiskTierOnly() throws IOException {
    try (TieredCache stack = memoryAndDisk(true)) {
      PutResult put = stack.putStream(new ByteArrayInputStream(large), LARGE, SHA_256);

      assertEquals(new PutResult(ContentKey.sha256(large), true), put);
      assertFalse(stack.tiers().get(0).contains(put.key()), "memory's rule refuses 100 KB");
      assertArrayEquals(large, stack.tiers().get(1).getBytes(put.key()));
      assertEquals(1, stack.stats().puts());
      try (InputStream in = stack.openStream(put.key())) {
        assertArrayEquals(large, in.readAllBytes());
      }
    }
  }

  @Test
  void aStreamTheMemoryRuleTakesGoesWhereAPutWould() {
    try (TieredCache stack = memoryAndDisk(false)) {
      PutResult put = stack.putStream(new ByteArrayInputStream(small), small.length, SHA_256);

      assertEquals(new PutResult(ContentKey.sha256(small), true), put);
      assertArrayEquals(small, stack.tiers().get(0).getBytes(put.key()));
      assertFalse(stack.tiers().get(1).contains(put.key()), "no write-through: memory only");
    }
    try (TieredCache stack = memoryAndDisk(true)) {
      PutResult put = stack.putStream(new ByteArrayInputStream(small), small.length, SHA_256);

      assertTrue(stack.tiers().get(0).contains(put.key()));
      assertArrayEquals(small, stack.tiers().get(1).getBytes(put.key()), "written through");
    }
  }

  @Test
  void aStreamOfUnknownSizeGoesWhereItsSizeSendsIt() {
    try (TieredCache stack = memoryAndDisk(false)) {
      PutResult little = stack.putStream(new ByteArrayInputStream(small), SHA_256);
      PutResult big = stack.putStream(new ByteArrayInputStream(large), SHA_256);

      assertEquals(new PutResult(ContentKey.sha256(small), true), little);
      assertEquals(new PutResult(ContentKey.sha256(large), true), big);
      assertTrue(stack.tiers().get(0).contains(little.key()));
      assertFalse(stack.tiers().get(1).contains(little.key()));
      assertFalse(stack.tiers().get(0).contains(big.key()));
      assertArrayEquals(large, stack.tiers().get(1).getBytes(big.key()));
      assertEquals(2, stack.stats().puts());
    }
  }

  @Test
  void aStreamOfUnknownSizeSpooledIntoTheRoomiestTierMovesToTheFirstTierThatAcceptsIt() {
    try (TieredCache stack = TieredCache.builder()
        .tier(SizeRule.below("1KB"), "memory", TierConfig.parse("capacity=64KB"))
        .tier(SizeRule.below("64KB"), "disk", disk(dir, "1MB"))
        .tier(SizeRule.any(), "disk", disk(other, "16MB"))
        .build()) {
      byte[] medium = content(10 << 10);
      PutResult moved = stack.putStream(new ByteArrayInputStream(medium), SHA_256);
      PutResult stays = stack.putStream(new ByteArrayInputStream(large), SHA_256);

      assertTrue(moved.stored());
      assertArrayEquals(medium, stack.tiers().get(1).getBytes(moved.key()),
          "10 KB belongs to the first disk, whose rule takes it");
      assertFalse(stack.tiers().get(2).contains(moved.key()), "the spool's copy is removed");
      assertFalse(stack.tiers().get(1).contains(stays.key()));
      assertArrayEquals(large, stack.tiers().get(2).getBytes(stays.key()));
      assertEquals(2, stack.entryCount());
    }
  }

  @Test
  void writeThroughOfALargeStreamCopiesItIntoEveryTierThatStreamsAndAcceptsIt() {
    try (TieredCache stack = TieredCache.builder()
        .tier(SizeRule.below("1KB"), "memory", TierConfig.parse("capacity=64KB"))
        .tier(SizeRule.any(), "disk", disk(dir, "16MB"))
        .tier(SizeRule.any(), "disk", disk(other, "16MB"))
        .writeThrough(true)
        .build()) {
      PutResult put = stack.putStream(new ByteArrayInputStream(large), LARGE, SHA_256);

      assertTrue(put.stored());
      assertFalse(stack.tiers().get(0).contains(put.key()));
      assertArrayEquals(large, stack.tiers().get(1).getBytes(put.key()));
      assertArrayEquals(large, stack.tiers().get(2).getBytes(put.key()));
      assertEquals(1, stack.stats().puts(), "one caller's put, whatever the copies");
    }
  }

  @Test
  void aStreamThatIsNotTheSizeDeclaredFailsAndStoresNothing() {
    try (TieredCache stack = memoryAndDisk(true)) {
      CacheException shorter = assertThrows(CacheException.class,
          () -> stack.putStream(new ByteArrayInputStream(large), LARGE + 1, SHA_256));
      CacheException longer = assertThrows(CacheException.class,
          () -> stack.putStream(new ByteArrayInputStream(large), LARGE - 1, SHA_256));
      CacheException smallLonger = assertThrows(CacheException.class,
          () -> stack.putStream(new ByteArrayInputStream(small), small.length - 1, SHA_256));

      assertTrue(shorter.getMessage().contains("ended after " + LARGE + " bytes, before the "
          + (LARGE + 1) + " declared"), shorter.getMessage());
      assertTrue(longer.getMessage().contains("more than the " + (LARGE - 1) + " bytes declared"),
          longer.getMessage());
      assertTrue(smallLonger.getMessage().contains("declared"), smallLonger.getMessage());
      assertEquals(0, stack.entryCount(), "nothing stored");
      assertEquals(3, stack.stats().rejectedPuts());
      stack.tierStats().forEach(t -> assertEquals(0, t.failures(), t.name() + " did not fail"));
    }
  }

  @Test
  void aFailureOfTheCallersStreamIsTheCallersNotTheTiers() {
    IOException unreadable = new IOException("Input/output error");
    try (TieredCache stack = memoryAndDisk(false)) {
      CacheException e = assertThrows(CacheException.class,
          () -> stack.putStream(failingAfter(50 << 10, unreadable), LARGE, SHA_256));

      assertSame(unreadable, e.getCause());
      assertTrue(e.getMessage().startsWith("reading the content to put failed after 51200 bytes:"
          + " Input/output error; nothing was stored"), e.getMessage());
      assertEquals(0, stack.entryCount());
      assertEquals(0, stack.tierStats().get(1).failures(), "the disk tier did not fail");
      assertEquals(1, stack.stats().rejectedPuts());
    }
  }

  @Test
  void aTierFailingMidStreamFailsThePutNamingItEvenWithoutWriteThrough() {
    CacheTier full = diskFull();
    try (TieredCache stack = TieredCache.builder()
        .tier(SizeRule.below("1KB"), "memory", TierConfig.parse("capacity=64KB"))
        .tier(SizeRule.any(), full)
        .tier(SizeRule.any(), "disk", disk(dir, "16MB"))
        .build()) {
      CacheException e = assertThrows(CacheException.class,
          () -> stack.putStream(new ByteArrayInputStream(large), LARGE, SHA_256));

      assertTrue(e.getMessage().startsWith("no tier stored the streamed content ("),
          e.getMessage());
      assertTrue(e.getMessage().contains("tier 2 'full' failed: writing to a full disk failed:"
          + " No space left on device"), e.getMessage());
      assertFalse(stack.tiers().get(2).contains(ContentKey.sha256(large)),
          "the stream was read once: the tier after the failing one never got it");
      assertEquals(1, stack.tierStats().get(1).failures());
      assertEquals(1, stack.stats().rejectedPuts());
      assertEquals(0, stack.stats().puts());
    }
  }

  @Test
  void aWriteThroughCopyThatFailsRemovesTheCopyAlreadyMadeAndFailsThePut() {
    CacheTier full = diskFull();
    try (TieredCache stack = TieredCache.builder()
        .tier(SizeRule.below("1KB"), "memory", TierConfig.parse("capacity=64KB"))
        .tier(SizeRule.any(), "disk", disk(dir, "16MB"))
        .tier(SizeRule.any(), full)
        .writeThrough(true)
        .build()) {
      ContentKey key = ContentKey.sha256(large);
      CacheException e = assertThrows(CacheException.class,
          () -> stack.putStream(new ByteArrayInputStream(large), LARGE, SHA_256));

      assertEquals("write-through of " + key + " (" + LARGE + " bytes) failed: tier 3 'full'"
          + " failed: writing to a full disk failed: No space left on device; the copy in tier 2"
          + " 'disk' was removed", e.getMessage());
      assertFalse(stack.contains(key), "a put that throws leaves no copy behind");
      assertEquals(1, stack.stats().rejectedPuts());
    }
  }

  @Test
  void contentNoTierTakesIsRefusedWithItsKey() {
    try (TieredCache stack = TieredCache.builder()
        .tier(SizeRule.below("1KB"), "memory", TierConfig.parse("capacity=64KB"))
        .tier(SizeRule.any(), "disk", disk(dir, "64KB"))
        .build()) {
      PutResult declared = stack.putStream(new ByteArrayInputStream(large), LARGE, SHA_256);
      PutResult unknown = stack.putStream(new ByteArrayInputStream(large), SHA_256);

      assertEquals(new PutResult(ContentKey.sha256(large), false), declared);
      assertEquals(new PutResult(ContentKey.sha256(large), false), unknown);
      assertEquals(0, stack.entryCount());
      assertEquals(2, stack.stats().rejectedPuts());
    }
  }

  @Test
  void openStreamCountsAHitOrAMissAsAGetDoes() throws IOException {
    try (TieredCache stack = memoryAndDisk(false)) {
      ContentKey key = stack.putStream(new ByteArrayInputStream(large), SHA_256).key();

      try (InputStream in = stack.openStream(key)) {
        assertArrayEquals(large, in.readAllBytes());
      }
      assertNull(stack.openStream(ContentKey.sha256(small)));

      assertEquals(1, stack.stats().hits());
      assertEquals(1, stack.stats().misses());
    }
  }

  @Test
  void aSmallLowerHitReadToItsEndIsPromotedIntoTheMemoryTier() throws IOException {
    try (TieredCache stack = memoryAndDisk(false)) {
      ContentKey key = ContentKey.sha256(small);
      stack.tiers().get(1).put(key, small);

      try (InputStream in = stack.openStream(key)) {
        assertArrayEquals(small, in.readAllBytes());
      }

      assertArrayEquals(small, stack.tiers().get(0).getBytes(key));
    }
  }

  @Test
  void aHitNotReadToItsEndIsNotPromoted() throws IOException {
    try (TieredCache stack = memoryAndDisk(false)) {
      ContentKey key = ContentKey.sha256(small);
      stack.tiers().get(1).put(key, small);

      try (InputStream in = stack.openStream(key)) {
        assertEquals(10, in.readNBytes(10).length);
      }

      assertFalse(stack.tiers().get(0).contains(key));
    }
  }

  @Test
  void aLowerHitIsNotPromotedIntoATierWhoseRuleRefusesItsSize() throws IOException {
    try (TieredCache stack = memoryAndDisk(false)) {
      ContentKey key = ContentKey.sha256(large);
      stack.tiers().get(1).put(key, large);

      try (InputStream in = stack.openStream(key)) {
        assertArrayEquals(large, in.readAllBytes());
      }

      assertFalse(stack.tiers().get(0).contains(key));
    }
  }

  @Test
  void aLargeLowerHitIsPromotedStreamedIntoAnUpperTierThatStreams() throws IOException {
    try (TieredCache stack = TieredCache.builder()
        .tier(SizeRule.any(), "disk", disk(dir, "16MB"))
        .tier(SizeRule.any(), "disk", disk(other, "16MB"))
        .build()) {
      ContentKey key = ContentKey.sha256(large);
      stack.tiers().get(1).put(key, large);

      try (InputStream in = stack.openStream(key)) {
        assertArrayEquals(large, in.readAllBytes());
      }

      assertArrayEquals(large, stack.tiers().get(0).getBytes(key));
      assertEquals(2, stack.tierStats().get(1).stats().hits(),
          "the copy into the upper tier read the lower one again");
    }
  }

  @Test
  void aDeclaredSizeMustNotBeNegative() {
    try (TieredCache stack = memoryAndDisk(false)) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> stack.putStream(new ByteArrayInputStream(small), -1, SHA_256));
      assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
  }

  /** A tier that streams, whose storage fails once it has read a little, as a full disk does. */
  private static CacheTier diskFull() {
    CacheTier full = tier("full");
    when(full.capabilities()).thenReturn(Set.of(TierCapability.STREAMING));
    when(full.capacityBytes()).thenReturn(Long.MAX_VALUE);
    when(full.putStream(any(InputStream.class), any(DigestAlgorithm.class))).thenAnswer(call -> {
      InputStream in = call.getArgument(0);
      in.readNBytes(4096);
      throw new CacheException("writing to a full disk failed",
          new IOException("No space left on device"));
    });
    return full;
  }

  /** A stream of random bytes that fails after a number of them, as an unreadable file does. */
  private static InputStream failingAfter(int bytes, IOException failure) {
    return new InputStream() {
      private final InputStream head = new ByteArrayInputStream(content(bytes));

      @Override
      public int read() throws IOException {
        int b = head.read();
        if (b < 0) {
          throw failure;
        }
        return b;
      }

      @Override
      public int read(byte[] target, int offset, int length) throws IOException {
        int n = head.read(target, offset, length);
        if (n < 0) {
          throw failure;
        }
        return n;
      }
    };
  }
}
