package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;

/**
 * Kills a real writer process (SIGKILL) at random moments and checks, after each kill, that the
 * folder reopens with every entry either absent or exact, the accounting equal to the files present,
 * and nothing temporary left.
 *
 * <p>The kill moment is random but seeded and tied to the child's progress (after it reports a
 * random number of puts), not to sleeping; the child keeps writing between that report and the kill,
 * so the kill lands anywhere in a put, a remove, a journal write or a compaction.
 */
final class KilledWriterRecoveryTest {
  private static final Logger LOG = LoggerFactory.getLogger("org.tiercache.disk.measure");
  private static final int CYCLES = 30;
  /** Every entry a file of its own (packing is on by default). */
  private static final String FILES = "pack.below=0";

  @TempDir
  Path dir;
  /** Keys by entry number, computed once: hashing every entry after every kill would dominate. */
  private final List<ContentKey> keys = new ArrayList<>();

  /**
   * Kills the writer {@link #CYCLES} times, once with every entry a file of its own and once with
   * packing: about half of the entries (those under
   * 32 KB) are packed into 1 MB segments, so kills land in appends, segment roll-overs, deletes of
   * emptied segments and compactions too: the children report what compaction copied, and most
   * cycles must have compacted before their kill.
   */
  @ParameterizedTest(name = "settings ''{0}''")
  @ValueSource(strings = {FILES, "pack.below=32KB segment.size=1MB"})
  void everyEntryIsAbsentOrExactAfterEachKill(String packing) throws Exception {
    SplittableRandom random = new SplittableRandom(20_260_101);
    long next = 0;
    long highest = 0;
    long started = System.nanoTime();
    long recovered = 0;
    int compactedCycles = 0;
    for (int cycle = 0; cycle < CYCLES; cycle++) {
      int putsBeforeKill = 1 + random.nextInt(400);
      Process child = startWriter(next, packing);
      long last = -1;
      long copied = 0;
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
        for (int seen = 0; seen < putsBeforeKill; seen++) {
          String line = lines.readLine();
          assertNotNull(line, () -> "the writer stopped by itself (exit " + exitValue(child) + ")");
          String[] fields = line.split(" ");
          last = Long.parseLong(fields[0]);
          copied = fields.length > 1 ? Long.parseLong(fields[1]) : 0;
        }
        if (copied > 0) {
          compactedCycles++;
        }
        child.destroyForcibly();
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the killed writer did not end");
      }
      highest = Math.max(highest, last + 100);
      recovered += checkFolder(highest, cycle, packing);
      next = last + 1 + random.nextInt(3) - 1; // sometimes re-put the last keys
    }
    LOG.info("{} kill-and-recover cycles in {} ms; {} entries checked live after the kills; {} "
        + "children had compacted before their kill", CYCLES,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), recovered, compactedCycles);
    if (!packing.equals(FILES)) {
      assertTrue(compactedCycles * 2 > CYCLES, "only " + compactedCycles + " of " + CYCLES
          + " children compacted before their kill: the packed workload must compact");
    }
  }

  /** Reopens the folder and checks it; returns how many entries were live. */
  private long checkFolder(long highest, int cycle, String packing) throws IOException {
    TierConfig config = TierConfig.parse("dir=" + dir + " " + CrashWriter.SETTINGS
        + " verify=never " + packing).toBuilder().clock(CacheClock.system()).build();
    try (CacheTier tier = new DiskTierProvider().create(config)) {
      assertTrue(Folders.list(dir.resolve("tmp")).isEmpty(), "temporary files left, cycle " + cycle);
      assertFalse(Files.exists(dir.resolve("journal.tmp")));
      Set<String> liveNames = new HashSet<>();
      long live = 0;
      long liveBytes = 0;
      while (keys.size() <= highest) {
        keys.add(CrashWriter.key(keys.size()));
      }
      for (int i = 0; i <= highest; i++) {
        ContentKey key = keys.get(i);
        if (tier.contains(key)) {
          int index = i;
          // verify=never: the bytes compared here are the file's, unchecked by the tier.
          assertArrayEquals(CrashWriter.content(i), tier.getBytes(key),
              () -> "entry " + index + " is live but not exact after kill " + cycle);
          liveNames.add(key.hex());
          live++;
          liveBytes += CrashWriter.content(i).length;
        }
      }
      List<Path> files = Folders.contentFiles(dir);
      List<String> names = new ArrayList<>();
      files.forEach(f -> names.add(f.getFileName().toString()));
      if (packing.equals(FILES)) {
        assertEquals(liveNames, new HashSet<>(names),
            "the content files must be exactly the live entries after kill " + cycle);
        assertEquals(Folders.sizeOf(files), tier.sizeBytes(), "sizeBytes after kill " + cycle);
      } else {
        assertTrue(liveNames.containsAll(names),
            "every content file must be a live entry's after kill " + cycle);
      }
      assertEquals(live, tier.entryCount(), "entryCount after kill " + cycle);
      assertEquals(liveBytes, tier.sizeBytes(), "sizeBytes after kill " + cycle);
      assertTrue(tier.sizeBytes() <= tier.capacityBytes());
      return live;
    }
  }

  private Process startWriter(long first, String packing) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> path = new ArrayList<>();
    path.add(Path.of(CrashWriter.class.getProtectionDomain().getCodeSource().getLocation()
        .getPath()).toString());
    for (String property : new String[] {"jdk.module.path", "java.class.path"}) {
      String value = System.getProperty(property);
      if (value != null && !value.isEmpty()) {
        path.add(value);
      }
    }
    ProcessBuilder builder = new ProcessBuilder(java, "-Xshare:auto", "-cp", String.join(File.pathSeparator, path), CrashWriter.class.getName(),
        dir.toString(), Long.toString(first), packing);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    return builder.start();
  }

  private static String exitValue(Process process) {
    try {
      return process.waitFor(30, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "none";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }
}
