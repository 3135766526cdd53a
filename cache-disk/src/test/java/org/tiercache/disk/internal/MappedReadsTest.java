package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tiercache.disk.internal.PackedReadsTest.append;
import static org.tiercache.disk.internal.SegmentFileTest.bytes;
import static org.tiercache.disk.internal.SegmentFileTest.flipByte;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.testlog.CapturedLog;

/**
 * Packed hits read through memory maps of the segments: the content is exact wherever the record
 * lies (a sealed segment, the active one's mapped part, its unmapped tail, across the mapping's
 * end), damage is still damage, a segment given up under a reader stays readable until it is done
 * and is then deleted, a segment cut short underneath is damage and never a crash, and {@code
 * segment.map=false} reads with {@code pread}.
 */
@ExtendWith(CapturedLog.class)
final class MappedReadsTest {
  private static final long ID = 3;

  @TempDir
  Path dir;

  private final FileModes modes = FileModes.of(FolderAccess.PRIVATE,
      java.nio.file.FileSystems.getDefault());
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

  @Test
  void hitsFromASealedSegmentAreReadFromItsMappingExactly() throws IOException {
    List<byte[]> contents = contents(20, 4096);
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      contents.forEach(c -> assertTrue(tier.put(ContentKey.sha256(c), c)));
    }
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      SegmentMaps maps = maps(tier);
      for (byte[] content : contents) {
        assertArrayEquals(content, tier.getBytes(ContentKey.sha256(content)));
      }
      assertEquals(20, maps.mappedReads());
      assertEquals(0, maps.preadReads());
    }
  }

  @Test
  void theActiveSegmentsMappedPartAndItsUnmappedTailBothReadExactly() throws IOException {
    SegmentMaps maps = SegmentMaps.on();
    try (SegmentFile segment = segment(maps)) {
      byte[] first = bytes(1, 4096);
      Entry a = append(segment, first);
      assertArrayEquals(first, content(read(segment, a)), "maps the segment as it is now");
      assertEquals(1, maps.mappedReads());

      byte[] second = bytes(2, 4096);
      Entry b = append(segment, second);
      assertArrayEquals(second, content(read(segment, b)), "past the mapping: pread");
      assertArrayEquals(first, content(read(segment, a)), "still inside the mapping");
      assertEquals(2, maps.mappedReads());
      assertEquals(1, maps.preadReads());

      // Once a step (1 MiB) was appended past the mapping, the next read past it maps again.
      List<byte[]> more = contents(300, 4096);
      List<Entry> appended = new ArrayList<>();
      for (byte[] content : more) {
        appended.add(append(segment, content));
      }
      assertArrayEquals(more.get(299), content(read(segment, appended.get(299))));
      assertArrayEquals(second, content(read(segment, b)));
      assertEquals(4, maps.mappedReads());
      assertEquals(1, maps.preadReads());
    }
  }

  @Test
  void aRecordCrossingTheMappingsEndIsReadWithPread() throws IOException {
    SegmentMaps maps = SegmentMaps.on();
    Path path = dir.resolve("s" + ID);
    try (SegmentFile segment = segment(maps)) {
      byte[] first = bytes(3, 4096);
      byte[] second = bytes(4, 4096);
      Entry a = append(segment, first);
      Entry b = append(segment, second);
      byte[] whole = Files.readAllBytes(path);
      // As if b's write had not wholly landed when a's read mapped the segment.
      long cut = PackedStore.offset(b.location) + 2000;
      truncate(path, cut);
      assertArrayEquals(first, content(read(segment, a)));
      try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(whole, (int) cut, whole.length - (int) cut), cut);
      }

      assertArrayEquals(second, content(read(segment, b)));
      assertEquals(1, maps.mappedReads());
      assertEquals(1, maps.preadReads());
    }
  }

  @Test
  void flippedBytesInAMappedRecordAreDamageAsThePolicySays() throws IOException {
    SegmentMaps maps = SegmentMaps.on();
    try (SegmentFile segment = segment(maps)) {
      byte[] content = bytes(5, 4096);
      Entry e = append(segment, content);
      Entry other = append(segment, bytes(6, 4096));
      long at = PackedStore.offset(e.location);
      assertArrayEquals(content, content(read(segment, e)));

      flipByte(segment.path(), at + SegmentFormat.RECORD_HEADER_BYTES + 100);
      assertEquals("its CRC32C does not match the one taken when it was put",
          PackedReadsTest.read(segment, e, VerifyPolicy.CHECKSUM).damage());
      assertEquals("its digest does not match its key",
          PackedReadsTest.read(segment, e, VerifyPolicy.ALWAYS).damage());
      flipByte(segment.path(), at + 40); // the write time: only the header's checksum covers it
      assertEquals("its record in the segment is not whole, or not its own",
          PackedReadsTest.read(segment, e, VerifyPolicy.NEVER).damage());
      Entry pointedAtOther = new Entry(other.key(), other.size, 0, other.checksum, true,
          e.location);
      assertEquals("its record in the segment is not whole, or not its own",
          PackedReadsTest.read(segment, pointedAtOther, VerifyPolicy.NEVER).damage(), "a wrong offset");
      assertEquals(0, maps.preadReads(), "every read above came from the mapping");
    }
  }

  @Test
  void aSegmentCompactedAwayUnderAReaderStaysReadableUntilItIsDoneAndIsThenDeleted()
      throws IOException {
    // Three entries fill a 1 MB segment; re-putting b and c leaves it a third live, and the last
    // put's compaction moves a out and gives the segment up (as in CompactionTest).
    String settings = "pack.below=400KB segment.size=1MB capacity=900000";
    byte[] a = bytes(7, 300_000);
    byte[] b = bytes(8, 300_000);
    byte[] c = bytes(9, 300_000);
    try (DiskTier tier = (DiskTier) Folders.open(dir, clock, settings)) {
      put(tier, a, b, c);
      Path first = Folders.list(dir.resolve(DiskLayout.SEGMENTS)).get(0);
      assertArrayEquals(a, tier.getBytes(ContentKey.sha256(a)), "maps the first segment");
      DiskLedger.OpenedContent reader = tier.ledger().openContent(
          KeyBits.of(ContentKey.sha256(a)), Long.MAX_VALUE);
      assertNotNull(reader.content().segment());

      put(tier, b, c);
      assertTrue(Files.exists(first), "a reader still holds it");
      assertArrayEquals(a, tier.getBytes(ContentKey.sha256(a)), "a's copy, elsewhere");
      PackedReads.Result held = PackedReads.read(reader.content().segment(), reader.entry(),
          VerifyPolicy.CHECKSUM);

      assertNull(held.damage());
      assertArrayEquals(a, content(held));
      assertFalse(Files.exists(first), "deleted once its last reader was done");
      assertEquals(0, maps(tier).preadReads());
    }
  }

  @Test
  void aSegmentCutShortUnderneathIsDamageAndTheTierGoesOn(CapturedLog log) throws IOException {
    List<byte[]> contents = contents(40, 4096);
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      contents.forEach(c -> assertTrue(tier.put(ContentKey.sha256(c), c)));
    }
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      assertArrayEquals(contents.get(0), tier.getBytes(ContentKey.sha256(contents.get(0))),
          "maps the segment whole");
      Path segment = Folders.list(dir.resolve(DiskLayout.SEGMENTS)).get(0);
      // Page-aligned: every record past it lies on pages wholly past the file's new end.
      truncate(segment, 8 * 4096);
      int whole = (8 * 4096 - SegmentFormat.FILE_HEADER_BYTES) / 4149;

      for (int i = contents.size() - 1; i >= 0; i--) {
        byte[] content = contents.get(i);
        if (i < whole) {
          assertArrayEquals(content, tier.getBytes(ContentKey.sha256(content)), "entry " + i);
        } else {
          assertNull(tier.getBytes(ContentKey.sha256(content)), "entry " + i);
        }
      }

      // The first read past the new end faulted in the mapping (SIGBUS, raised as InternalError);
      // the segment is read with pread from then on, which finds the file short.
      log.expect(Level.WARN, "is damaged", "the mapped bytes of segment", "are gone");
      log.expectAll(Level.WARN, "is damaged");
      assertEquals(1, maps(tier).mappedReads(), "only the read before the cut");
      assertEquals(40 - whole, tier.stats().damaged());
      assertEquals(whole, tier.entryCount());
      byte[] later = bytes(99, 4096);
      assertTrue(tier.put(ContentKey.sha256(later), later));
      assertArrayEquals(later, tier.getBytes(ContentKey.sha256(later)));
    }
  }

  @Test
  void aMappingThatFailsIsLoggedOnceAndEveryHitIsThenReadWithPread(CapturedLog log)
      throws IOException {
    AtomicInteger tries = new AtomicInteger();
    SegmentMaps maps = SegmentMaps.on((channel, size) -> {
      tries.incrementAndGet();
      throw new IOException("Map failed", new OutOfMemoryError("Map failed"));
    });
    try (SegmentFile first = segment(maps);
        SegmentFile second = SegmentFile.create(modes, dir.resolve("s" + (ID + 1)), ID, 64 << 20,
            maps)) {
      byte[] a = bytes(10, 4096);
      byte[] b = bytes(11, 4096);
      Entry inFirst = append(first, a);
      Entry inSecond = append(second, b);

      assertArrayEquals(a, content(read(first, inFirst)));
      assertArrayEquals(a, content(read(first, inFirst)));
      assertArrayEquals(b, content(read(second, inSecond)));

      assertEquals(1, tries.get(), "no segment is mapped again once a mapping failed");
      assertFalse(maps.mapping());
      assertEquals(3, maps.preadReads());
      log.expect(Level.WARN, "mapping segment", "Map failed", "reads every segment with pread");
      assertEquals(1, log.events().size(), "logged once");
    }
  }

  @Test
  void withMappingOffEveryHitIsReadWithPread() throws IOException {
    List<byte[]> contents = contents(10, 4096);
    try (CacheTier tier = Folders.open(dir, clock, "segment.map=false")) {
      contents.forEach(c -> assertTrue(tier.put(ContentKey.sha256(c), c)));
      for (byte[] content : contents) {
        assertArrayEquals(content, tier.getBytes(ContentKey.sha256(content)));
      }
      assertEquals(0, maps(tier).mappedReads());
      assertEquals(10, maps(tier).preadReads());
    }
  }

  @Test
  void readersRacingRemapsCompactionsAndUnmapsAlwaysGetExactContent() throws Exception {
    // 1 MB segments under random re-puts: segments grow (remapped), fill, are compacted away and
    // unmapped, all while four threads read; a hit must be the entry's exact content, and nothing
    // read may look damaged.
    List<byte[]> contents = contents(64, 8192);
    try (CacheTier tier = Folders.open(dir, clock, "segment.size=1MB capacity=64MB")) {
      contents.forEach(c -> assertTrue(tier.put(ContentKey.sha256(c), c)));
      java.util.concurrent.atomic.AtomicBoolean writing =
          new java.util.concurrent.atomic.AtomicBoolean(true);
      java.util.concurrent.ExecutorService readers =
          java.util.concurrent.Executors.newFixedThreadPool(4);
      List<java.util.concurrent.Future<Long>> hits = new ArrayList<>();
      java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(4);
      for (int r = 0; r < 4; r++) {
        int seed = r;
        hits.add(readers.submit(() -> {
          java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
          started.countDown();
          long n = 0;
          while (writing.get()) {
            byte[] content = contents.get(random.nextInt(contents.size()));
            byte[] got = tier.getBytes(ContentKey.sha256(content));
            // A put drops the key's old entry first, so a get racing a re-put of it may miss.
            if (got != null) {
              if (!java.util.Arrays.equals(content, got)) {
                throw new AssertionError("a hit returned other bytes");
              }
              n++;
            }
          }
          return n;
        }));
      }
      started.await();
      java.util.SplittableRandom random = new java.util.SplittableRandom(99);
      for (int i = 0; i < 3000; i++) {
        byte[] content = contents.get(random.nextInt(contents.size()));
        assertTrue(tier.put(ContentKey.sha256(content), content));
      }
      writing.set(false);
      long total = 0;
      for (java.util.concurrent.Future<Long> f : hits) {
        total += f.get();
      }
      readers.shutdown();
      assertTrue(total > 0);
      assertTrue(maps(tier).mappedReads() > 0);
      assertEquals(0, tier.stats().damaged());
      long segments = Folders.list(dir.resolve(DiskLayout.SEGMENTS)).size();
      assertTrue(segments < 10, segments + " segments left: compaction freed the others");
    }
  }

  @Test
  void aMapSettingOtherThanTrueOrFalseIsRefusedNamingIt() {
    org.tiercache.api.CacheException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.tiercache.api.CacheException.class,
        () -> Folders.open(dir, clock, "segment.map=yes"));
    assertTrue(e.getMessage().contains("'segment.map'") && e.getMessage().contains("yes"),
        e.getMessage());
  }

  /** The tier's count of hits by read path. */
  static SegmentMaps maps(CacheTier tier) {
    return ((DiskTier) tier).ledger().packed().maps();
  }

  private static void put(CacheTier tier, byte[]... contents) {
    for (byte[] content : contents) {
      assertTrue(tier.put(ContentKey.sha256(content), content));
    }
  }

  /** Distinct contents of one size. */
  static List<byte[]> contents(int count, int size) {
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      contents.add(bytes(1000 + i, size));
    }
    return contents;
  }

  private static void truncate(Path path, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }

  private SegmentFile segment(SegmentMaps maps) throws IOException {
    return SegmentFile.create(modes, dir.resolve("s" + ID), ID, 64 << 20, maps);
  }

  private static PackedReads.Result read(SegmentFile segment, Entry e) {
    return PackedReadsTest.read(segment, e, VerifyPolicy.CHECKSUM);
  }

  private static byte[] content(PackedReads.Result read) {
    assertNull(read.damage());
    ByteBuffer content = read.content();
    byte[] out = new byte[content.remaining()];
    content.get(out);
    return out;
  }
}
