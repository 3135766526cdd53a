package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;

/**
 * Measures how long opening a folder of 100,000 entries takes, after a clean close (the journal
 * alone) and after a crash (the journal and one listing of the content folders). Prints the figures;
 * asserts only what was opened, never a time.
 *
 * <p>The folder is made directly (one-byte files and a journal written record by record) rather
 * than by 100,000 puts, to keep the test to seconds.
 */
final class ReopenTimeTest {
  private static final Logger LOG = LoggerFactory.getLogger("org.tiercache.disk.measure");
  private static final int ENTRIES = 100_000;

  @TempDir
  Path dir;
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

  @Test
  void reopenOfOneHundredThousandEntriesReadsOnlyTheJournal() throws IOException {
    writeFolder();
    long clean = timeOpen(ENTRIES);
    long secondClean = timeOpen(ENTRIES);
    // A crash: the journal ends without its CLOSE record, so the folder is listed once.
    try (FileChannel journal = FileChannel.open(dir.resolve("journal"), StandardOpenOption.WRITE)) {
      journal.truncate(journal.size() - JournalFormat.FRAME_BYTES - 1);
    }
    long crashed = timeOpen(ENTRIES);
    LOG.info("reopen of {} entries: {} ms and {} ms after clean closes, {} ms after a crash "
        + "(journal plus one listing of the content folders)", ENTRIES, clean, secondClean, crashed);
  }

  private long timeOpen(int expected) {
    long started = System.nanoTime();
    try (CacheTier tier = Folders.open(dir, clock, "capacity=1GB")) {
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertEquals(expected, tier.entryCount());
      assertEquals(expected, tier.sizeBytes());
      return millis;
    }
  }

  private void writeFolder() throws IOException {
    DiskLayout layout =
        new DiskLayout(dir, FileModes.of(FolderAccess.PRIVATE, dir.getFileSystem()));
    Files.createDirectories(layout.tmpDir());
    EntryIndex index = new EntryIndex();
    SplittableRandom random = new SplittableRandom(1);
    CRC32C crc = new CRC32C();
    byte[] one = {42};
    crc.update(one);
    for (int i = 0; i < ENTRIES; i++) {
      KeyBits key = new KeyBits(false, random.nextLong(), random.nextLong(), random.nextLong(),
          random.nextLong());
      Entry e = new Entry(key, 1, clock.get() + i, (int) crc.getValue(), true);
      index.add(e);
      Path file = layout.contentFile(e);
      Files.createDirectories(file.getParent());
      Files.write(file, one);
    }
    DiskSettings settings = DiskSettings.from(TierConfig.parse("dir=" + dir + " fsync=never"));
    try (JournalFile journal = JournalFile.rewrite(layout, index, settings)) {
      journal.closeCleanly();
    }
    assertEquals(ENTRIES, index.count());
  }
}
