package org.tiercache.disk.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;

/** Opens disk tiers on a test's folder and looks at what they left in it. */
final class Folders {
  /**
   * The setting that gives every entry a file of its own, for tests of that layout: under the
   * default settings content below 64 KiB is packed into segments.
   */
  static final String FILES = "pack.below=0";

  private Folders() {}

  static CacheTier open(Path dir, AtomicLong clock, String settings) {
    return new DiskTierProvider().create(config(dir, clock, settings));
  }

  /** Opens a tier whose content deletes go through {@code deleter}, to inject failures. */
  static CacheTier open(Path dir, AtomicLong clock, String settings,
      ContentFiles.Deleter deleter) {
    return DiskTier.open(DiskSettings.from(config(dir, clock, settings)), deleter,
        LifetimeCounter.DAEMON);
  }

  private static TierConfig config(Path dir, AtomicLong clock, String settings) {
    return TierConfig.parse("dir=" + dir + " " + settings).toBuilder()
        .clock(clock::get)
        .build();
  }

  /**
   * Describes everything under a folder without following links: each path, relative, with its
   * kind and, for a file, its bytes; a link with its target. Equal snapshots mean nothing was
   * created, deleted, changed or followed.
   */
  static Map<String, String> snapshot(Path folder) {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        String name = folder.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          entries.put(name, "link to " + Files.readSymbolicLink(path));
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          entries.put(name, "folder");
        } else {
          entries.put(name, "file " + Arrays.toString(Files.readAllBytes(path)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }

  /** Deletes a folder and everything in it, links themselves rather than what they point to. */
  static void deleteTree(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
