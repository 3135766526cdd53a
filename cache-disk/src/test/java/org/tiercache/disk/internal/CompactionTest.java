package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;

/**
 * Compaction of packed segments: under a workload that leaves every segment partly live (random
 * re-puts of a fixed set of keys, so no segment ever empties by itself), the space segments take
 * stays bounded, and every entry keeps its content, recency and age across clean and unclean reopens.
 */
final class CompactionTest {
  private static final Logger LOG = LoggerFactory.getLogger("org.tiercache.disk.measure");
  private static final int KEYS = 80;
  private static final int SIZE = 20_000;
  private static final int PUTS = 2_000;
  private static final String SETTINGS = "pack.below=64KB segment.size=1MB capacity=1600000";

  @TempDir
  Path dir;
  @TempDir
  Path crashed;
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);
  private final List<byte[]> contents = new ArrayList<>();

  @Test
  void segmentsStayBoundedUnderRandomRePutsAndEveryEntryKeepsItsContent() throws IOException {
    for (int i = 0; i < KEYS; i++) {
      contents.add(Folders.content(SIZE, 500 + i));
    }
    SplittableRandom random = new SplittableRandom(16);
    long largestSegments = 0;
    try (CacheTier tier = Folders.open(dir, clock, SETTINGS)) {
      for (byte[] content : contents) {
        assertTrue(tier.put(key(content), content));
      }
      for (int i = 0; i < PUTS; i++) {
        byte[] content = contents.get(random.nextInt(KEYS));
        assertTrue(tier.put(key(content), content));
        largestSegments = Math.max(largestSegments, segmentBytes());
      }
      long live = (long) KEYS * SIZE;
      long written = (long) (KEYS + PUTS) * SIZE;
      LOG.info("{} re-puts of {} keys of {} bytes: segments took at most {} bytes for {} live "
          + "({}x), against {} written", PUTS, KEYS, SIZE, largestSegments, live,
          String.format("%.2f", (double) largestSegments / live), written);
      // Without compaction, every segment keeps a few live records and nothing is ever freed: the
      // segments would hold all 41 MB written.
      assertTrue(largestSegments <= 2 * live + 3 * (1 << 20),
          "segments took " + largestSegments + " bytes for " + live + " live");
      assertEquals(KEYS, tier.entryCount());
      for (byte[] content : contents) {
        assertArrayEquals(content, tier.getBytes(key(content)));
      }
      Folders.copyAsCrashed(dir, crashed);
    }
    for (Path folder : List.of(dir, crashed)) {
      try (CacheTier tier = Folders.open(folder, clock, SETTINGS)) {
        assertEquals(KEYS, tier.entryCount(), folder.toString());
        for (byte[] content : contents) {
          assertArrayEquals(content, tier.getBytes(key(content)), folder.toString());
        }
      }
    }
  }

  @Test
  void movedEntriesKeepTheirRecencyAndAge() throws IOException {
    // Three entries fill a 1 MB segment and the capacity. Re-putting b and c leaves the first
    // segment a third live, so the puts that follow move a into the active segment.
    String settings = "pack.below=400KB segment.size=1MB capacity=900000";
    byte[] a = Folders.content(300_000, 1);
    byte[] b = Folders.content(300_000, 2);
    byte[] c = Folders.content(300_000, 3);
    byte[] d = Folders.content(300_000, 4);
    long aWritten = clock.get();
    try (CacheTier tier = Folders.open(dir, clock, settings)) {
      tier.put(key(a), a);
      clock.addAndGet(1_000);
      tier.put(key(b), b);
      tier.put(key(c), c);
      Path first = Folders.list(dir.resolve(DiskLayout.SEGMENTS)).get(0);
      tier.get(key(a));
      tier.put(key(b), b);
      tier.put(key(c), c);
      // Recency from the eldest: a, b, c; the last put's compaction moved a out of the first
      // segment, and nothing may touch a from here on.
      assertEquals(1, tier.entries().filter(e -> e.key().equals(key(a)))
          .filter(e -> e.writeTime().equals(java.time.Instant.ofEpochSecond(0, aWritten)))
          .count(), "a keeps its write time wherever its bytes moved");
      firstSegment = first;
    }
    try (CacheTier tier = Folders.open(dir, clock, settings)) {
      assertFalse(Files.exists(firstSegment), "no entry lies in the first segment: a moved");
      assertEquals(3, tier.entryCount());
      tier.put(key(d), d);
      assertFalse(tier.contains(key(a)), "a is still the least recently used: a move is no use");
      assertTrue(tier.contains(key(b)) && tier.contains(key(c)));
      assertArrayEquals(c, tier.getBytes(key(c)));
    }
  }

  @Test
  void aFullTierEvictingInWriteOrderCopiesNothing() throws IOException {
    // Each put of a new key evicts the eldest, so segments drain oldest first: the live records
    // left in the oldest are the next to be evicted, and copying them would be writing for nothing.
    String settings = "pack.below=64KB segment.size=1MB capacity=2MB fsync=never";
    try (DiskTier tier = (DiskTier) Folders.open(dir, clock, settings)) {
      for (int i = 0; i < 3_000; i++) {
        byte[] content = Folders.content(4096, 10_000 + i);
        assertTrue(tier.put(key(content), content));
      }
      assertEquals(3_000 - 512, tier.stats().evictions(), "every put past 2 MB evicted one");
      assertEquals(0, tier.ledger().segmentWrites().compactionBytes(),
          "nothing copied out of segments that eviction empties by itself");
      long segments = segmentBytes();
      assertTrue(segments <= 4L << 20, () -> "segments hold " + segments
          + " bytes for 2 MB live: the two being drained and written, and at most one more");
    }
  }

  private Path firstSegment;

  private long segmentBytes() throws IOException {
    long total = 0;
    for (Path segment : Folders.list(dir.resolve(DiskLayout.SEGMENTS))) {
      total += Files.size(segment);
    }
    return total;
  }

  private static ContentKey key(byte[] content) {
    return ContentKey.sha256(content);
  }
}
