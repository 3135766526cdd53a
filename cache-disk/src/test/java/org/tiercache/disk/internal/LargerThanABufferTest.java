package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;

/**
 * {@code get} of content larger than a {@code ByteBuffer} holds throws, having counted nothing and
 * changed no recency. Writing 2 GiB per test run is not worth it: the tier's index is told instead,
 * through the journal of a cleanly closed folder, that an entry holds 3 GiB; {@code get} decides
 * from the index, before it opens the file.
 */
final class LargerThanABufferTest {
  private static final long THREE_GIB = 3L << 30;

  @TempDir
  Path dir;
  private final AtomicLong clock = new AtomicLong(1_000);

  @Test
  void getOfContentLargerThanABufferThrowsWithoutCountingOrTouchingIt() throws IOException {
    byte[] large = Folders.content(10, 1);
    byte[] small = Folders.content(10, 2);
    ContentKey largeKey = ContentKey.sha256(large);
    ContentKey smallKey = ContentKey.sha256(small);
    writeCleanJournal(new Entry(KeyBits.of(largeKey), THREE_GIB, clock.get(), 0, false),
        new Entry(KeyBits.of(smallKey), small.length, clock.get(), 0, false));
    long capacity = THREE_GIB + 20;

    try (CacheTier tier = Folders.open(dir, clock, "capacity=" + capacity)) {
      assertEquals(THREE_GIB + small.length, tier.sizeBytes(), "the index believes the journal");

      CacheException e = assertThrows(CacheException.class, () -> tier.get(largeKey));
      assertTrue(e.getMessage().contains(largeKey.hex()), e.getMessage());
      assertTrue(e.getMessage().contains(THREE_GIB + " bytes"), e.getMessage());
      assertTrue(e.getMessage().contains("openStream"), e.getMessage());

      TierStats stats = tier.stats();
      assertEquals(0, stats.hits(), "not a hit: nothing was returned");
      assertEquals(0, stats.misses(), "not a miss: the content is there");
      assertEquals(0, stats.damaged());
      assertTrue(tier.contains(largeKey), "the entry is kept");
      // Room for one more small entry, then the next evicts the least recently used: the large
      // entry, written first and not made recent by the get that threw.
      byte[] third = Folders.content(10, 3);
      byte[] fourth = Folders.content(10, 4);
      assertTrue(tier.put(ContentKey.sha256(third), third));
      assertTrue(tier.put(ContentKey.sha256(fourth), fourth));
      assertFalse(tier.contains(largeKey), "the large entry was still the least recently used");
      assertTrue(tier.contains(smallKey));
    }
  }

  /** Writes the journal of a cleanly closed folder holding these entries, eldest first. */
  private void writeCleanJournal(Entry... entries) throws IOException {
    DiskLayout layout =
        new DiskLayout(dir, FileModes.of(FolderAccess.PRIVATE, dir.getFileSystem()));
    // The folder is made the tier's as a first open makes it, then its journal is replaced.
    Folders.open(dir, clock, "").close();
    EntryIndex index = new EntryIndex();
    for (Entry e : entries) {
      index.add(e);
    }
    DiskSettings settings = DiskSettings.from(TierConfig.parse("dir=" + dir + " fsync=never"));
    try (JournalFile journal = JournalFile.rewrite(layout, index, settings)) {
      journal.closeCleanly();
    }
  }
}
