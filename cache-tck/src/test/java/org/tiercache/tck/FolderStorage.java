package org.tiercache.tck;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.TierStats;

/**
 * The storage of a persistent {@link ReferenceTier} kept in two files of a folder, as a simple
 * persistent tier would keep it: a snapshot, written to a temporary name and moved over the file at
 * close, and a log to which every change is appended (handed to the operating system, so that a
 * killed process loses none) before the call that made it returns; open reads the snapshot and
 * replays the log, up to a record a kill cut short. Never through a link. Anything else in the
 * folder is left alone. Each {@link Flaw} breaks one rule of {@link OwnershipContract} or
 * {@link CrashContract}.
 */
final class FolderStorage extends ReferenceStorage {
  static final String FILE = "reference-tier.entries";
  static final String LOG = "reference-tier.log";
  static final String COUNTS = "reference-tier.counts";
  private static final byte PUT = 1;
  private static final byte REMOVE = 2;
  private static final byte CLEAR = 3;
  private static final int MAGIC = 0x52454654; // "REFT"

  /** A deliberate bug in how the storage treats its folder. */
  enum Flaw {
    /** At open, deletes everything in the folder but its own file, as a careless cleanup would. */
    DELETES_FOREIGN_FILES,
    /** Reads and writes its file by name, following a link there. */
    FOLLOWS_LINKS,
    /** Keeps no log: the entries are written only at a clean close, so a kill loses them all. */
    SAVES_ONLY_ON_CLOSE
  }

  private final Path folder;
  private final Set<Flaw> flaws;
  // Open from load to save: the log this storage appends to.
  private FileChannel log;

  FolderStorage(Path folder, Set<Flaw> flaws) {
    this.folder = folder;
    this.flaws = flaws;
  }

  @Override
  synchronized List<ReferenceStorage.Saved> load() {
    try {
      Files.createDirectories(folder);
      if (flaws.contains(Flaw.DELETES_FOREIGN_FILES)) {
        deleteAllBut(folder.resolve(FILE));
      }
      Path file = folder.resolve(FILE);
      if (!flaws.contains(Flaw.FOLLOWS_LINKS) && Files.isSymbolicLink(file)) {
        throw new CacheException("refusing " + file + ": it is a symbolic link");
      }
      List<ReferenceStorage.Saved> saved = Files.exists(file)
          ? new ArrayList<>(read(Files.readAllBytes(file))) : new ArrayList<>();
      if (flaws.contains(Flaw.SAVES_ONLY_ON_CLOSE)) {
        return saved;
      }
      Path logFile = folder.resolve(LOG);
      boolean follow = flaws.contains(Flaw.FOLLOWS_LINKS);
      if (!follow && Files.isSymbolicLink(logFile)) {
        throw new CacheException("refusing " + logFile + ": it is a symbolic link");
      }
      if (Files.exists(logFile)) {
        replay(Files.readAllBytes(logFile), saved);
      }
      log = follow
          ? FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.APPEND)
          : FileChannel.open(logFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
              StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
      return saved;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  void logPut(ReferenceStorage.Saved entry) {
    append(out -> {
      out.writeByte(PUT);
      out.writeUTF(entry.key.toString());
      out.writeLong(entry.writtenAt);
      out.writeInt(entry.content.length);
      out.write(entry.content);
    });
  }

  @Override
  void logRemove(ContentKey key) {
    append(out -> {
      out.writeByte(REMOVE);
      out.writeUTF(key.toString());
    });
  }

  @Override
  void logClear() {
    append(out -> out.writeByte(CLEAR));
  }

  private interface Record {
    void write(DataOutputStream out) throws IOException;
  }

  /** Appends one record in one write, so that a kill leaves it whole or cut, never mixed. */
  private synchronized void append(Record record) {
    if (log == null) {
      return;
    }
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bytes)) {
        record.write(out);
      }
      ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
      while (buffer.hasRemaining()) {
        log.write(buffer);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Applies logged changes to the saved entries; a record a kill cut short ends the log. */
  private static void replay(byte[] bytes, List<ReferenceStorage.Saved> saved) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      while (in.available() > 0) {
        byte type = in.readByte();
        if (type == CLEAR) {
          saved.clear();
          continue;
        }
        ContentKey key = ContentKey.of(in.readUTF());
        saved.removeIf(s -> s.key.equals(key));
        if (type == PUT) {
          long writtenAt = in.readLong();
          int length = in.readInt();
          if (length < 0 || length > in.available()) {
            return;
          }
          saved.add(new ReferenceStorage.Saved(key, in.readNBytes(length), writtenAt));
        } else if (type != REMOVE) {
          return;
        }
      }
    } catch (IOException | IllegalArgumentException cut) {
      // The rest of the log was cut short by a kill, or damaged: what was replayed stands.
    }
  }

  @Override
  synchronized void save(List<ReferenceStorage.Saved> entries) {
    Path file = folder.resolve(FILE);
    try {
      byte[] bytes = write(entries);
      if (flaws.contains(Flaw.FOLLOWS_LINKS)) {
        Files.write(file, bytes);
      } else {
        Path temp = folder.resolve(FILE + ".tmp");
        Files.write(temp, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        // A rename replaces a link at the name itself, never what it points to.
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING);
      }
      if (log != null) {
        log.close();
        log = null;
        // The snapshot holds everything the log did; a kill before this line replays it again.
        Files.deleteIfExists(folder.resolve(LOG));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the counters the last close wrote; none (from {@code now}) if absent or unreadable. */
  @Override
  synchronized LifetimeStats loadLifetime(Instant now) {
    Path file = folder.resolve(COUNTS);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return new LifetimeStats(TierStats.EMPTY, now);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(
        Files.readAllBytes(file)))) {
      Instant since = Instant.ofEpochSecond(in.readLong(), in.readInt());
      long[] c = new long[7];
      for (int i = 0; i < c.length; i++) {
        c[i] = in.readLong();
      }
      return new LifetimeStats(new TierStats(c[0], c[1], c[2], c[3], c[4], c[5], c[6], 0, 0),
          since);
    } catch (IOException | IllegalArgumentException | java.time.DateTimeException e) {
      return new LifetimeStats(TierStats.EMPTY, now);
    }
  }

  /** Writes the counters to a temporary name moved over the counts file, never through a link. */
  @Override
  synchronized void saveLifetime(LifetimeStats counted) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    TierStats s = counted.stats();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeLong(counted.since().getEpochSecond());
      out.writeInt(counted.since().getNano());
      for (long c : new long[] {s.hits(), s.misses(), s.puts(), s.rejectedPuts(), s.evictions(),
          s.expirations(), s.damaged()}) {
        out.writeLong(c);
      }
      Path temp = folder.resolve(COUNTS + ".tmp");
      Files.write(temp, bytes.toByteArray(), StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      Files.move(temp, folder.resolve(COUNTS), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads saved entries; anything unreadable (damage, another file's bytes) reads as none. */
  private static List<ReferenceStorage.Saved> read(byte[] bytes) {
    List<ReferenceStorage.Saved> saved = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      if (bytes.length < 8 || in.readInt() != MAGIC) {
        return List.of();
      }
      int count = in.readInt();
      for (int i = 0; i < count; i++) {
        ContentKey key = ContentKey.of(in.readUTF());
        long writtenAt = in.readLong();
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
          return List.of();
        }
        byte[] content = in.readNBytes(length);
        saved.add(new ReferenceStorage.Saved(key, content, writtenAt));
      }
      return saved;
    } catch (IOException | IllegalArgumentException e) {
      return List.of();
    }
  }

  private static byte[] write(List<ReferenceStorage.Saved> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(entries.size());
      for (ReferenceStorage.Saved s : entries) {
        out.writeUTF(s.key.toString());
        out.writeLong(s.writtenAt);
        out.writeInt(s.content.length);
        out.write(s.content);
      }
    }
    return bytes.toByteArray();
  }

  private void deleteAllBut(Path kept) throws IOException {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        if (!path.equals(folder) && !path.equals(kept)) {
          Files.delete(path);
        }
      }
    }
  }
}
