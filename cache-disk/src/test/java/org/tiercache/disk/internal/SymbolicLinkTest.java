package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.testlog.CapturedLog;

/**
 * Inside its folder the tier never follows a symbolic link: a link where it keeps its own files is
 * refused, naming it, and a link in place of a content file is damage; never is anything read,
 * written, created or deleted where a link points. With a file per entry ({@link Folders#FILES}),
 * so that there are content files and two-digit folders to replace, but for the segments folder.
 */
@ExtendWith(CapturedLog.class)
final class SymbolicLinkTest {
  @TempDir
  Path scratch;
  private Path dir;
  private Path outside;
  private final AtomicLong clock = new AtomicLong(1_000);
  private final byte[] a = Folders.content(100, 1);
  private final ContentKey keyA = ContentKey.sha256(a);

  @BeforeEach
  void folders() throws IOException {
    dir = scratch.resolve("cache");
    outside = Files.createDirectory(scratch.resolve("outside"));
    Files.writeString(outside.resolve("canary"), "someone else's file");
  }

  @Test
  void linkedTemporaryFolderIsRefusedAndWhatItPointsToIsLeftAlone() throws IOException {
    putAAndClose();
    Files.writeString(outside.resolve("1.tmp"), "named like a temporary file of the tier");
    Files.delete(dir.resolve("tmp"));
    Files.createSymbolicLink(dir.resolve("tmp"), outside);
    Map<String, String> before = Folders.snapshot(outside);

    CacheException e = assertThrows(CacheException.class, () -> Folders.open(dir, clock, Folders.FILES));

    assertTrue(e.getMessage().contains(dir.resolve("tmp") + " is a symbolic link"),
        e.getMessage());
    assertEquals(before, Folders.snapshot(outside), "the folder a linked tmp points to is not "
        + "emptied");
  }

  @Test
  void linkedSegmentsFolderIsRefusedAndWhatItPointsToIsLeftAlone() throws IOException {
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      assertTrue(tier.put(keyA, a), "packed under the default settings");
    }
    Path segments = dir.resolve("segments");
    Path moved = Files.move(segments, outside.resolve("moved"));
    Files.writeString(moved.resolve("notes.txt"), "not a segment");
    Files.createSymbolicLink(segments, moved);
    Map<String, String> before = Folders.snapshot(outside);

    CacheException e = assertThrows(CacheException.class, () -> Folders.open(dir, clock, ""));

    assertTrue(e.getMessage().contains(segments + " is a symbolic link"), e.getMessage());
    assertEquals(before, Folders.snapshot(outside), "nothing where the link points is read into "
        + "the tier, written or deleted");
  }

  @Test
  void segmentFreedAfterItsFolderWasReplacedByALinkIsNotDeletedThroughIt(CapturedLog log)
      throws IOException {
    // 300 KB records: three fill a 1 MB segment, the fourth starts the next one.
    String settings = "pack.below=400KB segment.size=1MB capacity=10MB";
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      contents.add(Folders.content(300_000, 10 + i));
    }
    try (CacheTier tier = Folders.open(dir, clock, settings)) {
      for (byte[] content : contents) {
        assertTrue(tier.put(ContentKey.sha256(content), content));
      }
      Path segments = dir.resolve("segments");
      Path moved = Files.move(segments, outside.resolve("moved"));
      Files.createSymbolicLink(segments, moved);
      Set<Path> before = Set.copyOf(Folders.list(moved));

      for (byte[] content : contents.subList(0, 3)) {
        assertTrue(tier.remove(ContentKey.sha256(content))); // the first segment is freed
      }

      assertEquals(before, Set.copyOf(Folders.list(moved)), "nothing is deleted where the link "
          + "points");
      log.expect(Level.WARN, "left " + segments, "is a symbolic link");
    }
  }

  @Test
  void linkedPrefixFolderIsRefusedAndWhatItPointsToIsLeftAlone() throws IOException {
    Path crashed = scratch.resolve("crashed");
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      tier.put(keyA, a);
      Folders.copyAsCrashed(dir, crashed);
    }
    // The prefix folder moved out and linked back: recovery (after the crash) would list it.
    Path prefix = Folders.contentFile(crashed, keyA).getParent();
    Path moved = Files.move(prefix, outside.resolve("moved"));
    Files.writeString(moved.resolve("notes.txt"), "not a content file");
    Files.createSymbolicLink(prefix, moved);
    Map<String, String> before = Folders.snapshot(outside);

    CacheException e = assertThrows(CacheException.class, () -> Folders.open(crashed, clock, Folders.FILES));

    assertTrue(e.getMessage().contains(prefix + " is a symbolic link"), e.getMessage());
    assertEquals(before, Folders.snapshot(outside));
  }

  @Test
  void putIntoAPrefixFolderReplacedByALinkFailsAndWritesNothingThere() throws IOException {
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      Path prefix = Folders.contentFile(dir, keyA).getParent();
      Files.createSymbolicLink(prefix, outside);
      Map<String, String> before = Folders.snapshot(outside);

      CacheException e = assertThrows(CacheException.class, () -> tier.put(keyA, a));

      assertTrue(e.getMessage().contains(prefix + ": is a symbolic link"), e.getMessage());
      assertEquals(before, Folders.snapshot(outside), "no content lands where the link points");
      assertEquals(0, tier.entryCount());
      byte[] other = otherPrefixThan(keyA);
      assertTrue(tier.put(ContentKey.sha256(other), other), "other prefixes still take puts");
    }
  }

  @Test
  void danglingLockLinkIsRefusedAndNothingIsCreatedWhereItPoints() throws IOException {
    putAAndClose();
    Path nowhere = outside.resolve("nowhere");
    Files.delete(dir.resolve(".lock"));
    Files.createSymbolicLink(dir.resolve(".lock"), nowhere);

    CacheException e = assertThrows(CacheException.class, () -> Folders.open(dir, clock, Folders.FILES));

    assertTrue(e.getMessage().contains(dir.resolve(".lock") + " is a symbolic link"),
        e.getMessage());
    assertFalse(Files.exists(nowhere, LinkOption.NOFOLLOW_LINKS), "the link's target is created");
  }

  @Test
  void linkedJournalIsRefusedAndNotWrittenThrough() throws IOException {
    putAAndClose();
    Path journal = Files.move(dir.resolve("journal"), outside.resolve("journal"));
    Files.createSymbolicLink(dir.resolve("journal"), journal);
    Map<String, String> before = Folders.snapshot(outside);

    CacheException e = assertThrows(CacheException.class, () -> Folders.open(dir, clock, Folders.FILES));

    assertTrue(e.getMessage().contains(dir.resolve("journal") + " is a symbolic link"),
        e.getMessage());
    assertEquals(before, Folders.snapshot(outside));
  }

  @ParameterizedTest
  @ValueSource(strings = {"tiercache-disk.format", "CACHEDIR.TAG", "journal.tmp"})
  void linkAtAnyOtherNameOfTheTiersIsRefused(String name) throws IOException {
    putAAndClose();
    Path target = Files.writeString(outside.resolve("target"), "tiercache-disk-format 1\n");
    Files.deleteIfExists(dir.resolve(name));
    Files.createSymbolicLink(dir.resolve(name), target);
    Map<String, String> before = Folders.snapshot(outside);

    CacheException e = assertThrows(CacheException.class, () -> Folders.open(dir, clock, Folders.FILES));

    assertTrue(e.getMessage().contains(dir.resolve(name) + " is a symbolic link"),
        e.getMessage());
    assertEquals(before, Folders.snapshot(outside));
  }

  @Test
  void linkInPlaceOfAContentFileIsNeverServedEvenWithoutVerification(CapturedLog log)
      throws IOException {
    Path secret = Files.write(outside.resolve("secret"), Folders.content(a.length, 99));
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES + " verify=never")) {
      tier.put(keyA, a);
      Path file = Folders.contentFile(dir, keyA);
      Files.delete(file);
      Files.createSymbolicLink(file, secret);

      assertNull(tier.get(keyA), "a linked file is never served, whatever verify says");
      assertEquals(1, tier.stats().damaged(), "it is counted as damage");
      assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS), "the link itself is removed");
      assertArrayEquals(Folders.content(a.length, 99), Files.readAllBytes(secret),
          "what it pointed to is untouched");
      assertEquals(0, tier.entryCount());
      assertEquals(0, tier.sizeBytes());
      assertNull(tier.openStream(keyA), "and the entry is gone for streams too");
    }
    log.expect(Level.WARN, "dropping content " + keyA, "is a symbolic link");
  }

  @Test
  @SuppressWarnings("try") // the tier is held open: a copy of a running tier
  void linkWithAContentFilesNameIsDeletedByRecoveryNeverAdopted(CapturedLog log)
      throws IOException {
    Path crashed = scratch.resolve("crashed");
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      Folders.copyAsCrashed(dir, crashed);
    }
    // The link's target holds exactly a's bytes: adopting it would serve it as a valid entry.
    Path target = Files.write(outside.resolve("a-copy"), a);
    Path file = Folders.contentFile(crashed, keyA);
    Files.createDirectories(file.getParent());
    Files.createSymbolicLink(file, target);

    try (CacheTier tier = Folders.open(crashed, clock, Folders.FILES)) {
      assertNull(tier.get(keyA), "content reached through a link is never served");
      assertEquals(0, tier.entryCount());
    }
    assertFalse(Files.exists(file, LinkOption.NOFOLLOW_LINKS), "the link is deleted");
    assertArrayEquals(a, Files.readAllBytes(target), "what it pointed to is untouched");
    log.expect(Level.WARN, "deleted symbolic link " + file, "never follows links");
  }

  private void putAAndClose() {
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      tier.put(keyA, a);
    }
  }

  private static byte[] otherPrefixThan(ContentKey key) {
    for (int seed = 2; ; seed++) {
      byte[] content = Folders.content(50, seed);
      if (!ContentKey.sha256(content).hex().startsWith(key.hex().substring(0, 2))) {
        return content;
      }
    }
  }
}
