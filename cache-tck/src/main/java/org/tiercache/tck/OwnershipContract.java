package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;

/**
 * The ownership rules, for tiers that keep their storage in a folder: a tier touches only what it
 * made there.
 * <ul>
 *   <li>Opened on a folder that holds someone else's files, it refuses (a {@link CacheException},
 *       with the folder left exactly as it was) or leaves those files byte-identical through every
 *       operation.
 *   <li>A file planted in its folder, or in any folder it made there, survives put, eviction,
 *       remove, expiry, clear, close and reopen.
 *   <li>A symbolic link planted in place of something it made, pointing outside to copies of what
 *       was there (with every byte changed, lengths kept) and a canary file, is never followed:
 *       nothing where it points is created, changed or deleted, and nothing read through it is
 *       served. Planted while the tier is closed, the tier may refuse to open; planted while it
 *       runs, any call may fail with a {@code CacheException}.
 * </ul>
 * A tier with no folder has nothing to own: {@link #storageFolder()} returns {@code null} and every
 * test is skipped as not applicable, never passed.
 *
 * <p>Why the kit asks this of every tier with a folder: a cache deletes as part of its job
 * (eviction, cleanup after a crash), and users point caches at folders by hand. A tier that deletes
 * what it did not make, or follows a link out of its folder, destroys data that was never cached.
 *
 * @since 0.2
 */
public abstract class OwnershipContract extends TierContract {
  private static final long CAPACITY = 64 * 1024;
  private static final int ENTRY = 4096;
  private static final String PLANTED = "kit-planted";
  private static final String CANARY = "kit-canary";

  /** Where the links the tests plant point: outside the tier's folder. */
  @TempDir Path outside;
  private final List<Path> links = new ArrayList<>();

  /** For subclasses. */
  protected OwnershipContract() {}

  /**
   * Returns the folder in which {@link #createTier} keeps the tier's storage in the current test,
   * or a folder that holds it; {@code null} if the tier keeps none. The folder must exist and be
   * empty when the test starts (a JUnit {@code @TempDir} field of the subclass, say): the tests plant
   * files and links in it, some before the tier first opens.
   *
   * @return the folder, the same one for every call in a test, or {@code null}
   */
  protected abstract Path storageFolder();

  /**
   * Opened on a folder holding someone else's files (those of a home folder, a folder named like a
   * tier's own), the tier refuses, leaving the folder as it was, or keeps every such file intact
   * through every operation, a close and a reopen.
   */
  @Test
  public void openingOnAFolderHoldingForeignFilesRefusesOrLeavesThemAlone() {
    Path folder = folder();
    Map<String, byte[]> planted = new LinkedHashMap<>();
    plant(folder, "tmp/a", planted);
    plant(folder, "de/Rechnung.pdf", planted);
    plant(folder, "ab/notes.txt", planted);
    plant(folder, "notes.txt", planted);
    plant(folder, ".profile", planted);
    Map<String, String> before = snapshot(folder);
    CacheTier tier;
    try {
      tier = tier(CAPACITY, ttlForTests());
    } catch (CacheException refused) {
      assertEquals(before, snapshot(folder), () -> "a tier that refuses a folder ("
          + refused.getMessage() + ") must leave it exactly as it was");
      return;
    }
    exercise(tier, 1);
    exercise(reopen(tier), 2);
    assertPlantedIntact(folder, planted, "opening a folder holding files the tier did not make, "
        + "then put, evict, remove, expire, clear, close and reopen");
  }

  /**
   * A file planted in the tier's folder, or in any folder the tier made there, while the tier runs
   * survives every operation, a close and a reopen.
   */
  @Test
  public void foreignFilesPlantedInTheFolderSurviveEveryOperation() {
    Path folder = folder();
    CacheTier tier = tier(CAPACITY, ttlForTests());
    exercise(tier, 1);
    fill(tier, 3);
    Map<String, byte[]> planted = new LinkedHashMap<>();
    for (Path made : foldersIn(folder)) {
      String prefix = folder.relativize(made).toString();
      String at = prefix.isEmpty() ? "" : prefix + "/";
      plant(folder, at + PLANTED + ".txt", planted);
      plant(folder, at + PLANTED + ".tmp", planted);
    }
    plant(folder, PLANTED + "-folder/inner.txt", planted);
    exercise(tier, 4);
    exercise(reopen(tier), 5);
    assertPlantedIntact(folder, planted, "planting files in the tier's folder and in each folder "
        + "it made, then put, evict, remove, expire, clear, close and reopen");
  }

  /**
   * While the tier is closed, everything it made at the top of its folder (files and folders) is
   * moved aside and replaced by a link to a copy outside with every byte changed and a canary beside
   * it. The tier refuses to open, or opens and never serves those bytes and never changes anything
   * where the links point.
   */
  @Test
  public void linksPlantedInPlaceOfWhatTheTierMadeAreNeverFollowed() {
    Path folder = folder();
    CacheTier tier = tier(CAPACITY, ttlForTests());
    List<byte[]> held = fill(tier, 1);
    tier.close();
    List<Path> made = entriesIn(folder);
    assumeFalse(made.isEmpty(), "not applicable: the tier made nothing in its folder");
    made.forEach(this::replaceByLink);
    Map<String, String> before = snapshot(outside);
    CacheTier reopened;
    try {
      reopened = tier(CAPACITY, ttlForTests());
    } catch (CacheException refused) {
      assertEquals(before, snapshot(outside), () -> "a tier that refuses its folder because of "
          + "links (" + refused.getMessage() + ") must not have changed what they point to");
      return;
    }
    useThroughLinks(reopened, held);
    reopened.close();
    assertEquals(before, snapshot(outside), "links planted in place of what the tier made, "
        + "before it opened: nothing where they point may be created, changed or deleted");
  }

  /**
   * While the tier runs, each folder it made in its folder is moved aside and replaced by a link to
   * a copy outside with every byte changed and a canary beside it. Calls may fail with a
   * {@code CacheException}, but none serves those bytes or changes anything where the links point.
   */
  @Test
  public void linksPlantedWhileTheTierRunsAreNeverFollowed() {
    Path folder = folder();
    CacheTier tier = tier(CAPACITY, ttlForTests());
    List<byte[]> held = fill(tier, 1);
    List<Path> made = foldersIn(folder).stream().filter(f -> !f.equals(folder))
        .filter(f -> f.getParent().equals(folder)).collect(Collectors.toList());
    assumeFalse(made.isEmpty(), "not applicable: the tier made no folder in its folder");
    made.forEach(this::replaceByLink);
    Map<String, String> before = snapshot(outside);
    useThroughLinks(tier, held);
    tier.close();
    assertEquals(before, snapshot(outside), "links planted in place of the folders the tier made, "
        + "while it ran: nothing where they point may be created, changed or deleted");
  }

  /**
   * Deletes the links this test planted (the links, not their targets), so that the folders are
   * cleaned up as plain folders.
   *
   * @throws IOException if a link cannot be deleted
   */
  @AfterEach
  public final void removePlantedLinks() throws IOException {
    for (Path link : links) {
      if (Files.isSymbolicLink(link)) {
        Files.delete(link);
      }
    }
    links.clear();
  }

  // ------------------------------------------------------------------------------------ helpers

  private Path folder() {
    Path folder = storageFolder();
    assumeTrue(folder != null, "not applicable: the tier keeps no storage folder (storageFolder() "
        + "is null)");
    return folder;
  }

  /** Puts, reads back, evicts, removes, expires, clears and puts again. */
  private void exercise(CacheTier tier, int seed) {
    List<byte[]> put = fill(tier, seed);
    for (byte[] content : put) {
      byte[] got = tier.getBytes(key(content));
      if (got != null) {
        assertArrayEquals(content, got, "a get must serve the bytes put");
      }
    }
    tier.remove(key(put.get(put.size() - 1)));
    clock().advance(ttlForTests());
    tier.evictExpired();
    fill(tier, seed + 100);
    tier.clear();
    byte[] last = content(ENTRY, seed + 200);
    tier.put(key(last), last);
  }

  /** Puts twice the capacity, so that the tier evicts; returns what it put. */
  private List<byte[]> fill(CacheTier tier, int seed) {
    List<byte[]> put = new ArrayList<>();
    for (int i = 0; i < 2 * CAPACITY / ENTRY; i++) {
      byte[] content = content(ENTRY - i, seed * 1000 + i);
      tier.put(key(content), content);
      put.add(content);
    }
    return put;
  }

  /** Reads, writes and deletes with links in place, accepting refusals, never wrong bytes. */
  private void useThroughLinks(CacheTier tier, List<byte[]> held) {
    for (byte[] content : held) {
      byte[] got = attempt(() -> tier.getBytes(key(content)));
      if (got != null) {
        assertArrayEquals(content, got, "a get served bytes read through a planted link");
      }
    }
    attempt(() -> fill(tier, 7));
    attempt(() -> tier.remove(key(held.get(0))));
    attempt(() -> {
      clock().advance(ttlForTests());
      return tier.evictExpired();
    });
    attempt(() -> fill(tier, 8));
    attempt(() -> {
      tier.clear();
      return null;
    });
  }

  private interface Call<T> {
    T run();
  }

  private static <T> T attempt(Call<T> call) {
    try {
      return call.run();
    } catch (CacheException refused) {
      return null;
    }
  }

  /**
   * Moves an entry the tier made aside (to a name no tier makes) and links its name to a copy
   * outside, with every byte changed and, for a folder, a canary file added.
   */
  private void replaceByLink(Path made) {
    try {
      Path target = outside.resolve(made.getFileName() + "-target");
      copyChanged(made, target);
      if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
        Files.writeString(target.resolve(CANARY), "not the tier's", StandardCharsets.UTF_8);
      }
      Files.move(made, made.resolveSibling(made.getFileName() + "." + PLANTED));
      Files.createSymbolicLink(made, target);
      links.add(made);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plant a link in place of " + made, e);
    }
  }

  private static void copyChanged(Path from, Path to) throws IOException {
    if (Files.isDirectory(from, LinkOption.NOFOLLOW_LINKS)) {
      Files.createDirectory(to);
      for (Path child : entriesIn(from)) {
        copyChanged(child, to.resolve(child.getFileName().toString()));
      }
    } else if (Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)) {
      byte[] bytes = Files.readAllBytes(from);
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] ^= 0x5a;
      }
      Files.write(to, bytes);
    }
  }

  private static void plant(Path folder, String name, Map<String, byte[]> planted) {
    Path file = folder.resolve(name);
    byte[] bytes = ("planted by the compatibility kit as " + name).getBytes(StandardCharsets.UTF_8);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot plant " + file, e);
    }
    planted.put(name, bytes);
  }

  private static void assertPlantedIntact(Path folder, Map<String, byte[]> planted, String after) {
    planted.forEach((name, bytes) -> {
      Path file = folder.resolve(name);
      byte[] now;
      try {
        now = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? Files.readAllBytes(file)
            : null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      assertArrayEquals(bytes, now, () -> file + ", a file the tier did not make, must be kept "
          + "byte for byte after " + after);
    });
  }

  /** The folder and every folder below it, links not followed. */
  private static List<Path> foldersIn(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      return paths.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Path> entriesIn(Path folder) {
    try (Stream<Path> paths = Files.list(folder)) {
      return paths.sorted().collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every path under a folder with its kind, and a file's bytes or a link's target. */
  private static Map<String, String> snapshot(Path folder) {
    Map<String, String> entries = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(folder)) {
      for (Path path : (Iterable<Path>) paths::iterator) {
        String name = folder.relativize(path).toString();
        if (Files.isSymbolicLink(path)) {
          entries.put(name, "link to " + Files.readSymbolicLink(path));
        } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
          entries.put(name, "folder");
        } else {
          entries.put(name, "file " + Arrays.hashCode(Files.readAllBytes(path)) + " of "
              + Files.size(path) + " bytes");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return entries;
  }
}
