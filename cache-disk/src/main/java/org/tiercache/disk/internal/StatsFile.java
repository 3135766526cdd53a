package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.TierStats;

/**
 * The file in which a disk tier keeps its lifetime counters, {@code dir/tiercache-disk.stats}: a
 * few lines of text, a magic line and then {@code name=value}, so that an operator can read it.
 *
 * <p><b>Written as the tier writes content.</b> The counts are written to a fresh temporary file in
 * the tier's {@code tmp} folder (created new, never through a link, with the tier's file mode:
 * 0600 under {@code access=private}), then moved over the counts file atomically: a reader, or a
 * crash, sees the old counts or the new ones, never half of them. The move replaces a regular file
 * only: if anything else is at the name (a symbolic link, a folder), nothing is written.
 *
 * <p><b>What is not ours is left alone.</b> The name is new in this version, so an older folder may
 * hold someone's file under it. A regular file that does not begin with the magic line, one of a
 * later format, a link or a folder is never read through, replaced nor deleted: the tier warns once
 * and keeps counting this instance only (from its open) until it is removed. A file that begins
 * with the magic line but cannot be read (a power loss before the device had it) is the tier's own,
 * damaged: the tier warns once, starts the counts afresh and replaces it. An empty file counts as
 * damaged too (what a power loss leaves), not as someone else's.
 *
 * <p>Not thread-safe: {@link LifetimeCounter} calls it under its write lock.
 */
final class StatsFile {
  private static final Logger LOG = LoggerFactory.getLogger(StatsFile.class);
  static final String MAGIC = "tiercache-disk-stats";
  static final int FORMAT = 1;
  private static final String SINCE = "since";
  private static final List<String> COUNTERS = List.of("hits", "misses", "puts", "rejectedPuts",
      "evictions", "expirations", "damaged");
  /** A counts file is a few hundred bytes; a larger one is not ours to read. */
  private static final int LARGEST = 64 * 1024;

  /**
   * What the file held at open.
   *
   * @param counts the counters (occupancy zero), all zero when starting afresh
   * @param since when the counting began
   * @param writable whether the tier may replace the file (false when something not its own is
   *     at the name)
   * @param found whether the counts came from the file (false when started afresh)
   */
  record Loaded(TierStats counts, Instant since, boolean writable, boolean found) {}

  private final DiskLayout layout;
  private final ContentFiles files;
  private final FsyncPolicy fsync;
  /** Whether the last write failed, so that a streak of failures is told once. */
  private boolean failing;

  StatsFile(DiskLayout layout, ContentFiles files, FsyncPolicy fsync) {
    this.layout = layout;
    this.files = files;
    this.fsync = fsync;
  }

  Path path() {
    return layout.stats();
  }

  /**
   * Reads the counts the last instance wrote, or starts them at {@code now}. Never fails: whatever
   * is wrong is told in one WARN line.
   */
  Loaded load(Instant now) {
    Path file = path();
    BasicFileAttributes attributes;
    try {
      attributes = DiskLayout.statNoFollow(file);
    } catch (IOException e) {
      LOG.warn("cannot read the lifetime counts {} ({}); counting afresh from now", file,
          e.toString());
      return afresh(now, true);
    }
    if (attributes == null) {
      return afresh(now, true);
    }
    if (!attributes.isRegularFile() || attributes.size() > LARGEST) {
      String what = attributes.isSymbolicLink() ? "a symbolic link"
          : attributes.isRegularFile() ? "larger than " + LARGEST + " bytes" : "not a file";
      return foreign(now, what);
    }
    String text;
    try {
      text = read(file);
    } catch (CharacterCodingException e) {
      return foreign(now, "not text");
    } catch (IOException e) {
      LOG.warn("cannot read the lifetime counts {} ({}); counting afresh from now", file,
          e.toString());
      return afresh(now, true);
    }
    List<String> lines = text.lines().toList();
    if (lines.isEmpty()) {
      return damaged(now, "it is empty");
    }
    String first = lines.get(0).strip();
    if (!first.startsWith(MAGIC + " ")) {
      return foreign(now, "not a disk tier's counts (it does not start with '" + MAGIC + "')");
    }
    if (!first.equals(MAGIC + " " + FORMAT)) {
      return foreign(now, "of another format ('" + first + "'; this version writes "
          + FORMAT + ")");
    }
    Map<String, String> values = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    try {
      Instant since = Instant.parse(required(values, SINCE));
      long[] counts = new long[COUNTERS.size()];
      for (int i = 0; i < counts.length; i++) {
        counts[i] = Long.parseLong(required(values, COUNTERS.get(i)));
      }
      return new Loaded(new TierStats(counts[0], counts[1], counts[2], counts[3], counts[4],
          counts[5], counts[6], 0, 0), since, true, true);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return damaged(now, e.getMessage());
    }
  }

  /**
   * Writes the counts: a new temporary file moved over the counts file. A failure is told once per
   * streak, at WARN, and fails nothing else.
   *
   * @param counts the counters to keep
   * @param since when the counting began
   * @param force whether to force the file and the folder to the device (at close, unless the
   *     tier's {@code fsync} is {@code never}; every time under {@code always})
   * @return whether the counts are in the file now
   */
  boolean write(TierStats counts, Instant since, boolean force) {
    Path file = path();
    ContentFiles.TempFile temp = null;
    try {
      temp = files.newTempFile();
      try (FileChannel channel = temp.channel()) {
        ByteBuffer bytes = ByteBuffer.wrap(format(counts, since).getBytes(StandardCharsets.UTF_8));
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        if (force || fsync == FsyncPolicy.ALWAYS) {
          channel.force(true);
        }
      }
      BasicFileAttributes attributes = DiskLayout.statNoFollow(file);
      if (attributes != null && !attributes.isRegularFile()) {
        // Made a link or a folder since the tier opened: a rename would replace it.
        throw new IOException(file + " is " + (attributes.isSymbolicLink() ? "a symbolic link"
            : "not a file") + ", which the tier neither follows nor replaces");
      }
      Files.move(temp.path(), file, StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      if (force || fsync == FsyncPolicy.ALWAYS) {
        DiskLayout.forceFolder(layout.dir());
      }
      if (failing) {
        failing = false;
        LOG.info("lifetime counts written to {} again", file);
      }
      return true;
    } catch (IOException | RuntimeException e) {
      if (temp != null) {
        files.deleteTemp(temp.path());
      }
      if (!failing) {
        failing = true;
        LOG.warn("cannot write the lifetime counts {} ({}); they are kept in memory and written "
            + "again later", file, e.toString());
      }
      return false;
    }
  }

  static String format(TierStats counts, Instant since) {
    long[] values = {counts.hits(), counts.misses(), counts.puts(), counts.rejectedPuts(),
        counts.evictions(), counts.expirations(), counts.damaged()};
    StringBuilder text = new StringBuilder(MAGIC).append(' ').append(FORMAT).append('\n')
        .append("# counters of this disk tier added up over every process that opened it\n")
        .append(SINCE).append('=').append(since).append('\n');
    for (int i = 0; i < values.length; i++) {
      text.append(COUNTERS.get(i)).append('=').append(values[i]).append('\n');
    }
    return text.toString();
  }

  private static String required(Map<String, String> values, String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("it has no '" + name + "'");
    }
    if (!name.equals(SINCE) && (value.isEmpty() || value.charAt(0) == '-')) {
      throw new IllegalArgumentException("'" + name + "' is not a count: '" + value + "'");
    }
    return value;
  }

  private static String read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      ByteBuffer buffer = ByteBuffer.allocate(LARGEST + 1);
      while (buffer.hasRemaining() && channel.read(buffer) > 0) {
        // Read until full or at the end.
      }
      buffer.flip();
      return StandardCharsets.UTF_8.newDecoder().decode(buffer).toString();
    }
  }

  private Loaded afresh(Instant now, boolean writable) {
    return new Loaded(TierStats.EMPTY, now, writable, false);
  }

  private Loaded damaged(Instant now, String why) {
    LOG.warn("the lifetime counts {} are damaged ({}); counting afresh from now and replacing "
        + "them", path(), why);
    return afresh(now, true);
  }

  private Loaded foreign(Instant now, String what) {
    LOG.warn("{} is {}: the disk tier neither reads, follows nor replaces it; lifetime counts are "
        + "this instance's only, and are not kept, until it is removed", path(), what);
    return afresh(now, false);
  }
}
