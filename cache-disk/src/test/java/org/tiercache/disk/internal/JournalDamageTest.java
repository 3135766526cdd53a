package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.testlog.CapturedLog;

/**
 * A damaged journal costs at most the records from the damage on, and recovery brings those entries
 * back from the folder: never the whole cache, as in DiskLruCache. Entries in files of their own
 * ({@link Folders#FILES}), which the folder describes; packed records are adopted only through the
 * journal, so a packed entry whose record the damage took is dropped
 * ({@code PackedEntriesTest.aDamagedJournalDropsOnlyThePackedEntriesItNoLongerDescribes}).
 */
@ExtendWith(CapturedLog.class)
final class JournalDamageTest {
  private static final int ENTRIES = 20;

  @TempDir
  Path dir;
  private final AtomicLong clock = new AtomicLong(5_000_000_000L);
  private final List<byte[]> contents = new ArrayList<>();

  private void fill() {
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      for (int i = 0; i < ENTRIES; i++) {
        byte[] content = Folders.content(100 + i, i);
        contents.add(content);
        tier.put(ContentKey.sha256(content), content);
        clock.addAndGet(1_000);
      }
    }
  }

  private void assertAllServed(CacheTier tier) {
    for (byte[] content : contents) {
      assertArrayEquals(content, tier.getBytes(ContentKey.sha256(content)));
    }
    assertEquals(contents.size(), tier.entryCount());
    assertEquals(contents.stream().mapToLong(c -> c.length).sum(), tier.sizeBytes());
  }

  @Test
  void tornTailWithGarbageKeepsEveryEntry(CapturedLog log) throws IOException {
    fill();
    Path journal = dir.resolve("journal");
    long length = Files.size(journal);
    try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
      // Cut the CLOSE record and half of the last PUT, then append garbage.
      channel.truncate(length - 9 - 20);
      channel.position(channel.size());
      channel.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3, 4, 5, 6, 7}));
    }
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      assertAllServed(tier);
    }
    // The recovered journal was rewritten whole: a clean open now, and still everything.
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      assertAllServed(tier);
    }
    log.expect(Level.WARN, "journal " + journal, "is damaged (torn record", "rebuilding the rest");
  }

  @Test
  void damagedMiddleKeepsRecordsBeforeItAndAdoptsTheRestFromTheFolder(CapturedLog log)
      throws IOException {
    fill();
    ContentKey removed = ContentKey.sha256(contents.get(0));
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      assertTrue(tier.remove(removed));
    }
    contents.remove(0);
    Path journal = dir.resolve("journal");
    byte[] bytes = Files.readAllBytes(journal);
    int middle = bytes.length / 2;
    for (int i = middle; i < middle + 16; i++) {
      bytes[i] ^= 0x5a;
    }
    Files.write(journal, bytes);
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      assertAllServed(tier);
      assertFalse(tier.contains(removed), "the removed entry's file is gone: it stays removed");
    }
    log.expect(Level.WARN, "journal " + journal,
        "is damaged (checksum mismatch", "kept the 10 records");
  }

  @Test
  void recoveryKeepsAgesOfEntriesTheJournalStillDescribes(CapturedLog log) throws IOException {
    fill();
    Path journal = dir.resolve("journal");
    try (FileChannel channel = FileChannel.open(journal, StandardOpenOption.WRITE)) {
      channel.truncate(channel.size() - 3);
    }
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES + " ttl=10s")) {
      // Entries were put at 5 s + i us; at 15 s + 10 us the first ten have reached the TTL.
      clock.set(15_000_000_000L + 9_999);
      assertEquals(10, tier.evictExpired());
      assertEquals(ENTRIES - 10, tier.entryCount());
    }
    log.expect(Level.WARN, "journal " + journal, "is damaged (torn record", "rebuilding the rest");
  }

  @Test
  void unreadableJournalHeaderRebuildsFromTheFolder(CapturedLog log) throws IOException {
    fill();
    Files.write(dir.resolve("journal"), new byte[] {1, 2, 3});
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      assertAllServed(tier);
    }
    log.expect(Level.WARN, "journal " + dir.resolve("journal"), "is damaged (no valid header)");
  }

  @Test
  void missingJournalRebuildsFromTheFolder() throws IOException {
    fill();
    Files.delete(dir.resolve("journal"));
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      assertAllServed(tier);
    }
  }

  @Test
  void leftoverTemporaryFilesAreDeletedAtOpen() throws IOException {
    fill();
    Path temp = Files.write(dir.resolve("tmp").resolve("99.tmp"), new byte[] {1, 2, 3});
    Files.write(dir.resolve("journal.tmp"), new byte[] {4, 5});
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      assertFalse(Files.exists(temp));
      assertFalse(Files.exists(dir.resolve("journal.tmp")));
      assertAllServed(tier);
    }
  }

  @Test
  void filesTheTierDidNotCreateAreLeftAloneByRecovery(CapturedLog log) throws IOException {
    fill();
    Path content = Folders.contentFile(dir, ContentKey.sha256(contents.get(3)));
    Path stray = Files.write(content.resolveSibling("garbage.tmp"), new byte[] {1});
    Path misplaced = Files.write(Files.createDirectories(dir.resolve("00"))
        .resolve("ff" + "0".repeat(62)), new byte[] {2});
    Path notATemp = Files.write(dir.resolve("tmp").resolve("a"), new byte[] {3});
    Files.delete(dir.resolve("journal")); // an unclean open: the folder is checked
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      assertArrayEquals(new byte[] {1}, Files.readAllBytes(stray));
      assertArrayEquals(new byte[] {2}, Files.readAllBytes(misplaced));
      assertArrayEquals(new byte[] {3}, Files.readAllBytes(notATemp));
      assertAllServed(tier);
    }
    log.expect(Level.WARN, "left 3 entries in disk tier folder " + dir, "did not create them");
  }
}
