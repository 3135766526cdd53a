package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a disk tier keeps its files:
 * <pre>
 * dir/.lock           held locked while a tier has the folder open
 * dir/journal         the append-only journal (see {@link Journal})
 * dir/journal.tmp     a journal being compacted, moved over {@code journal} when complete
 * dir/tmp/N.tmp       content being written, moved into place when complete
 * dir/ab/abcdef...    content, named by its key's hex digest, under its first two digits
 * </pre>
 *
 * <p>Names come only from validated keys (hex digits), so none can leave the folder. The
 * two-digit folders keep any one folder to 1/256 of the entries. Temporary files sit in one folder of
 * their own, on the same file system (so moving one into place is an atomic rename), so that opening
 * the tier can clean them up without listing the content folders.
 */
final class DiskLayout {
  private static final String TEMP_SUFFIX = ".tmp";

  private final Path dir;
  private final Path tmpDir;
  private final AtomicLong tempCounter = new AtomicLong();

  DiskLayout(Path dir) {
    this.dir = dir;
    this.tmpDir = dir.resolve("tmp");
  }

  Path dir() {
    return dir;
  }

  Path lockFile() {
    return dir.resolve(".lock");
  }

  Path journal() {
    return dir.resolve("journal");
  }

  Path journalTemp() {
    return dir.resolve("journal.tmp");
  }

  Path tmpDir() {
    return tmpDir;
  }

  /** Returns a fresh name in the temporary folder; the tier holds the folder's lock, so none clash. */
  Path newTempFile() {
    return tmpDir.resolve(tempCounter.incrementAndGet() + TEMP_SUFFIX);
  }

  Path contentFile(Entry e) {
    return contentFile(e.hex());
  }

  Path contentFile(KeyBits key) {
    return contentFile(key.hex());
  }

  private Path contentFile(String hex) {
    return dir.resolve(hex.substring(0, 2)).resolve(hex);
  }

  static boolean isPrefixFolderName(String name) {
    return name.length() == 2 && isHexDigit(name.charAt(0)) && isHexDigit(name.charAt(1));
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /**
   * Forces a folder's entries (names created, moved or deleted) to the device, as POSIX requires for
   * a rename to be durable. Where the platform cannot open a folder for this, nothing happens.
   */
  static void forceFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a folder as a channel; there a rename is durable once the file is.
    }
  }

}
