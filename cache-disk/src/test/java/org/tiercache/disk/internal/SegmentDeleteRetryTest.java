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
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.testlog.CapturedLog;

/**
 * The packed counterpart of {@link DeleteRetryTest}: a segment that no longer holds a live record
 * (its entries removed, or moved out by compaction) and whose delete failed is deleted again at the
 * next eviction pass or at close, and one still there at close is deleted by the next open: never a
 * segment on disk outside the accounting. Failures are injected through the tier's deleter, since
 * the tests run as root, for whom no permission makes a delete fail.
 */
@ExtendWith(CapturedLog.class)
final class SegmentDeleteRetryTest {
  /** 300 KB records: three fill a 1 MB segment, the fourth starts the next one. */
  private static final String SETTINGS = "pack.below=400KB segment.size=1MB capacity=10MB";
  private static final int SIZE = 300_000;

  @TempDir
  Path dir;
  private final AtomicLong clock = new AtomicLong(1_000);
  /** While set, every segment delete fails. */
  private final AtomicBoolean failing = new AtomicBoolean();
  /** The segments whose delete was refused. */
  private final Set<Path> refused = ConcurrentHashMap.newKeySet();
  private final ContentFiles.Deleter deleter = file -> {
    if (failing.get() && file.getParent().getFileName().toString().equals("segments")) {
      refused.add(file);
      throw new IOException("injected failure deleting " + file);
    }
    return Files.deleteIfExists(file);
  };
  private final byte[] a = Folders.content(SIZE, 1);
  private final byte[] b = Folders.content(SIZE, 2);
  private final byte[] c = Folders.content(SIZE, 3);
  private final byte[] d = Folders.content(SIZE, 4);
  private final byte[] e = Folders.content(SIZE, 5);

  @Test
  void segmentWhoseDeleteFailedIsDeletedAtTheNextEvictionPass(CapturedLog log) {
    try (DiskTier tier = open()) {
      Path first = fillFirstSegment(tier);
      failing.set(true);
      remove(tier, a, b, c); // the first segment holds nothing live: freed, its delete fails
      assertTrue(Files.exists(first), "the injected failure left the segment");
      assertEquals(SIZE, tier.sizeBytes());

      failing.set(false);
      assertTrue(tier.put(key(e), e)); // the next eviction pass

      assertFalse(Files.exists(first), "the failed delete must be tried again");
      assertNoSegmentOutsideTheAccounting(tier);
      assertArrayEquals(d, tier.getBytes(key(d)));
      assertArrayEquals(e, tier.getBytes(key(e)));
    }
    log.expectAll(Level.WARN, "could not delete segment " + dir, "injected failure");
  }

  @Test
  void segmentWhoseDeleteFailedIsDeletedAtClose(CapturedLog log) {
    Path first;
    try (DiskTier tier = open()) {
      first = fillFirstSegment(tier);
      failing.set(true);
      remove(tier, a, b, c);
      assertTrue(Files.exists(first));
      failing.set(false);
    }
    assertFalse(Files.exists(first));
    log.expectAll(Level.WARN, "could not delete segment " + dir, "injected failure");
  }

  @Test
  void segmentWhoseDeleteKeepsFailingIsDeletedByTheNextOpen(CapturedLog log) {
    Path first;
    try (DiskTier tier = open()) {
      first = fillFirstSegment(tier);
      failing.set(true);
      remove(tier, a, b, c);
    }
    assertTrue(Files.exists(first), "still failing at close");
    try (DiskTier tier = open()) {
      assertFalse(Files.exists(first), "a segment no entry lies in is deleted at open");
      assertEquals(1, tier.entryCount());
      assertEquals(SIZE, tier.sizeBytes());
      assertArrayEquals(d, tier.getBytes(key(d)));
      assertNoSegmentOutsideTheAccounting(tier);
    }
    log.expectAll(Level.WARN, "could not delete segment " + dir, "injected failure");
  }

  @Test
  void segmentsCompactionEmptiedWhoseDeleteFailedAreDeletedLaterAndLoseNothing(CapturedLog log) {
    // CompactionTest's workload, smaller: random re-puts of a fixed set of keys leave every segment
    // partly live, so the segments freed are those compaction moved every live record out of.
    String settings = "pack.below=64KB segment.size=1MB capacity=1600000";
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      contents.add(Folders.content(20_000, 500 + i));
    }
    SplittableRandom random = new SplittableRandom(16);
    try (DiskTier tier = open(settings)) {
      for (byte[] content : contents) {
        assertTrue(tier.put(key(content), content));
      }
      failing.set(true);
      for (int i = 0; i < 600; i++) {
        byte[] content = contents.get(random.nextInt(contents.size()));
        assertTrue(tier.put(key(content), content));
      }
      assertTrue(tier.ledger().segmentWrites().compactionBytes() > 0, "compaction ran");
      assertFalse(refused.isEmpty(), "compaction emptied segments whose deletes failed");
      assertTrue(segmentsOnDisk().containsAll(refused), "and they are still on disk");
      for (byte[] content : contents) {
        assertArrayEquals(content, tier.getBytes(key(content)), "every entry keeps its content");
      }

      failing.set(false);
      byte[] content = contents.get(0);
      assertTrue(tier.put(key(content), content)); // the next eviction pass

      assertNoSegmentOutsideTheAccounting(tier);
      assertEquals(80L * 20_000, tier.sizeBytes());
    }
    try (DiskTier tier = open(settings)) {
      assertEquals(80, tier.entryCount());
      for (byte[] content : contents) {
        assertArrayEquals(content, tier.getBytes(key(content)));
      }
    }
    log.expectAll(Level.WARN, "could not delete segment " + dir, "injected failure");
  }

  private DiskTier open() {
    return open(SETTINGS);
  }

  private DiskTier open(String settings) {
    return (DiskTier) Folders.open(dir, clock, settings, deleter);
  }

  /** Puts a, b and c (the first segment, full) and d (the second): returns the first. */
  private Path fillFirstSegment(DiskTier tier) {
    for (byte[] content : List.of(a, b, c, d)) {
      assertTrue(tier.put(key(content), content));
    }
    List<Path> segments = segmentsOnDisk();
    assertEquals(2, segments.size(), segments::toString);
    return segments.get(0);
  }

  private static void remove(CacheTier tier, byte[]... contents) {
    for (byte[] content : contents) {
      assertTrue(tier.remove(key(content)));
    }
  }

  /**
   * Every segment file on disk is one an entry lies in, but for the newest, which takes the appends
   * (it may hold nothing live yet): no segment is left holding bytes outside the accounting.
   */
  private void assertNoSegmentOutsideTheAccounting(DiskTier tier) {
    Set<Long> live = new TreeSet<>();
    long bytes = 0;
    for (Entry entry : tier.ledger().snapshot()) {
      if (entry.packed()) {
        live.add(PackedStore.segmentId(entry.location));
      }
      bytes += entry.size;
    }
    assertEquals(bytes, tier.sizeBytes());
    List<Long> onDisk = segmentsOnDisk().stream()
        .map(p -> DiskLayout.parseSegmentName(p.getFileName().toString()))
        .collect(Collectors.toList());
    Set<Long> outside = new TreeSet<>(onDisk.subList(0, Math.max(0, onDisk.size() - 1)));
    outside.removeAll(live);
    assertTrue(outside.isEmpty(), () -> "segments " + outside + " hold no entry (live: " + live
        + ", on disk: " + onDisk + ")");
  }

  private List<Path> segmentsOnDisk() {
    return Folders.list(dir.resolve("segments")).stream().sorted().collect(Collectors.toList());
  }

  private static ContentKey key(byte[] content) {
    return ContentKey.sha256(content);
  }
}
