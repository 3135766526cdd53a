package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.TierConfig;
import org.tiercache.testlog.CapturedLog;

/**
 * The packed counterparts of {@link FailedWriteTest}: a put of small content whose append to a
 * segment fails, or whose record is written but never made durable, throws {@link CacheException}
 * (never reported stored), leaves nothing that is ever served, gives back its room, and the tier
 * goes on; a reopen, clean or after a crash, does not bring the failed put back.
 */
@ExtendWith(CapturedLog.class)
final class FailedPackedWriteTest {
  /** 600 KB and 500 KB do not share a 1 MB segment: the second put starts segment 2. */
  private static final String LARGE_RECORDS = "pack.below=1MB segment.size=1MB capacity=1100KB";
  private static final int HELD = 600 * 1024;
  private static final int NEW = 500 * 1024;

  @TempDir
  Path dir;
  @TempDir
  Path crashed;
  private final AtomicLong clock = new AtomicLong(1_000);
  private final AtomicBoolean flushFails = new AtomicBoolean();

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void putWhoseSegmentCannotBeStartedLeavesNothingAndTheTierUsable(boolean stream,
      CapturedLog log) throws IOException {
    byte[] held = Folders.content(HELD, 1);
    byte[] content = Folders.content(NEW, 2);
    ContentKey key = ContentKey.sha256(content);
    // The name the next segment takes is held by a folder the tier did not make: creating the
    // segment fails, as it would for want of an inode or a descriptor.
    Path blocker = dir.resolve("segments").resolve(String.format("%016d", 2));
    try (CacheTier tier = Folders.open(dir, clock, LARGE_RECORDS)) {
      assertTrue(tier.put(ContentKey.sha256(held), held));
      Files.createDirectory(blocker);

      CacheException e = assertThrows(CacheException.class, () -> put(tier, content, stream));

      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
      assertFalse(tier.contains(key));
      assertEquals(1, tier.entryCount());
      assertEquals(HELD, tier.sizeBytes());
      assertEquals(1, tier.stats().puts(), "the failed put is not counted as stored");
      assertArrayEquals(held, tier.getBytes(ContentKey.sha256(held)), "other entries are kept");

      assertTrue(put(tier, content, stream), "the next put starts the segment after the name");
      assertEquals(2, tier.entryCount(), "nothing was evicted: the failed put gave back its room");
      assertEquals(HELD + NEW, tier.sizeBytes());
      assertArrayEquals(content, tier.getBytes(key));
      assertTrue(Files.isDirectory(blocker), "a name the tier did not make is left alone");
    }
    try (CacheTier tier = Folders.open(dir, clock, LARGE_RECORDS)) {
      assertEquals(2, tier.entryCount());
      assertArrayEquals(held, tier.getBytes(ContentKey.sha256(held)));
      assertArrayEquals(content, tier.getBytes(key));
    }
    log.expect(Level.WARN, "left 1 entries in disk tier folder", blocker.toString());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void putWhoseRecordIsWrittenButNeverDurableIsNotStoredAndGivesBackItsRoom(boolean stream) {
    String settings = "fsync=always pack.below=64KB segment.size=1MB capacity=1000";
    byte[] held = Folders.content(600, 1);
    byte[] failed = Folders.content(400, 2);
    byte[] later = Folders.content(400, 3);
    try (DiskTier tier = openFlushing(dir, settings)) {
      assertTrue(tier.put(ContentKey.sha256(held), held));
      flushFails.set(true);

      // Its record is in the segment, whole; the device never confirmed it.
      assertThrows(CacheException.class, () -> put(tier, failed, stream));

      assertFalse(tier.contains(ContentKey.sha256(failed)), "never reported, nor served, stored");
      assertEquals(1, tier.entryCount());
      assertEquals(600, tier.sizeBytes());
      flushFails.set(false);
      assertTrue(put(tier, later, stream));
      assertEquals(2, tier.entryCount(), "nothing was evicted: the failed put gave back its room");
      assertEquals(1000, tier.sizeBytes());
      Folders.copyAsCrashed(dir, crashed);
    }
    for (Path folder : new Path[] {dir, crashed}) {
      try (CacheTier tier = Folders.open(folder, clock, settings)) {
        assertFalse(tier.contains(ContentKey.sha256(failed)), folder + ": a dead record is never "
            + "adopted");
        assertEquals(2, tier.entryCount(), folder.toString());
        assertEquals(1000, tier.sizeBytes(), folder.toString());
        assertArrayEquals(held, tier.getBytes(ContentKey.sha256(held)), folder.toString());
        assertArrayEquals(later, tier.getBytes(ContentKey.sha256(later)), folder.toString());
      }
    }
  }

  private DiskTier openFlushing(Path folder, String settings) {
    TierConfig config = TierConfig.parse("dir=" + folder + " " + settings).toBuilder()
        .clock(clock::get).build();
    UnaryOperator<GroupCommit.Flush> wrap = flush -> () -> {
      if (flushFails.get()) {
        throw new IOException("injected: the device refused the flush");
      }
      flush.flush();
    };
    return DiskTier.open(DiskSettings.from(config), ContentFiles.FILES, LifetimeCounter.DAEMON,
        wrap);
  }

  private static boolean put(CacheTier tier, byte[] content, boolean stream) {
    return stream
        ? tier.putStream(new ByteArrayInputStream(content), DigestAlgorithm.SHA_256).stored()
        : tier.put(ContentKey.sha256(content), content);
  }
}
