package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a disk tier keeps its files, and the modes it creates them with:
 * <pre>
 * dir/tiercache-disk.format  the format marker: the folder is a disk tier's (see {@link FolderOwnership})
 * dir/CACHEDIR.TAG           tells backup tools the folder is a cache (https://bford.info/cachedir/)
 * dir/.lock                  held locked while a tier has the folder open
 * dir/journal                the append-only journal (see {@link Journal})
 * dir/journal.tmp            a journal being compacted, moved over {@code journal} when complete
 * dir/tiercache-disk.stats   the lifetime counters (see {@link StatsFile}), moved into place from tmp
 * dir/tmp/N.tmp              content being written, moved into place when complete
 * dir/ab/abcdef...           content, named by its key's hex digest, under its first two digits
 * </pre>
 *
 * <p>These are the only names the tier creates, reads or deletes: anything else in the folder is
 * someone else's and is left alone. Names come only from validated keys (hex digits), so none can
 * leave the folder. The two-digit folders keep any one folder to 1/256 of the entries. Temporary
 * files sit in one folder of their own, on the same file system (so moving one into place is an
 * atomic rename), so that opening the tier can clean them up without listing the content folders.
 */
final class DiskLayout {
  static final String MARKER = "tiercache-disk.format";
  static final String TAG = "CACHEDIR.TAG";
  static final String LOCK = ".lock";
  static final String JOURNAL = "journal";
  static final String JOURNAL_TEMP = "journal.tmp";
  static final String TMP = "tmp";
  static final String SEGMENTS = "segments";
  /**
   * The lifetime counters. Not among {@link #OWN_NAMES}: a link there is not the folder's refusal,
   * only the counters' ({@link StatsFile} leaves it alone), and a folder of an earlier version may
   * hold someone's file under the name.
   */
  static final String STATS = "tiercache-disk.stats";
  /** Every name the tier gives an entry of its folder, besides the two-digit content folders. */
  static final Set<String> OWN_NAMES = Set.of(MARKER, TAG, LOCK, JOURNAL, JOURNAL_TEMP, TMP,
      SEGMENTS);
  private static final int SEGMENT_NAME_DIGITS = 16;
  private static final String TEMP_SUFFIX = ".tmp";

  private final Path dir;
  private final Path tmpDir;
  private final FileModes modes;
  private final AtomicLong tempCounter = new AtomicLong();

  /**
   * @param dir the folder, a real path (no link in it), which the tier owns
   * @param modes the modes the tier creates files and folders with
   */
  DiskLayout(Path dir, FileModes modes) {
    this.dir = dir;
    this.tmpDir = dir.resolve(TMP);
    this.modes = modes;
  }

  Path dir() {
    return dir;
  }

  FileModes modes() {
    return modes;
  }

  Path marker() {
    return dir.resolve(MARKER);
  }

  Path tag() {
    return dir.resolve(TAG);
  }

  Path lockFile() {
    return dir.resolve(LOCK);
  }

  Path journal() {
    return dir.resolve(JOURNAL);
  }

  Path journalTemp() {
    return dir.resolve(JOURNAL_TEMP);
  }

  Path tmpDir() {
    return tmpDir;
  }

  /** The folder of segment files, where small content is packed ({@link PackedStore}). */
  Path segmentsDir() {
    return dir.resolve(SEGMENTS);
  }

  /** A segment's file: its id in 16 hex digits, so that a listing sorts in id order. */
  Path segmentFile(long id) {
    return segmentsDir().resolve(String.format("%0" + SEGMENT_NAME_DIGITS + "x", id));
  }

  /**
   * Parses a segment file's name.
   *
   * @return its id, or -1 if the name is not one the tier gives a segment
   */
  static long parseSegmentName(String name) {
    if (name.length() != SEGMENT_NAME_DIGITS) {
      return -1;
    }
    for (int i = 0; i < name.length(); i++) {
      if (!isHexDigit(name.charAt(i))) {
        return -1;
      }
    }
    return Long.parseUnsignedLong(name, 16);
  }

  Path stats() {
    return dir.resolve(STATS);
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

  /** Names an entry in messages and events: its key and its file. */
  String describe(Entry e) {
    return e.keyText() + " (" + contentFile(e) + ")";
  }

  private Path contentFile(String hex) {
    return dir.resolve(hex.substring(0, 2)).resolve(hex);
  }

  /** Tells whether a name in the folder is one the tier gives its own files and folders. */
  static boolean isOwnName(String name) {
    return OWN_NAMES.contains(name) || isPrefixFolderName(name);
  }

  static boolean isPrefixFolderName(String name) {
    return name.length() == 2 && isHexDigit(name.charAt(0)) && isHexDigit(name.charAt(1));
  }

  /** Tells whether a name in {@code tmp} is one {@link #newTempFile()} gives: digits, {@code .tmp}. */
  static boolean isTempFileName(String name) {
    int digits = name.length() - TEMP_SUFFIX.length();
    if (digits <= 0 || !name.endsWith(TEMP_SUFFIX)) {
      return false;
    }
    for (int i = 0; i < digits; i++) {
      if (name.charAt(i) < '0' || name.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static boolean isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  }

  /**
   * Reads what is at a path itself, not what a link there points to.
   *
   * @return its attributes, or {@code null} if nothing is there
   */
  static BasicFileAttributes statNoFollow(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
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
