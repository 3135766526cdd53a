package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
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
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;
import org.tiercache.api.TierHealth;
import org.tiercache.testlog.CapturedLog;

/**
 * Small content packed into segment files ({@code pack.below}): stored and read back exactly,
 * across clean and unclean reopens, damage caught, emptied segments freed, and the folder's format
 * moved to 2 only by a tier that packs.
 */
@ExtendWith(CapturedLog.class)
final class PackedEntriesTest {
  private static final String PACKING = "pack.below=64KB segment.size=1MB";

  @TempDir
  Path dir;
  @TempDir
  Path crashed;
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

  @Test
  void smallContentIsPackedAndLargeContentGetsAFileOfItsOwn() throws IOException {
    byte[] small = Folders.content(4096, 1);
    byte[] large = Folders.content(100_000, 2);
    try (CacheTier tier = Folders.open(dir, clock, PACKING)) {
      tier.put(key(small), small);
      tier.put(key(large), large);

      assertEquals(List.of(Folders.contentFile(dir, key(large))), Folders.contentFiles(dir));
      assertEquals(1, segments().size());
      assertArrayEquals(small, tier.getBytes(key(small)));
      assertArrayEquals(large, tier.getBytes(key(large)));
      try (InputStream in = tier.openStream(key(small))) {
        assertArrayEquals(small, in.readAllBytes());
      }
      assertEquals(3, tier.stats().hits(), "a stream of packed content is a hit too");
    }
  }

  @Test
  void packedEntriesSurviveACleanReopenWithTheirRecency() {
    List<byte[]> contents = contents(40, 4096);
    try (CacheTier tier = Folders.open(dir, clock, PACKING + " capacity=200000")) {
      contents.forEach(c -> tier.put(key(c), c));
      tier.get(key(contents.get(0)));
    }
    try (CacheTier tier = Folders.open(dir, clock, PACKING + " capacity=200000")) {
      assertEquals(40, tier.entryCount());
      for (byte[] c : contents) {
        assertArrayEquals(c, tier.getBytes(key(c)));
      }
    }
    try (CacheTier tier = Folders.open(dir, clock, PACKING + " capacity=163840")) {
      assertEquals(40, tier.entryCount(), "163840 bytes hold exactly 40 entries of 4096");
    }
  }

  @Test
  void packedEntriesSurviveACrash() {
    List<byte[]> contents = contents(30, 3000);
    try (CacheTier tier = Folders.open(dir, clock, PACKING)) {
      contents.forEach(c -> tier.put(key(c), c));
      tier.remove(key(contents.get(5)));
      Folders.copyAsCrashed(dir, crashed);
    }
    try (CacheTier tier = Folders.open(crashed, clock, PACKING)) {
      assertEquals(29, tier.entryCount());
      assertFalse(tier.contains(key(contents.get(5))), "a remove that returned stays done");
      for (int i = 0; i < contents.size(); i++) {
        if (i != 5) {
          assertArrayEquals(contents.get(i), tier.getBytes(key(contents.get(i))));
        }
      }
    }
  }

  /**
   * A packed record is adopted only through the journal (the folder cannot tell a live record from
   * dead space): damage in the middle of the journal drops the packed entries whose records came
   * after it, and every other entry is served whole; the tier is degraded until a clean reopen.
   */
  @Test
  void aDamagedJournalDropsOnlyThePackedEntriesItNoLongerDescribes(CapturedLog log)
      throws IOException {
    List<byte[]> contents = contents(20, 3000);
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      contents.forEach(c -> tier.put(key(c), c));
    }
    Path journal = dir.resolve(DiskLayout.JOURNAL);
    byte[] bytes = Files.readAllBytes(journal);
    for (int i = bytes.length / 2; i < bytes.length / 2 + 16; i++) {
      bytes[i] ^= 0x5a;
    }
    Files.write(journal, bytes);

    try (CacheTier tier = Folders.open(dir, clock, "")) {
      int served = 0;
      long servedBytes = 0;
      for (byte[] content : contents) {
        byte[] got = tier.getBytes(key(content));
        if (got != null) {
          assertArrayEquals(content, got, "an entry kept is served whole");
          served++;
          servedBytes += content.length;
        }
      }
      assertTrue(served > 0 && served < contents.size(), "the entries journaled before the "
          + "damage are kept, those after it dropped; served: " + served);
      assertTrue(tier.contains(key(contents.get(0))), "the first put is before the damage");
      assertFalse(tier.contains(key(contents.get(contents.size() - 1))), "the last is after it");
      assertEquals(served, tier.entryCount());
      assertEquals(servedBytes, tier.sizeBytes());
      assertEquals(TierHealth.Status.DEGRADED, tier.health().status());
    }
    log.expect(Level.WARN, "journal " + journal, "is damaged");
  }

  @Test
  void packedEntriesAreStillReadWithPackingTurnedOffAndNewOnesGetFiles() throws IOException {
    byte[] packed = Folders.content(2000, 3);
    byte[] later = Folders.content(2000, 4);
    try (CacheTier tier = Folders.open(dir, clock, PACKING)) {
      tier.put(key(packed), packed);
    }
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      assertArrayEquals(packed, tier.getBytes(key(packed)));
      tier.put(key(later), later);
      assertEquals(List.of(Folders.contentFile(dir, key(later))), Folders.contentFiles(dir));
    }
    assertEquals("tiercache-disk-format 2", markerLine(), "it may hold packed entries: stays 2");
  }

  @Test
  void aFlippedByteInAPackedRecordIsAMissCountedAsDamage(CapturedLog log) throws IOException {
    byte[] damaged = Folders.content(5000, 5);
    byte[] kept = Folders.content(300, 6);
    try (CacheTier tier = Folders.open(dir, clock, PACKING)) {
      tier.put(key(damaged), damaged);
      tier.put(key(kept), kept);
      Path segment = segments().get(0);
      flipByte(segment, SegmentFormat.FILE_HEADER_BYTES + SegmentFormat.RECORD_HEADER_BYTES + 2500);

      assertNull(tier.get(key(damaged)), "a flipped byte must make a miss, never wrong bytes");
      assertFalse(tier.contains(key(damaged)));
      assertEquals(1, tier.stats().damaged());
      assertEquals(1, tier.stats().misses());
      assertArrayEquals(kept, tier.getBytes(key(kept)));
      log.expect(Level.WARN, "is damaged", key(damaged).toString(), segment.toString(),
          "at offset " + SegmentFormat.FILE_HEADER_BYTES);
    }
  }

  @Test
  void aDamagedRecordHeaderIsAMissToo(CapturedLog log) throws IOException {
    byte[] damaged = Folders.content(5000, 7);
    try (CacheTier tier = Folders.open(dir, clock, PACKING + " verify=never")) {
      tier.put(key(damaged), damaged);
      flipByte(segments().get(0), SegmentFormat.FILE_HEADER_BYTES + 10);

      assertNull(tier.get(key(damaged)), "even with verify=never, a record not whole is a miss");
      assertEquals(1, tier.stats().damaged());
      log.expect(Level.WARN, "is damaged", key(damaged).toString(), "not whole");
    }
  }

  @Test
  void aSegmentIsDeletedOnceNoEntryLiesInItAndItTakesNoMoreAppends() throws IOException {
    // 300 KB entries: three fill a 1 MB segment, the fourth starts the next one.
    String settings = "pack.below=400KB segment.size=1MB capacity=10MB";
    List<byte[]> contents = contents(4, 300_000);
    try (CacheTier tier = Folders.open(dir, clock, settings)) {
      contents.forEach(c -> tier.put(key(c), c));
      assertEquals(2, segments().size());
      Path first = segments().get(0);

      tier.remove(key(contents.get(0)));
      tier.remove(key(contents.get(1)));
      assertTrue(Files.exists(first), "it still holds the third entry");
      tier.remove(key(contents.get(2)));

      assertFalse(Files.exists(first), "nothing lies in it any more");
      assertArrayEquals(contents.get(3), tier.getBytes(key(contents.get(3))));
    }
  }

  @Test
  void aFormat1FolderIsUpgradedWhenATierThatPacksOpensIt() throws IOException {
    byte[] old = Folders.content(3000, 8);
    byte[] packed = Folders.content(3000, 9);
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      tier.put(key(old), old);
    }
    assertEquals("tiercache-disk-format 1", markerLine(), "a tier that never packed writes 1");

    // The upgrade a user meets: the folder opened under the default settings, which pack.
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      assertArrayEquals(old, tier.getBytes(key(old)), "entries in files of their own are kept");
      tier.put(key(packed), packed);
      assertEquals(List.of(Folders.contentFile(dir, key(old))), Folders.contentFiles(dir));
    }
    assertEquals("tiercache-disk-format 2", markerLine());
    try (CacheTier tier = Folders.open(dir, clock, PACKING)) {
      assertArrayEquals(packed, tier.getBytes(key(packed)));
      assertArrayEquals(old, tier.getBytes(key(old)));
    }
  }

  @Test
  void packingSettingsOutOfRangeAreRefusedNamingThem() {
    CacheConfigurationException tooLarge = assertThrows(CacheConfigurationException.class,
        () -> Folders.open(dir, clock, "pack.below=2MB segment.size=1MB"));
    assertTrue(tooLarge.getMessage().contains("pack.below")
        && tooLarge.getMessage().contains("segment.size"), tooLarge.getMessage());

    RuntimeException huge = assertThrows(RuntimeException.class,
        () -> Folders.open(dir, clock, "pack.below=1GB"));
    assertTrue(huge.getMessage().contains("pack.below") && huge.getMessage().contains("1GB"),
        huge.getMessage());
  }

  @Test
  void streamsShorterThanTheThresholdArePackedAndLongerOnesSpillToAFile() throws IOException {
    byte[] empty = new byte[0];
    byte[] small = Folders.content(4096, 11);
    byte[] justBelow = Folders.content(64 * 1024 - 1, 12);
    byte[] atThreshold = Folders.content(64 * 1024, 13);
    byte[] large = Folders.content(300_000, 14);
    try (CacheTier tier = Folders.open(dir, clock, PACKING)) {
      for (byte[] content : List.of(empty, small, justBelow, atThreshold, large)) {
        PutResult put = tier.putStream(new java.io.ByteArrayInputStream(content),
            DigestAlgorithm.SHA_256);
        assertEquals(key(content), put.key(), "the key is the stream's digest");
        assertTrue(put.stored());
      }
      assertEquals(List.of(Folders.contentFile(dir, key(atThreshold)),
              Folders.contentFile(dir, key(large))).stream().sorted().toList(),
          Folders.contentFiles(dir).stream().sorted().toList(),
          "only the streams of 64 KiB or more get files of their own");
      for (byte[] content : List.of(empty, small, justBelow, atThreshold, large)) {
        assertArrayEquals(content, tier.getBytes(key(content)));
      }
    }
    try (CacheTier tier = Folders.open(dir, clock, PACKING)) {
      for (byte[] content : List.of(empty, small, justBelow, atThreshold, large)) {
        assertArrayEquals(content, tier.getBytes(key(content)), "after a reopen");
      }
    }
  }

  private List<Path> segments() throws IOException {
    List<Path> found = new ArrayList<>(Folders.list(dir.resolve(DiskLayout.SEGMENTS)));
    found.sort(null);
    return found;
  }

  private String markerLine() throws IOException {
    return Files.readAllLines(dir.resolve(DiskLayout.MARKER)).get(0);
  }

  private static List<byte[]> contents(int count, int size) {
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      contents.add(Folders.content(size, 100 + i));
    }
    return contents;
  }

  private static ContentKey key(byte[] content) {
    return ContentKey.sha256(content);
  }

  private static void flipByte(Path file, long position) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
      channel.read(one, position);
      one.put(0, (byte) (one.get(0) ^ 0x01)).rewind();
      channel.write(one, position);
    }
  }
}
