package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;

/**
 * A disk tier takes only a folder that is absent, empty, marked as a disk tier's, or written by an
 * earlier version (recognised by its journal); any other is refused, naming it and saying why, and
 * nothing in it is touched.
 */
final class FolderOwnershipTest {
  @TempDir
  Path scratch;
  private final AtomicLong clock = new AtomicLong(1_000);
  private final byte[] a = Folders.content(100, 1);

  @Test
  void folderHoldingSomeoneElsesFilesIsRefusedAndLeftExactlyAsItWas() throws IOException {
    // mkdir -p H/tmp H/de; echo x > H/tmp/a; echo y > H/de/Rechnung.pdf; tiercache stat --dir H
    Path home = scratch.resolve("H");
    Files.createDirectories(home.resolve("tmp"));
    Files.createDirectories(home.resolve("de"));
    Files.writeString(home.resolve("tmp").resolve("a"), "x\n");
    Files.writeString(home.resolve("de").resolve("Rechnung.pdf"), "y\n");
    Map<String, String> before = Folders.snapshot(home);

    CacheException e = assertThrows(CacheException.class, () -> Folders.open(home, clock, ""));

    assertTrue(e.getMessage().contains(home.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not empty") && e.getMessage().contains("de, tmp"),
        () -> "the refusal says why and shows what is there: " + e.getMessage());
    assertEquals(before, Folders.snapshot(home),
        "nothing in a refused folder is touched: no lock file, no tmp, nothing deleted");
  }

  @Test
  void workingDirectoryIsRefusedAndGetsNoFileOfTheTier() {
    // --dir "" and dir=. both mean the working directory, here the module's folder.
    Path working = Path.of("").toAbsolutePath();
    CacheException e = assertThrows(CacheException.class, () -> Folders.open(Path.of("."), clock,
        ""));
    assertTrue(e.getMessage().contains(working.toString()), e.getMessage());
    for (String own : List.of(DiskLayout.LOCK, DiskLayout.MARKER, DiskLayout.TAG,
        DiskLayout.JOURNAL, DiskLayout.TMP)) {
      assertFalse(Files.exists(working.resolve(own)), () -> own + " was made in " + working);
    }
  }

  @Test
  void emptyFolderIsMarkedAsTheTiersAndTaggedForBackupTools() throws IOException {
    Path dir = Files.createDirectory(scratch.resolve("empty"));
    Folders.open(dir, clock, "").close();
    List<String> marker = Files.readAllLines(dir.resolve(DiskLayout.MARKER));
    assertEquals("tiercache-disk-format 2", marker.get(0), "the default packs small content");
    List<String> tag = Files.readAllLines(dir.resolve(DiskLayout.TAG));
    assertEquals("Signature: 8a477f597d28d172789f06886806bc55", tag.get(0),
        "the exact signature of https://bford.info/cachedir/, which backup tools look for");
    assertTrue(tag.stream().skip(1).allMatch(line -> line.startsWith("#")),
        "the rest of the tag is comment lines, as the convention asks");
  }

  @Test
  void absentFolderIsCreatedAndMarked() {
    Path dir = scratch.resolve("a").resolve("b");
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      assertTrue(tier.put(ContentKey.sha256(a), a));
    }
    assertTrue(Files.isRegularFile(dir.resolve(DiskLayout.MARKER)));
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      assertArrayEquals(a, tier.getBytes(ContentKey.sha256(a)), "a marked folder opens again");
    }
  }

  @Test
  void folderOfAnEarlierVersionIsAdoptedWithItsEntriesAndMarked() throws IOException {
    Path dir = scratch.resolve("cache");
    // The versions before the marker kept every entry in a file of its own.
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      tier.put(ContentKey.sha256(a), a);
    }
    // What the version before the marker leaves: a journal, content, and the command's counts.
    Files.delete(dir.resolve(DiskLayout.MARKER));
    Files.delete(dir.resolve(DiskLayout.TAG));
    Path counts = Files.writeString(dir.resolve("tiercache-cli.counts"), "since=x\n");

    try (CacheTier tier = Folders.open(dir, clock, "")) {
      assertArrayEquals(a, tier.getBytes(ContentKey.sha256(a)), "existing caches keep working");
    }
    assertEquals("tiercache-disk-format 2", Files.readAllLines(dir.resolve(DiskLayout.MARKER))
        .get(0), "marked as what the default (packing) writes");
    assertTrue(Files.exists(dir.resolve(DiskLayout.TAG)));
    assertEquals("since=x\n", Files.readString(counts), "a file the tier did not make is kept");
  }

  @Test
  void markerOfANewerFormatIsRefusedAndNothingTouched() throws IOException {
    Path dir = scratch.resolve("cache");
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      tier.put(ContentKey.sha256(a), a);
    }
    Files.writeString(dir.resolve(DiskLayout.MARKER), "tiercache-disk-format 3\n");
    Files.writeString(dir.resolve("tmp").resolve("7.tmp"), "a put of the newer version");
    Map<String, String> before = Folders.snapshot(dir);

    CacheException e = assertThrows(CacheException.class, () -> Folders.open(dir, clock, ""));

    assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("newer")
        && e.getMessage().contains("format 3"), e.getMessage());
    assertEquals(before, Folders.snapshot(dir), "a folder of a newer format is not touched");
  }

  @Test
  void fileNamedLikeTheMarkerThatIsNotOneIsRefused() throws IOException {
    Path dir = Files.createDirectory(scratch.resolve("cache"));
    Files.writeString(dir.resolve(DiskLayout.MARKER), "my notes\n");
    Map<String, String> before = Folders.snapshot(dir);

    CacheException e = assertThrows(CacheException.class, () -> Folders.open(dir, clock, ""));

    assertTrue(e.getMessage().contains("not a tiercache format marker"), e.getMessage());
    assertEquals(before, Folders.snapshot(dir));
  }

  @Test
  void folderLeftByAFirstOpenCutShortIsTaken() throws IOException {
    // A kill between locking a new folder and writing its marker leaves these, and nothing else.
    Path dir = Files.createDirectory(scratch.resolve("cache"));
    Files.createFile(dir.resolve(DiskLayout.LOCK));
    Files.createDirectory(dir.resolve(DiskLayout.TMP));
    Files.createFile(dir.resolve(DiskLayout.MARKER));
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      assertTrue(tier.put(ContentKey.sha256(a), a));
    }
    assertEquals("tiercache-disk-format 2",
        Files.readAllLines(dir.resolve(DiskLayout.MARKER)).get(0));
  }

  @Test
  void folderGivenAsALinkIsResolvedOnceAndUsedWhereItIs() throws IOException {
    Path real = Files.createDirectory(scratch.resolve("real"));
    Path link = Files.createSymbolicLink(scratch.resolve("link"), real);
    try (CacheTier tier = Folders.open(link, clock, "")) {
      tier.put(ContentKey.sha256(a), a);
      assertTrue(tier.toString().contains(real.toRealPath().toString()), tier.toString());
    }
    assertEquals(1, Folders.list(real.resolve(DiskLayout.SEGMENTS)).size(),
        "a, packed, is in a segment in the real folder");
    assertTrue(Files.isSymbolicLink(link), "the user's link stays as it was");
  }
}
