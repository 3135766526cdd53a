package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheClock;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;

/**
 * Compaction's write amplification under uniform overwrites, the workload that makes the most dead
 * space for the live bytes: keys holding half the capacity, each re-put at random.
 *
 * <p>The bound asserted is the design's, not a measured number: a segment is compacted only while
 * fewer than half of its record bytes are live, and its live bytes only fall once it is walked, so
 * what compaction copies out of a segment is less than half of what was written into it. Summed over
 * every segment this tier wrote: {@code copied < (put + copied) / 2}, so {@code copied < put}, a
 * write amplification {@code (put + copied) / put} below 2, at any moment, whatever the workload.
 */
final class WriteAmplificationTest {
  private static final Logger LOG = LoggerFactory.getLogger("org.tiercache.disk.measure");
  private static final int SIZE = 4096;
  private static final long CAPACITY = 4L << 20;
  private static final int KEYS = (int) (CAPACITY / 2 / SIZE);
  private static final int PUTS = 20 * KEYS;

  @TempDir
  Path dir;

  @Test
  void compactionCopiesLessThanPutsWriteUnderUniformOverwritesAtHalfFill() {
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < KEYS; i++) {
      contents.add(Folders.content(SIZE, 700 + i));
    }
    TierConfig config = TierConfig.parse("dir=" + dir + " fsync=never pack.below=64KB "
        + "segment.size=1MB capacity=" + CAPACITY).toBuilder().clock(CacheClock.system()).build();
    SplittableRandom random = new SplittableRandom(2026);
    try (DiskTier tier = DiskTier.open(DiskSettings.from(config))) {
      for (byte[] content : contents) {
        tier.put(ContentKey.sha256(content), content);
      }
      for (int i = 0; i < PUTS; i++) {
        byte[] content = contents.get(random.nextInt(KEYS));
        tier.put(ContentKey.sha256(content), content);
        DiskLedger.SegmentWrites writes = tier.ledger().segmentWrites();
        int put = i;
        assertTrue(writes.compactionBytes() < writes.putBytes(), () -> "after put " + put
            + ", compaction copied " + writes.compactionBytes() + " bytes for "
            + writes.putBytes() + " put");
      }
      DiskLedger.SegmentWrites writes = tier.ledger().segmentWrites();
      assertTrue(writes.compactionBytes() > 0, "the overwrites must have made compaction run");
      for (byte[] content : contents) {
        assertArrayEquals(content, tier.getBytes(ContentKey.sha256(content)));
      }
      LOG.info("uniform overwrites of {} keys of {} bytes at half of {} bytes, {} puts: {} record "
          + "bytes put, {} copied by compaction: write amplification {}", KEYS, SIZE, CAPACITY,
          KEYS + PUTS, writes.putBytes(), writes.compactionBytes(),
          String.format("%.3f", (writes.putBytes() + writes.compactionBytes())
              / (double) writes.putBytes()));
    }
  }
}
