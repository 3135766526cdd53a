package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheException;

/**
 * The rule by which a disk tier takes a folder as its own, the way ccache, Gradle and bazel-remote
 * keep their caches, and stricter: a tier opens a folder only if
 * <ul>
 *   <li>it is absent or empty: the tier creates it and marks it as its own, with a format marker
 *       ({@code tiercache-disk.format}: a magic word and the format version) and a
 *       {@code CACHEDIR.TAG} (the Cache Directory Tagging convention, https://bford.info/cachedir/),
 *       so that backup tools skip it;
 *   <li>it carries the marker, of a format this version reads;
 *   <li>or it was written by a version before the marker, recognised by its journal's header: it is
 *       adopted and marked, so caches made before keep working.
 * </ul>
 * Anything else (a home folder, the working directory, a folder of documents) is refused with a
 * {@link CacheException} that names the folder and says why, and nothing in it is touched: no lock
 * file, no temporary folder, nothing deleted. The check comes first because opening a folder means
 * deleting in it: recovery deletes temporary files and eviction deletes content.
 *
 * <p>Nothing inside the folder may be a symbolic link where the tier keeps its own files (the
 * marker, the tag, the lock, the journal, {@code tmp}, the two-digit folders): the tier would write
 * or delete at the link's target, outside its folder. Such a link refuses the folder, naming it. The
 * folder itself may be given as a link: it is resolved once, here, and the tier works on the real
 * path from then on.
 *
 * <p>"Empty" allows what a first open that was cut short leaves: an empty or missing marker, the
 * tag, the lock file, an empty {@code tmp}. Nothing there is anyone else's to lose.
 */
final class FolderOwnership {
  private static final Logger LOG = LoggerFactory.getLogger(FolderOwnership.class);
  static final String MAGIC = "tiercache-disk-format";
  /**
   * The newest format this version reads and writes; a folder of a later one is refused, not
   * misread. Format 2 adds packed small entries (segment files and the journal's {@code PACKED}
   * records); a folder is marked 2 only once a tier that packs opens it, so a folder that never
   * packed stays readable by the versions that read format 1.
   */
  static final int FORMAT = 2;
  /** The format of a folder whose content is only files of their own. */
  static final int FORMAT_FILES_ONLY = 1;
  static final String TAG_SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55";
  private static final int MARKER_READ_BYTES = 4096;
  private static final int NAMES_SHOWN = 5;

  /** How the folder was found. */
  enum Standing {
    /** It carries the marker. */
    OWNED,
    /** It was absent or empty. */
    FRESH,
    /** It holds a journal of a version before the marker. */
    ADOPTED
  }

  /**
   * A folder the tier may open.
   *
   * @param root its real path
   * @param standing how it was found
   * @param tagged whether it already has a {@code CACHEDIR.TAG}
   * @param format the format its marker names, 0 if it has none
   */
  record Claim(Path root, Standing standing, boolean tagged, int format) {}

  private final Path root;
  /** Everything directly in the folder, by name, as it is itself (links not followed). */
  private final Map<String, BasicFileAttributes> entries;

  private FolderOwnership(Path root, Map<String, BasicFileAttributes> entries) {
    this.root = root;
    this.entries = entries;
  }

  /**
   * Finds the folder the settings name (creating it if absent: missing parents as {@code mkdir -p}
   * makes them, the folder itself with the tier's mode) and decides whether the tier may use it.
   * Touches nothing in an existing folder.
   *
   * @throws CacheException naming the folder, and saying why, if the tier may not use it
   */
  static Claim claim(Path dir, FileModes modes) {
    Path root = resolve(dir, modes);
    Map<String, BasicFileAttributes> entries = new TreeMap<>();
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(root)) {
      for (Path entry : listing) {
        BasicFileAttributes attributes = DiskLayout.statNoFollow(entry);
        if (attributes != null) {
          entries.put(entry.getFileName().toString(), attributes);
        }
      }
    } catch (IOException e) {
      throw new CacheException("cannot list disk tier folder " + root + ": " + e, e);
    }
    return new FolderOwnership(root, entries).decide();
  }

  /**
   * Marks a claimed folder as the tier's, once the tier holds its lock: writes the marker and the
   * tag where missing, and gives the tier's own entries at the top of the folder their modes. A
   * tier that packs marks the folder format 2 (upgrading a format 1 folder, whose files and journal
   * format 2 reads as they are), so that a version that cannot read packed entries refuses it rather
   * than losing them.
   *
   * @param packs whether the tier packs small content into segments
   */
  static void mark(Claim claim, DiskLayout layout, boolean packs) throws IOException {
    int format = packs ? FORMAT : Math.max(claim.format(), FORMAT_FILES_ONLY);
    if (claim.standing() != Standing.OWNED || claim.format() < format) {
      if (claim.standing() == Standing.OWNED) {
        LOG.info("disk tier folder {} upgraded from format {} to {}: small entries are packed "
            + "into segments from now on, and versions that read only format {} refuse it",
            claim.root(), claim.format(), format, claim.format());
      }
      writeFile(layout, layout.marker(), MAGIC + " " + format + "\n"
          + "This folder is a tiercache disk tier's cache. The tier deletes and rewrites what is\n"
          + "here: keep nothing else in it. To empty the cache, delete the whole folder.\n");
    }
    if (!claim.tagged()) {
      try {
        writeNewFile(layout, layout.tag(), TAG_SIGNATURE + "\n"
            + "# This file is a cache directory tag created by tiercache's disk tier.\n"
            + "# For information about cache directory tags, see:\n"
            + "#\thttps://bford.info/cachedir/\n");
      } catch (FileAlreadyExistsException e) {
        // Someone tagged it meanwhile: a tag is a tag.
      }
    }
    if (claim.standing() == Standing.ADOPTED) {
      LOG.info("disk tier folder {} was written by an earlier tiercache: marked it with {} and {}",
          claim.root(), DiskLayout.MARKER, DiskLayout.TAG);
    }
    FileModes modes = layout.modes();
    modes.apply(layout.dir());
    for (String name : DiskLayout.OWN_NAMES) {
      Path own = layout.dir().resolve(name);
      if (DiskLayout.statNoFollow(own) != null) {
        modes.apply(own);
      }
    }
  }

  private static Path resolve(Path dir, FileModes modes) {
    try {
      BasicFileAttributes attributes = DiskLayout.statNoFollow(dir);
      if (attributes == null) {
        Path parent = dir.getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        try {
          modes.createFolder(dir);
        } catch (FileAlreadyExistsException e) {
          // Made meanwhile, by another opener: decided below like any existing folder.
        }
      } else if (attributes.isSymbolicLink() && !Files.exists(dir)) {
        throw new CacheException("disk tier folder " + dir + " is a symbolic link to "
            + Files.readSymbolicLink(dir) + ", which does not exist");
      }
      Path real = dir.toRealPath();
      if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
        throw new CacheException("disk tier folder " + dir + " is a file, not a folder");
      }
      return real;
    } catch (IOException e) {
      throw new CacheException("cannot create disk tier folder " + dir + ": " + e, e);
    }
  }

  private Claim decide() {
    for (Map.Entry<String, BasicFileAttributes> entry : entries.entrySet()) {
      if (DiskLayout.isOwnName(entry.getKey()) && entry.getValue().isSymbolicLink()) {
        throw refusal(root.resolve(entry.getKey()) + " is a symbolic link; the tier never follows "
            + "a link inside its folder, since it would write or delete where the link points. "
            + "Remove the link (the tier makes its own " + entry.getKey() + ")");
      }
    }
    boolean tagged = entries.containsKey(DiskLayout.TAG);
    String marker = readMarker();
    if (marker != null && !marker.isEmpty()) {
      int format = checkMarker(marker);
      return writable(new Claim(root, Standing.OWNED, tagged, format));
    }
    if (onlyWhatAFirstOpenLeaves()) {
      return writable(new Claim(root, Standing.FRESH, tagged, 0));
    }
    if (hasJournalOfAnEarlierVersion()) {
      return writable(new Claim(root, Standing.ADOPTED, tagged, 0));
    }
    List<String> names = new ArrayList<>(entries.keySet());
    String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())))
        + (names.size() > NAMES_SHOWN ? " and " + (names.size() - NAMES_SHOWN) + " more" : "");
    throw refusal("it is not empty and is not a disk tier's folder (it has no " + DiskLayout.MARKER
        + " and no tiercache journal); it holds " + shown + ". A disk tier deletes files in its "
        + "folder, so it takes only an absent or empty folder, or one it marked: give it a folder "
        + "of its own");
  }

  /** Returns the marker's text, "" if it is empty (a first open cut short), null if absent. */
  private String readMarker() {
    BasicFileAttributes attributes = entries.get(DiskLayout.MARKER);
    if (attributes == null) {
      return null;
    }
    if (!attributes.isRegularFile()) {
      throw refusal(root.resolve(DiskLayout.MARKER) + " is not a file");
    }
    try {
      return new String(readStart(root.resolve(DiskLayout.MARKER), MARKER_READ_BYTES),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CacheException("cannot read the format marker of disk tier folder " + root + ": "
          + e, e);
    }
  }

  /** Checks the marker names a format this version reads, and returns it. */
  private int checkMarker(String marker) {
    String firstLine = marker.lines().findFirst().orElse("");
    String prefix = MAGIC + " ";
    if (!firstLine.startsWith(prefix)) {
      throw refusal(root.resolve(DiskLayout.MARKER) + " is not a tiercache format marker (it "
          + "does not start with '" + MAGIC + "')");
    }
    int format;
    try {
      format = Integer.parseInt(firstLine.substring(prefix.length()).trim());
    } catch (NumberFormatException e) {
      throw refusal(root.resolve(DiskLayout.MARKER) + " names no format version: '" + firstLine
          + "'");
    }
    if (format > FORMAT) {
      throw refusal("it was written by a newer tiercache (format " + format + "; this version "
          + "reads formats up to " + FORMAT + "); open it with that version, or give this one "
          + "another folder");
    }
    if (format < 1) {
      throw refusal(root.resolve(DiskLayout.MARKER) + " names format " + format
          + ", which no tiercache wrote");
    }
    return format;
  }

  private boolean onlyWhatAFirstOpenLeaves() {
    for (Map.Entry<String, BasicFileAttributes> entry : entries.entrySet()) {
      String name = entry.getKey();
      BasicFileAttributes attributes = entry.getValue();
      boolean leftover = ((name.equals(DiskLayout.MARKER) || name.equals(DiskLayout.TAG)
              || name.equals(DiskLayout.LOCK)) && attributes.isRegularFile())
          || (name.equals(DiskLayout.TMP) && attributes.isDirectory()
              && isEmpty(root.resolve(name)));
      if (!leftover) {
        return false;
      }
    }
    return true;
  }

  private boolean hasJournalOfAnEarlierVersion() {
    BasicFileAttributes journal = entries.get(DiskLayout.JOURNAL);
    if (journal == null || !journal.isRegularFile()) {
      return false;
    }
    try {
      byte[] start = readStart(root.resolve(DiskLayout.JOURNAL), JournalFormat.HEADER_BYTES);
      return start.length == JournalFormat.HEADER_BYTES
          && JournalFormat.isHeader(ByteBuffer.wrap(start));
    } catch (IOException e) {
      return false;
    }
  }

  private Claim writable(Claim claim) {
    if (!Files.isWritable(root)) {
      throw refusal("it is not writable");
    }
    return claim;
  }

  private CacheException refusal(String why) {
    return new CacheException("refusing disk tier folder " + root + ": " + why);
  }

  private static boolean isEmpty(Path folder) {
    try (DirectoryStream<Path> listing = Files.newDirectoryStream(folder)) {
      return !listing.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  private static byte[] readStart(Path file, int limit) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buffer = ByteBuffer.allocate(limit);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // Read until full or at the end.
      }
      byte[] bytes = new byte[buffer.position()];
      buffer.flip().get(bytes);
      return bytes;
    }
  }

  private static void writeFile(DiskLayout layout, Path file, String text) throws IOException {
    try (FileChannel channel = layout.modes().createOrTruncate(file)) {
      write(channel, text);
    }
  }

  private static void writeNewFile(DiskLayout layout, Path file, String text) throws IOException {
    try (FileChannel channel = layout.modes().createFile(file)) {
      write(channel, text);
    }
  }

  private static void write(FileChannel channel, String text) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
    channel.force(true);
  }
}
