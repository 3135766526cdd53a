package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.TierConfig;
import org.tiercache.testlog.CapturedLog;

/**
 * The packed counterparts of {@link FailedWriteTest}: a put of small content whose append to a
 * segment fails, or whose record is written but never made durable, throws {@link CacheException}
 * (never reported stored), leaves nothing that is ever served, gives back its room, and the tier
 * goes on; a reopen, clean or after a crash, does not bring the failed put back. A full disk is
 * met for real in a child process under a file size limit.
 */
@ExtendWith(CapturedLog.class)
final class FailedPackedWriteTest {
  /** 600 KB and 500 KB do not share a 1 MB segment: the second put starts segment 2. */
  private static final String LARGE_RECORDS = "pack.below=1MB segment.size=1MB capacity=1100KB";
  private static final int HELD = 600 * 1024;
  private static final int NEW = 500 * 1024;

  @TempDir
  Path dir;
  @TempDir
  Path crashed;
  private final AtomicLong clock = new AtomicLong(1_000);
  private final AtomicBoolean flushFails = new AtomicBoolean();

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void putWhoseSegmentCannotBeStartedLeavesNothingAndTheTierUsable(boolean stream,
      CapturedLog log) throws IOException {
    byte[] held = Folders.content(HELD, 1);
    byte[] content = Folders.content(NEW, 2);
    ContentKey key = ContentKey.sha256(content);
    // The name the next segment takes is held by a folder the tier did not make: creating the
    // segment fails, as it would for want of an inode or a descriptor.
    Path blocker = dir.resolve("segments").resolve(String.format("%016d", 2));
    try (CacheTier tier = Folders.open(dir, clock, LARGE_RECORDS)) {
      assertTrue(tier.put(ContentKey.sha256(held), held));
      Files.createDirectory(blocker);

      CacheException e = assertThrows(CacheException.class, () -> put(tier, content, stream));

      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
      assertFalse(tier.contains(key));
      assertEquals(1, tier.entryCount());
      assertEquals(HELD, tier.sizeBytes());
      assertEquals(1, tier.stats().puts(), "the failed put is not counted as stored");
      assertArrayEquals(held, tier.getBytes(ContentKey.sha256(held)), "other entries are kept");

      assertTrue(put(tier, content, stream), "the next put starts the segment after the name");
      assertEquals(2, tier.entryCount(), "nothing was evicted: the failed put gave back its room");
      assertEquals(HELD + NEW, tier.sizeBytes());
      assertArrayEquals(content, tier.getBytes(key));
      assertTrue(Files.isDirectory(blocker), "a name the tier did not make is left alone");
    }
    try (CacheTier tier = Folders.open(dir, clock, LARGE_RECORDS)) {
      assertEquals(2, tier.entryCount());
      assertArrayEquals(held, tier.getBytes(ContentKey.sha256(held)));
      assertArrayEquals(content, tier.getBytes(key));
    }
    log.expect(Level.WARN, "left 1 entries in disk tier folder", blocker.toString());
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void putWhoseRecordIsWrittenButNeverDurableIsNotStoredAndGivesBackItsRoom(boolean stream) {
    String settings = "fsync=always pack.below=64KB segment.size=1MB capacity=1000";
    byte[] held = Folders.content(600, 1);
    byte[] failed = Folders.content(400, 2);
    byte[] later = Folders.content(400, 3);
    try (DiskTier tier = openFlushing(dir, settings)) {
      assertTrue(tier.put(ContentKey.sha256(held), held));
      flushFails.set(true);

      // Its record is in the segment, whole; the device never confirmed it.
      assertThrows(CacheException.class, () -> put(tier, failed, stream));

      assertFalse(tier.contains(ContentKey.sha256(failed)), "never reported, nor served, stored");
      assertEquals(1, tier.entryCount());
      assertEquals(600, tier.sizeBytes());
      flushFails.set(false);
      assertTrue(put(tier, later, stream));
      assertEquals(2, tier.entryCount(), "nothing was evicted: the failed put gave back its room");
      assertEquals(1000, tier.sizeBytes());
      Folders.copyAsCrashed(dir, crashed);
    }
    for (Path folder : new Path[] {dir, crashed}) {
      try (CacheTier tier = Folders.open(folder, clock, settings)) {
        assertFalse(tier.contains(ContentKey.sha256(failed)), folder + ": a dead record is never "
            + "adopted");
        assertEquals(2, tier.entryCount(), folder.toString());
        assertEquals(1000, tier.sizeBytes(), folder.toString());
        assertArrayEquals(held, tier.getBytes(ContentKey.sha256(held)), folder.toString());
        assertArrayEquals(later, tier.getBytes(ContentKey.sha256(later)), folder.toString());
      }
    }
  }

  @Test
  void appendsCutShortByAFullDiskAreNeverStoredAndTheTierGoesOnInANewSegment() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "needs bash for ulimit -f");
    // A file size limit is a full disk the kernel enforces per file: the segment's write is cut
    // short at the limit (a part of a record, a hole no entry points to) and the next one fails.
    // Each refused append still took its range, so the segment fills and the next put starts a
    // new segment, far below the limit: the tier stores again, with no help.
    List<String> lines = runUnderFileSizeLimit(dir, 400);
    List<Integer> stored = seeds(lines, "stored ");
    List<Integer> failed = seeds(lines, "failed ");
    assertFalse(failed.isEmpty(), "the limit refused no append: " + lines);
    assertTrue(stored.get(0) < failed.get(0) && stored.get(stored.size() - 1)
        > failed.get(failed.size() - 1), () -> "puts stored, then failed, then stored: " + lines);
    try (CacheTier tier = Folders.open(dir, clock, FileSizeLimitChild.SETTINGS)) {
      assertEquals(stored.size(), tier.entryCount());
      assertEquals((long) FileSizeLimitChild.SIZE * stored.size(), tier.sizeBytes());
      for (int seed : stored) {
        byte[] content = Folders.content(FileSizeLimitChild.SIZE, seed);
        assertArrayEquals(content, tier.getBytes(ContentKey.sha256(content)), "seed " + seed);
      }
      for (int seed : failed) {
        byte[] content = Folders.content(FileSizeLimitChild.SIZE, seed);
        assertFalse(tier.contains(ContentKey.sha256(content)), "seed " + seed);
      }
      byte[] later = Folders.content(FileSizeLimitChild.SIZE, 1_000);
      assertTrue(tier.put(ContentKey.sha256(later), later));
      assertArrayEquals(later, tier.getBytes(ContentKey.sha256(later)));
    }
  }

  /** Runs {@link FileSizeLimitChild} under {@code ulimit -f blocks}; returns what it printed. */
  private static List<String> runUnderFileSizeLimit(Path folder, int blocks) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> path = new ArrayList<>();
    path.add(Path.of(FileSizeLimitChild.class.getProtectionDomain().getCodeSource().getLocation()
        .toURI()).toString());
    for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
      String value = System.getProperty(property);
      if (value != null && !value.isEmpty()) {
        path.add(value);
      }
    }
    // The shell sets the limit, then becomes the JVM: "$0" is the java command, "$@" its arguments.
    Process child = new ProcessBuilder("/bin/bash", "-c",
        "ulimit -f " + blocks + " && exec \"$0\" \"$@\"", java, "-Xshare:auto", "-cp",
        String.join(File.pathSeparator, path), FileSizeLimitChild.class.getName(),
        folder.toString())
        .redirectErrorStream(true)
        .start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(2, TimeUnit.MINUTES), "the child did not end");
    assertEquals(0, child.exitValue(), () -> "the child failed: " + output);
    return output.lines().collect(Collectors.toList());
  }

  private static List<Integer> seeds(List<String> lines, String prefix) {
    String line = lines.stream().filter(l -> l.startsWith(prefix)).findFirst()
        .orElseThrow(() -> new AssertionError("no line '" + prefix + "...' in " + lines));
    String list = line.substring(prefix.length()).trim();
    return list.isEmpty() ? List.of() : Arrays.stream(list.split(",")).map(Integer::valueOf)
        .collect(Collectors.toList());
  }

  private DiskTier openFlushing(Path folder, String settings) {
    TierConfig config = TierConfig.parse("dir=" + folder + " " + settings).toBuilder()
        .clock(clock::get).build();
    UnaryOperator<GroupCommit.Flush> wrap = flush -> () -> {
      if (flushFails.get()) {
        throw new IOException("injected: the device refused the flush");
      }
      flush.flush();
    };
    return DiskTier.open(DiskSettings.from(config), ContentFiles.FILES, LifetimeCounter.DAEMON,
        wrap);
  }

  private static boolean put(CacheTier tier, byte[] content, boolean stream) {
    return stream
        ? tier.putStream(new ByteArrayInputStream(content), DigestAlgorithm.SHA_256).stored()
        : tier.put(ContentKey.sha256(content), content);
  }
}
