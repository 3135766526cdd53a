package org.tiercache.tck;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;

/**
 * The storage of a persistent {@link ReferenceTier} kept in one file of a folder, as a simple
 * persistent tier would keep it: written to a temporary name and moved over the file at close,
 * read at open, never through a link. Anything else in the folder is left alone. Each {@link Flaw}
 * breaks one rule of {@link OwnershipContract}.
 */
final class FolderStorage extends ReferenceTier.Storage {
  static final String FILE = "reference-tier.entries";
  private static final int MAGIC = 0x52454654; // "REFT"

  /** A deliberate bug in how the storage treats its folder. */
  enum Flaw {
    /** At open, deletes everything in the folder but its own file, as a careless cleanup would. */
    DELETES_FOREIGN_FILES,
    /** Reads and writes its file by name, following a link there. */
    FOLLOWS_LINKS
  }

  private final Path folder;
  private final Set<Flaw> flaws;

  FolderStorage(Path folder, Set<Flaw> flaws) {
    this.folder = folder;
    this.flaws = flaws;
  }

  @Override
  synchronized List<ReferenceTier.Saved> load() {
    try {
      Files.createDirectories(folder);
      if (flaws.contains(Flaw.DELETES_FOREIGN_FILES)) {
        deleteAllBut(folder.resolve(FILE));
      }
      Path file = folder.resolve(FILE);
      if (!flaws.contains(Flaw.FOLLOWS_LINKS) && Files.isSymbolicLink(file)) {
        throw new CacheException("refusing " + file + ": it is a symbolic link");
      }
      if (!Files.exists(file)) {
        return List.of();
      }
      return read(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  synchronized void save(List<ReferenceTier.Saved> entries) {
    Path file = folder.resolve(FILE);
    try {
      byte[] bytes = write(entries);
      if (flaws.contains(Flaw.FOLLOWS_LINKS)) {
        Files.write(file, bytes);
        return;
      }
      Path temp = folder.resolve(FILE + ".tmp");
      Files.write(temp, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      // A rename replaces a link at the name itself, never what it points to.
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads saved entries; anything unreadable (damage, another file's bytes) reads as none. */
  private static List<ReferenceTier.Saved> read(byte[] bytes) {
    List<ReferenceTier.Saved> saved = new ArrayList<>();
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
        saved.add(new ReferenceTier.Saved(key, content, writtenAt));
      }
      return saved;
    } catch (IOException | IllegalArgumentException e) {
      return List.of();
    }
  }

  private static byte[] write(List<ReferenceTier.Saved> entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(MAGIC);
      out.writeInt(entries.size());
      for (ReferenceTier.Saved s : entries) {
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
