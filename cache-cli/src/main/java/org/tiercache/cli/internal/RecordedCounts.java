package org.tiercache.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.TierStats;

/**
 * Hits, misses and the other counters of each tier, added up over every command run on one disk
 * folder and kept in {@code DIR/tiercache-cli.counts} (a properties file).
 *
 * <p>A tier counts from the moment it opens ({@link TierStats}), and a command's tiers live for a
 * moment, so without this {@code stat} would always show zero hits. The file is written while the
 * command holds the folder's lock (through the disk tier), so two commands never write it at once.
 * It records what {@code tiercache} commands did on the folder, not what a service using the same
 * folder did. A file that cannot be read is started afresh, and one that cannot be written is
 * reported at WARN: counts never fail a command.
 *
 * <p><b>Never through a link.</b> The folder may be shared with other people and programs, so no
 * name in it is trusted to be what it seems. The counts are written to
 * {@code tiercache-cli.counts.tmp}, created new ({@code CREATE_NEW}: it fails on anything already
 * there, a symbolic link included, even a dangling one; whatever held the name before, a file left
 * by a crash or a planted link, is removed first, the link itself and never what it points to),
 * opened with {@code NOFOLLOW_LINKS}, private to its owner (0600 on POSIX file systems), and moved
 * over {@code tiercache-cli.counts} atomically. A counts file that is a symbolic link (or anything
 * but a regular file) is never read nor replaced: it is ignored with one WARN, and the command's
 * counts are not kept until it is removed.
 */
public final class RecordedCounts {
  /** The name under which the composer's own counts are kept. */
  public static final String STACK = "stack";
  /** The file's name in the disk folder. */
  public static final String FILE_NAME = "tiercache-cli.counts";

  private static final Logger LOG = LoggerFactory.getLogger(RecordedCounts.class);
  private static final String SINCE = "since";
  /** A counts file is a few hundred bytes; anything far larger is not ours to read. */
  private static final long LARGEST = 1L << 20;
  private static final Set<OpenOption> NEW_PRIVATE_FILE = Set.of(StandardOpenOption.CREATE_NEW,
      StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  private final Path file;
  private final Instant since;
  private final Map<String, Counts> counts;

  /**
   * The counters of one tier.
   *
   * @param hits gets answered
   * @param misses gets not answered
   * @param puts puts stored
   * @param rejectedPuts puts refused
   * @param evictions entries removed for room
   * @param expirations entries removed for age
   * @param damaged entries found damaged and removed
   * @param failures calls from the composer to the tier that threw
   */
  public record Counts(long hits, long misses, long puts, long rejectedPuts, long evictions,
      long expirations, long damaged, long failures) {
    /** All zero. */
    public static final Counts ZERO = new Counts(0, 0, 0, 0, 0, 0, 0, 0);

    static Counts of(TierStats stats, long failures) {
      return new Counts(stats.hits(), stats.misses(), stats.puts(), stats.rejectedPuts(),
          stats.evictions(), stats.expirations(), stats.damaged(), failures);
    }

    Counts plus(Counts o) {
      return new Counts(hits + o.hits, misses + o.misses, puts + o.puts,
          rejectedPuts + o.rejectedPuts, evictions + o.evictions, expirations + o.expirations,
          damaged + o.damaged, failures + o.failures);
    }

    /**
     * Returns the counters by name, in declaration order.
     *
     * @return the counters
     */
    public Map<String, Long> asMap() {
      Map<String, Long> map = new LinkedHashMap<>();
      map.put("hits", hits);
      map.put("misses", misses);
      map.put("puts", puts);
      map.put("rejectedPuts", rejectedPuts);
      map.put("evictions", evictions);
      map.put("expirations", expirations);
      map.put("damaged", damaged);
      map.put("failures", failures);
      return map;
    }

    private static Counts read(Properties p, String name) {
      return new Counts(read(p, name, "hits"), read(p, name, "misses"), read(p, name, "puts"),
          read(p, name, "rejectedPuts"), read(p, name, "evictions"), read(p, name, "expirations"),
          read(p, name, "damaged"), read(p, name, "failures"));
    }

    private static long read(Properties p, String name, String counter) {
      String value = p.getProperty(name + "." + counter);
      try {
        return value == null ? 0 : Math.max(0, Long.parseLong(value.trim()));
      } catch (NumberFormatException e) {
        return 0;
      }
    }
  }

  private RecordedCounts(Path file, Instant since, Map<String, Counts> counts) {
    this.file = file;
    this.since = since;
    this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
  }

  /**
   * No place to keep counts (a stack without a disk tier): only the running command's are known.
   *
   * @return counts that are never saved
   */
  static RecordedCounts none() {
    return new RecordedCounts(null, null, Map.of());
  }

  /**
   * Reads the counts kept in a disk folder, or starts them.
   *
   * @param dir the disk tier's folder, open and locked by this process
   * @return the counts so far
   */
  static RecordedCounts load(Path dir) {
    Path file = dir.resolve(FILE_NAME);
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return new RecordedCounts(file, Instant.now(), Map.of());
    } catch (IOException e) {
      LOG.warn("cannot read the recorded counts {} ({}); starting them afresh", file, e.toString());
      return new RecordedCounts(file, Instant.now(), Map.of());
    }
    if (!attributes.isRegularFile() || attributes.size() > LARGEST) {
      LOG.warn("the recorded counts {} are {}: not followed, not read and not replaced; counts are"
          + " not kept until it is removed", file, attributes.isSymbolicLink()
          ? "a symbolic link" : attributes.isRegularFile() ? "larger than " + LARGEST + " bytes"
          : "not a regular file");
      return none();
    }
    Properties p = new Properties();
    // NOFOLLOW_LINKS again: the name may have been swapped for a link since it was looked at.
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      return new RecordedCounts(file, Instant.now(), Map.of());
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("cannot read the recorded counts {} ({}); starting them afresh", file, e.toString());
      return new RecordedCounts(file, Instant.now(), Map.of());
    }
    Instant since;
    try {
      since = Instant.parse(p.getProperty(SINCE, ""));
    } catch (DateTimeParseException e) {
      since = Instant.now();
    }
    Map<String, Counts> counts = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      int dot = key.lastIndexOf('.');
      if (dot > 0) {
        counts.computeIfAbsent(key.substring(0, dot), name -> Counts.read(p, name));
      }
    }
    return new RecordedCounts(file, since, counts);
  }

  /**
   * Returns the counts of a tier (by its name in the stack) or of the stack ({@link #STACK}).
   *
   * @param name the name
   * @return the counts, zero if none were recorded
   */
  public Counts of(String name) {
    return counts.getOrDefault(name, Counts.ZERO);
  }

  /**
   * Returns since when the counts are kept.
   *
   * @return the time the file was started, or empty if counts are not kept
   */
  public Optional<Instant> since() {
    return Optional.ofNullable(since);
  }

  /**
   * Returns the file holding the counts.
   *
   * @return the file, or empty if counts are not kept (no disk tier)
   */
  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  RecordedCounts plus(Map<String, Counts> more) {
    Map<String, Counts> sum = new LinkedHashMap<>(counts);
    more.forEach((name, c) -> sum.merge(name, c, Counts::plus));
    return new RecordedCounts(file, since, sum);
  }

  void save() {
    if (file == null || !Files.isDirectory(file.getParent(), LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Properties p = new Properties();
    p.setProperty(SINCE, since.toString());
    counts.forEach((name, c) -> c.asMap().forEach((counter, value) ->
        p.setProperty(name + "." + counter, Long.toString(value))));
    Path temp = file.resolveSibling(FILE_NAME + ".tmp");
    try {
      if (isLinkOrOther(file)) {
        // Made a link since it was loaded: left alone, as at load (where it was reported).
        return;
      }
      // Removes a file left by a crash, or a link planted there: the name, never its target.
      Files.deleteIfExists(temp);
      try (OutputStream out = Channels.newOutputStream(
          Files.newByteChannel(temp, NEW_PRIVATE_FILE, privateAttributes(file.getParent())))) {
        p.store(out, "hits, misses... of each tier, added up over tiercache commands");
      }
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      LOG.warn("cannot record the counts in {}: {}", file, e.toString());
      try {
        Files.deleteIfExists(temp);
      } catch (IOException ignored) {
        // Left for the next command, which removes it before writing.
      }
    }
  }

  /** Whether the counts file exists as anything but a regular file (a link, a folder, a pipe). */
  private static boolean isLinkOrOther(Path file) throws IOException {
    try {
      return !Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
          .isRegularFile();
    } catch (NoSuchFileException absent) {
      return false;
    }
  }

  /** 0600 where the file system has POSIX permissions; nothing to ask for elsewhere. */
  private static FileAttribute<?>[] privateAttributes(Path dir) {
    if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))};
  }
}
