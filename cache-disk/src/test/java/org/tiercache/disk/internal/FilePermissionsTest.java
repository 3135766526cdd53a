package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;

/**
 * On POSIX, what the tier creates is private by default (files 0600, folders 0700) whatever the
 * umask (the build's is 022, under which plain creation gives 0644 and 0755), and shared with the
 * folder's group with {@code access=group} (files 0660, folders 2770). The modes are read back.
 */
final class FilePermissionsTest {
  @TempDir
  Path scratch;
  private Path dir;
  private final AtomicLong clock = new AtomicLong(1_000);
  /** Packed into a segment under the default settings. */
  private final byte[] a = Folders.content(100, 1);
  /** Above the default {@code pack.below}: a file of its own. */
  private final byte[] b = Folders.content(100_000, 2);

  @BeforeEach
  void posixOnly() {
    assumeTrue(scratch.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "modes exist only on POSIX file systems; elsewhere the tier sets none");
    dir = scratch.resolve("parent").resolve("cache");
  }

  @Test
  void everythingTheTierCreatesIsPrivateByDefault() throws IOException {
    fillAndClose("");
    for (Path folder : ownFolders()) {
      assertEquals("rwx------", permissions(folder), folder.toString());
    }
    for (Path file : ownFiles()) {
      assertEquals("rw-------", permissions(file), file.toString());
    }
  }

  @Test
  void missingParentsAreMadeAsMkdirWouldMakeThemOnlyTheCacheFolderPrivate() throws IOException {
    fillAndClose("");
    Path reference = Files.createDirectory(scratch.resolve("made-by-mkdir"));
    assertEquals(permissions(reference), permissions(dir.getParent()),
        "a parent is not the tier's: it may hold other things, and the private folder hides all "
            + "below it anyway");
  }

  @Test
  void groupAccessSharesEverythingWithTheFoldersGroup() throws IOException {
    // Under the build's umask 022 creation takes group write away: the tier must put it back.
    fillAndClose("access=group");
    for (Path folder : ownFolders()) {
      assertEquals("rwxrwx---", permissions(folder), folder.toString());
      assertEquals(02000, mode(folder) & 02000, () -> folder + " must be set-group-ID, so what "
          + "any member creates belongs to the folder's group");
    }
    for (Path file : ownFiles()) {
      assertEquals("rw-rw----", permissions(file), file.toString());
    }
  }

  @Test
  void folderOfAnEarlierVersionIsMadePrivateWhenAdopted() throws IOException {
    fillAndClose("");
    // As an earlier version left it under umask 022, without a marker.
    Files.delete(dir.resolve(DiskLayout.MARKER));
    Files.delete(dir.resolve(DiskLayout.TAG));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(dir.resolve("journal"),
        PosixFilePermissions.fromString("rw-r--r--"));
    Folders.open(dir, clock, "").close();
    assertEquals("rwx------", permissions(dir), "the folder hides everything below it");
    assertEquals("rw-------", permissions(dir.resolve("journal")));
  }

  @Test
  void unknownAccessIsRefusedNamingIt() {
    CacheException e = assertThrows(CacheException.class,
        () -> Folders.open(dir, clock, "access=world"));
    assertTrue(e.getMessage().contains("'access'") && e.getMessage().contains("world"),
        e.getMessage());
  }

  private void fillAndClose(String settings) {
    try (CacheTier tier = Folders.open(dir, clock, settings)) {
      tier.put(ContentKey.sha256(a), a);
      tier.putStream(new ByteArrayInputStream(b), DigestAlgorithm.SHA_256);
    }
  }

  /** The folders the tier made: its own, {@code tmp}, {@code segments} and b's two-digit one. */
  private List<Path> ownFolders() {
    return List.of(dir, dir.resolve("tmp"), dir.resolve("segments"),
        Folders.contentFile(dir, ContentKey.sha256(b)).getParent());
  }

  /** The files the tier made: a's segment, b's file, journal, lock, marker and tag. */
  private List<Path> ownFiles() {
    List<Path> files = new ArrayList<>(Folders.list(dir.resolve("segments")));
    assertEquals(1, files.size(), () -> "a is packed into one segment: " + files);
    files.addAll(List.of(Folders.contentFile(dir, ContentKey.sha256(b)),
        dir.resolve(DiskLayout.JOURNAL), dir.resolve(DiskLayout.LOCK),
        dir.resolve(DiskLayout.MARKER), dir.resolve(DiskLayout.TAG)));
    return files;
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }

  private static int mode(Path path) throws IOException {
    return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
  }
}
