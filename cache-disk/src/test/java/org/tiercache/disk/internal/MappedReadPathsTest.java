package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tiercache.disk.internal.MappedReadsTest.contents;
import static org.tiercache.disk.internal.MappedReadsTest.maps;
import static org.tiercache.disk.internal.SegmentFileTest.bytes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;

/**
 * How many packed hits come from a segment's mapping and how many are read with {@code pread}: all
 * from the mapping when the segment no longer grows, and few while it grows. Logs the figures
 * (logger {@code org.tiercache.disk.measure}) that the module's README reports.
 */
final class MappedReadPathsTest {
  @TempDir
  Path dir;

  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

  @Test
  void everyHitOfTheGetBenchmarksWorkloadComesFromTheMapping() throws IOException {
    // InterleavedDiskGetCpuTime's workload: 1,000 entries of 4 KiB put, then only gets.
    List<byte[]> contents = contents(1000, 4096);
    try (CacheTier tier = Folders.open(dir, clock, "capacity=64MB")) {
      contents.forEach(c -> assertTrue(tier.put(ContentKey.sha256(c), c)));
      for (byte[] content : contents) {
        assertArrayEquals(content, tier.getBytes(ContentKey.sha256(content)));
      }
      assertEquals(1000, maps(tier).mappedReads());
      assertEquals(0, maps(tier).preadReads());
    }
  }

  @Test
  void whileTheActiveSegmentGrowsFewHitsFallInItsUnmappedTail() throws IOException {
    // Each put is followed by a hit on an entry put earlier, picked at random: the hits that land
    // in the newest bytes, past the mapping, are read with pread until a step has been appended.
    List<byte[]> contents = contents(8000, 4096);
    java.util.SplittableRandom random = new java.util.SplittableRandom(16);
    try (CacheTier tier = Folders.open(dir, clock, "capacity=64MB")) {
      for (int i = 0; i < contents.size(); i++) {
        byte[] content = contents.get(i);
        assertTrue(tier.put(ContentKey.sha256(content), content));
        byte[] earlier = contents.get(random.nextInt(i + 1));
        assertArrayEquals(earlier, tier.getBytes(ContentKey.sha256(earlier)));
      }
      SegmentMaps maps = maps(tier);
      double pread = (double) maps.preadReads() / (maps.preadReads() + maps.mappedReads());
      org.slf4j.LoggerFactory.getLogger("org.tiercache.disk.measure").info("8,000 puts of 4 KiB "
          + "into one segment, each followed by a hit on a random earlier entry: {} hits from the "
          + "mapping, {} with pread ({})", maps.mappedReads(), maps.preadReads(),
          String.format(java.util.Locale.ROOT, "%.3f", pread));
      assertTrue(pread < 0.15, "fraction read with pread: " + pread);
    }
  }
}
