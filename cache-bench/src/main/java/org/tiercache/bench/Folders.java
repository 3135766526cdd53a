package org.tiercache.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Scratch folders for the disk benchmarks, under {@code -Dtiercache.bench.dir} or the temp folder. */
final class Folders {
  private Folders() {}

  static Path create(String prefix) {
    try {
      String base = System.getProperty("tiercache.bench.dir");
      if (base == null) {
        return Files.createTempDirectory(prefix);
      }
      Files.createDirectories(Path.of(base));
      return Files.createTempDirectory(Path.of(base), prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
