package org.tiercache.disk.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;

/** Opens disk tiers on a test's folder and looks at what they left in it. */
final class Folders {
  private Folders() {}

  static CacheTier open(Path dir, AtomicLong clock, String settings) {
    TierConfig config = TierConfig.parse("dir=" + dir + " " + settings).toBuilder()
        .clock(clock::get)
        .build();
    return new DiskTierProvider().create(config);
  }

  static byte[] content(int size, long seed) {
    byte[] bytes = new byte[size];
    new SplittableRandom(seed * 31 + size).nextBytes(bytes);
    return bytes;
  }

  static Path contentFile(Path dir, ContentKey key) {
    return dir.resolve(key.hex().substring(0, 2)).resolve(key.hex());
  }

  /** Every content file under the two-digit folders. */
  static List<Path> contentFiles(Path dir) {
    try (Stream<Path> files = Files.walk(dir, 2)) {
      return files.filter(Files::isRegularFile)
          .filter(p -> DiskLayout.isPrefixFolderName(p.getParent().getFileName().toString()))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long sizeOf(List<Path> files) {
    long total = 0;
    for (Path file : files) {
      try {
        total += Files.size(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return total;
  }

  static List<Path> list(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies a folder a tier has open, lock file aside: the copy is what a crash at this moment leaves
   * (content files and a journal with no clean close), so recovery can be tested in one process.
   */
  static void copyAsCrashed(Path from, Path to) {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else if (!source.getFileName().toString().equals(".lock")) {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING,
              StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
