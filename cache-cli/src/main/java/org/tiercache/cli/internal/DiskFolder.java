package org.tiercache.cli.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.tiercache.api.ContentKey;

/**
 * The content files of a disk tier's folder, found by its documented layout
 * ({@code DIR/ab/abcdef...}: each file named by its key's hex digest under a folder named by the
 * first two digits; see {@code cache-disk/README.md}).
 *
 * <p>The SPI cannot list a tier's keys, and the disk tier keeps its index to itself; {@code verify}
 * and {@code stat} need them, and a listing of the folder is what the tier itself does when it
 * recovers. The listing only reads: names and attributes, never content, and it changes nothing.
 * Anything else in the folder (the journal, the lock, temporary files) is not content and is
 * skipped. A content file's modification time is when its content was last put, since every put
 * writes a new file and moves it into place.
 */
public final class DiskFolder {
  private DiskFolder() {}

  /**
   * A content file.
   *
   * @param key the key its name spells
   * @param file the file
   * @param size its length in bytes
   * @param written its modification time: when its content was put
   */
  public record Content(ContentKey key, Path file, long size, Instant written) {}

  /**
   * Lists the content files of a folder, oldest first.
   *
   * @param dir the disk tier's folder
   * @return the content files, by modification time then key; empty if the folder does not exist
   * @throws CommandFailure with status {@link ExitStatus#FAILURE} if the folder cannot be read
   */
  public static List<Content> contents(Path dir) {
    List<Content> found = new ArrayList<>();
    try (DirectoryStream<Path> prefixes =
        Files.newDirectoryStream(dir, p -> isHex(p.getFileName().toString(), 2))) {
      for (Path prefix : prefixes) {
        if (!Files.isDirectory(prefix)) {
          continue;
        }
        String start = prefix.getFileName().toString();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(prefix)) {
          for (Path file : files) {
            String name = file.getFileName().toString();
            if (!name.startsWith(start) || !(isHex(name, 64) || isHex(name, 32))) {
              continue;
            }
            BasicFileAttributes attributes;
            try {
              attributes = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (NoSuchFileException gone) {
              continue; // removed while listing
            }
            if (attributes.isRegularFile()) {
              found.add(new Content(ContentKey.of(name), file, attributes.size(),
                  attributes.lastModifiedTime().toInstant()));
            }
          }
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (AccessDeniedException e) {
      throw new CommandFailure(ExitStatus.FAILURE, "cannot read disk folder " + dir
          + ": permission denied (" + e.getFile() + ")", e);
    } catch (IOException e) {
      throw new CommandFailure(ExitStatus.FAILURE, "cannot read disk folder " + dir + ": " + e, e);
    }
    found.sort(Comparator.comparing(Content::written)
        .thenComparing(c -> c.key().toString()));
    return found;
  }

  /**
   * Returns the content put longest ago.
   *
   * @param dir the disk tier's folder
   * @return the oldest content file, or empty if there is none
   */
  public static Optional<Content> oldest(Path dir) {
    List<Content> all = contents(dir);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  private static boolean isHex(String name, int length) {
    if (name.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = name.charAt(i);
      if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }
}
