package org.tiercache.example.attachments;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.tiercache.api.ContentKey;

/**
 * A mail store in a folder: every regular file in it is an attachment, known by its SHA-256. It
 * counts its fetches, so the application can show how many the cache saved.
 */
public final class FolderOrigin implements Origin {
  private final Map<ContentKey, Path> files;
  private final LongAdder fetches = new LongAdder();

  private FolderOrigin(Map<ContentKey, Path> files) {
    this.files = files;
  }

  /**
   * Indexes the files of a folder (not its subfolders) by their SHA-256.
   *
   * @param folder the mail store
   * @return the origin
   * @throws IOException if the folder cannot be listed or a file read
   */
  public static FolderOrigin index(Path folder) throws IOException {
    Map<ContentKey, Path> files = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
    try (Stream<Path> listing = Files.list(folder)) {
      for (Path file : (Iterable<Path>) listing.sorted()::iterator) {
        if (Files.isRegularFile(file)) {
          try (InputStream in = Files.newInputStream(file)) {
            files.put(ContentKey.sha256(in), file);
          }
        }
      }
    }
    return new FolderOrigin(files);
  }

  /**
   * Returns the keys of every attachment, in a stable order.
   *
   * @return the keys
   */
  public List<ContentKey> keys() {
    return List.copyOf(files.keySet());
  }

  @Override
  public byte[] fetch(ContentKey key) throws IOException {
    Path file = files.get(key);
    if (file == null) {
      return null;
    }
    fetches.increment();
    return Files.readAllBytes(file);
  }

  /**
   * Returns how many fetches reached this origin.
   *
   * @return the fetch count
   */
  public long fetches() {
    return fetches.sum();
  }
}
