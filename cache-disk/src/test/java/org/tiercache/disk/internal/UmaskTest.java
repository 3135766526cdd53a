package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tiercache.api.ContentKey;

/**
 * The modes do not depend on the umask: a child JVM started under an unusual umask (which a JVM
 * cannot change for itself) creates a tier's files, and this test reads their modes back. A umask
 * that takes bits the tier wants (0277 from private files, 0077 from group ones) must not show.
 */
final class UmaskTest {
  /** Packed into a segment under the default settings. */
  static final byte[] A = Folders.content(100, 1);
  /** Above the default {@code pack.below}: a file of its own. */
  static final byte[] B = Folders.content(100_000, 2);

  @TempDir
  Path scratch;

  @ParameterizedTest
  @CsvSource({
      "0000, access=private, rw-------, rwx------",
      "0277, access=private, rw-------, rwx------",
      "0077, access=group,   rw-rw----, rwxrwx---",
      "0000, access=group,   rw-rw----, rwxrwx---"})
  void modesAreTheSameUnderAnyUmask(String umask, String settings, String files, String folders)
      throws Exception {
    assumeTrue(scratch.getFileSystem().supportedFileAttributeViews().contains("posix")
        && Files.isExecutable(Path.of("/bin/sh")), "needs POSIX modes and /bin/sh");
    Path dir = scratch.resolve("cache");
    run(umask, dir, settings);
    Path file = Folders.contentFile(dir, ContentKey.sha256(B));
    assertEquals(files, permissions(file), () -> file + " under umask " + umask);
    assertEquals(folders, permissions(file.getParent()), () -> "its folder under umask " + umask);
    List<Path> segments = Folders.list(dir.resolve("segments"));
    assertEquals(1, segments.size(), () -> "A is packed into one segment: " + segments);
    assertEquals(files, permissions(segments.get(0)), () -> "A's segment under umask " + umask);
    assertEquals(folders, permissions(dir.resolve("segments")), () -> "the segments folder under "
        + "umask " + umask);
    for (String name : List.of(DiskLayout.JOURNAL, DiskLayout.LOCK, DiskLayout.MARKER,
        DiskLayout.TAG)) {
      assertEquals(files, permissions(dir.resolve(name)), () -> name + " under umask " + umask);
    }
    assertEquals(folders, permissions(dir), () -> "the folder under umask " + umask);
    assertEquals(folders, permissions(dir.resolve(DiskLayout.TMP)));
  }

  private static void run(String umask, Path dir, String settings) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> path = new ArrayList<>();
    path.add(Path.of(UmaskChild.class.getProtectionDomain().getCodeSource().getLocation()
        .getPath()).toString());
    for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
      String value = System.getProperty(property);
      if (value != null && !value.isEmpty()) {
        path.add(value);
      }
    }
    // The shell sets the umask, then becomes the JVM: "$0" is the java command, "$@" its arguments.
    Process child = new ProcessBuilder("/bin/sh", "-c", "umask " + umask + " && exec \"$0\" \"$@\"",
        java, "-Xshare:auto", "-cp", String.join(File.pathSeparator, path),
        UmaskChild.class.getName(), dir.toString(), settings)
        .redirectErrorStream(true)
        .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(1, TimeUnit.MINUTES), "the child did not end");
    assertEquals(0, child.exitValue(), () -> "the child failed: " + output);
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(
        Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
  }
}
