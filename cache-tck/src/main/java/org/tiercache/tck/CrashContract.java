package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;
import org.tiercache.tck.internal.CrashWriter;

/**
 * The crash rule, for tiers that declare {@link TierCapability#PERSISTENT}: a process killed with
 * SIGKILL at any moment of its writes leaves storage that reopens with every entry either absent or
 * exact, and with size and count equal to the sums over the entries present.
 *
 * <p>A real child JVM (the kit's {@code CrashWriter}) opens the tier through its provider and writes numbered,
 * deterministic entries (puts from arrays and from streams, gets, removes) until it is killed after a
 * seeded random number of puts; this process then reopens the same storage and checks every entry
 * the child may have written. The kill moment follows the child's progress, never a sleep.
 *
 * <p>The child finds the tier by its provider id through {@code ServiceLoader}, on this JVM's class
 * and module path (as a class path), so the tier's jar must ship its {@code META-INF/services} file.
 * Storage settings come from {@link #crashSettings(CacheTierProvider, Path)}.
 *
 * @since 0.1
 */
public abstract class CrashContract extends TierContract {
  private static final long CAPACITY = 3L << 20;
  /** Room for everything the writers of the survival test put: nothing is evicted. */
  private static final long ROOMY = 1L << 30;

  @TempDir Path crashDir;

  /** For subclasses. */
  protected CrashContract() {}

  /**
   * Returns the settings, beside capacity, with which the tier's provider opens storage under
   * {@code scratchDir} in another process. The default is the provider's own
   * {@link CacheTierProvider#scratchSettings(Path)}; override it when the tier needs more (a server
   * address, say).
   *
   * @param provider the provider of the tier under test, found by its id
   * @param scratchDir an empty folder of this test's
   * @return the settings; never {@code null}
   */
  protected Map<String, String> crashSettings(CacheTierProvider provider, Path scratchDir) {
    return provider.scratchSettings(scratchDir);
  }

  /**
   * Returns the settings, added to {@link #crashSettings}, under which the tier's durability point
   * against a kill of its process is the return of each call: a put or remove that has returned is
   * then never lost to a kill. This is how the kit asks a tier for its durability point.
   *
   * <p>The default is none, and suits most tiers: a kill (SIGKILL, an out-of-memory error), unlike a
   * power loss, loses nothing the process had handed to the operating system, so a tier that writes
   * its changes before the call returns, whatever its fsync policy, is durable at each return. A
   * tier that keeps changes in its own memory for a while (a write-behind buffer, a journal flushed
   * every second by the process) names the setting that makes it write before returning.
   *
   * @param provider the provider of the tier under test
   * @return the settings; never {@code null}
   * @since 0.2
   */
  protected Map<String, String> durableOnReturnSettings(CacheTierProvider provider) {
    return Map.of();
  }

  /**
   * Returns how many kill-and-reopen cycles the test runs; each costs a JVM start.
   *
   * @return a positive number; 5 by default
   */
  protected int crashCycles() {
    return 5;
  }

  /**
   * After each kill of a writing process, every entry is absent or exact and the sums agree.
   *
   * @throws Exception if the child cannot be started or waited for
   */
  @Test
  public void killedWriterLeavesOnlyWholeEntries() throws Exception {
    String id;
    try (CacheTier probe = tier(CAPACITY)) {
      id = probe.id();
      assumeTrue(probe.capabilities().contains(TierCapability.PERSISTENT),
          () -> "not applicable: tier '" + probe.id() + "' does not declare "
              + "TierCapability.PERSISTENT");
    }
    CacheTierProvider provider = TierDiscovery.scan().provider(id);
    // The storage gets a folder of its own: the writers' error files are the kit's, and a tier may
    // rightly refuse a folder holding files it did not make.
    Path storage = Files.createDirectory(crashDir.resolve("storage"));
    String settings = settingsText(crashSettings(provider, storage), CAPACITY);
    SplittableRandom random = new SplittableRandom(20_261_125);
    long next = 0;
    long highest = -1;
    List<ContentKey> keys = new ArrayList<>();
    for (int cycle = 0; cycle < crashCycles(); cycle++) {
      int putsBeforeKill = 1 + random.nextInt(200);
      long last = runAndKill(id, settings, next, putsBeforeKill, cycle);
      highest = Math.max(highest, last + CrashWriter.PUTS_AFTER_REPORT_BOUND);
      while (keys.size() <= highest) {
        keys.add(ContentKey.sha256(CrashWriter.content(keys.size())));
      }
      try (CacheTier reopened = provider.create(TierConfig.parse(settings))) {
        checkEveryEntry(reopened, keys, cycle);
      }
      next = last + 1;
    }
  }

  /**
   * After each kill of a writing process, every entry whose put returned before the kill (the
   * writer reports each return) is there with its bytes, and every entry whose remove returned is
   * gone: a tier that declares {@code PERSISTENT} keeps what it confirmed, not only what a clean
   * close saved. The capacity is large enough that nothing is evicted.
   *
   * @throws Exception if the child cannot be started or waited for
   */
  @Test
  public void callsThatReturnedBeforeTheKillSurviveIt() throws Exception {
    String id;
    try (CacheTier probe = tier(CAPACITY)) {
      id = probe.id();
      assumeTrue(probe.capabilities().contains(TierCapability.PERSISTENT),
          () -> "not applicable: tier '" + probe.id() + "' does not declare "
              + "TierCapability.PERSISTENT");
    }
    CacheTierProvider provider = TierDiscovery.scan().provider(id);
    Path storage = Files.createDirectory(crashDir.resolve("durable"));
    Map<String, String> settings = new TreeMap<>(crashSettings(provider, storage));
    settings.putAll(durableOnReturnSettings(provider));
    String text = settingsText(settings, ROOMY);
    SplittableRandom random = new SplittableRandom(20_261_126);
    Map<Long, Survival> expected = new TreeMap<>();
    long next = 0;
    for (int cycle = 0; cycle < crashCycles(); cycle++) {
      int putsBeforeKill = 1 + random.nextInt(200);
      long first = next;
      long last = runAndKill(id, text, first, putsBeforeKill, cycle);
      expectAfterKill(expected, first, last);
      try (CacheTier reopened = provider.create(TierConfig.parse(text))) {
        checkSurvivors(reopened, expected, cycle, durableOnReturnSettings(provider));
      }
      next = last + 1;
    }
  }

  /** What must be true of an entry after a kill. */
  private enum Survival {
    /** Its put returned, and no remove of it did or may have: it must be there. */
    KEPT,
    /** Its remove returned after its last put: it must be gone. */
    REMOVED,
    /** The kill may have landed in its put or remove: absent or exact. */
    EITHER
  }

  /**
   * Replays what the writer did from {@code first}: the calls up to {@code last} returned; those
   * of the next {@link CrashWriter#PUTS_AFTER_REPORT_BOUND} numbers may have happened.
   */
  private static void expectAfterKill(Map<Long, Survival> expected, long first, long last) {
    for (long i = first; i <= last + CrashWriter.PUTS_AFTER_REPORT_BOUND; i++) {
      boolean returned = i <= last;
      expected.put(i, returned ? Survival.KEPT : Survival.EITHER);
      if (i % 11 == 0 && i - 5 >= first) {
        expected.put(i - 5, returned ? Survival.REMOVED : Survival.EITHER);
      }
    }
  }

  private static void checkSurvivors(CacheTier tier, Map<Long, Survival> expected, int cycle,
      Map<String, String> durable) {
    String how = durable.isEmpty() ? "" : " (with " + durable + ")";
    List<Long> lost = new ArrayList<>();
    List<Long> back = new ArrayList<>();
    expected.forEach((index, survival) -> {
      byte[] content = CrashWriter.content(index);
      byte[] held = tier.getBytes(ContentKey.sha256(content));
      if (held != null) {
        assertArrayEquals(content, held, () -> "after kill " + cycle + ", entry " + index
            + " is served but its bytes are not the ones put");
      }
      if (survival == Survival.KEPT && held == null) {
        lost.add(index);
      } else if (survival == Survival.REMOVED && held != null) {
        back.add(index);
      }
    });
    assertTrue(lost.isEmpty(), () -> "after kill " + cycle + ", " + lost.size() + " entries whose "
        + "put had returned before the kill are gone" + how + ", such as " + first(lost)
        + ": a tier that declares PERSISTENT must keep what a returned put stored, not only what "
        + "a clean close saves");
    assertTrue(back.isEmpty(), () -> "after kill " + cycle + ", " + back.size() + " entries whose "
        + "remove had returned before the kill are served again" + how + ", such as "
        + first(back));
  }

  private static List<Long> first(List<Long> indexes) {
    return indexes.subList(0, Math.min(8, indexes.size()));
  }

  private long runAndKill(String id, String settings, long first, int putsBeforeKill, int cycle)
      throws IOException, InterruptedException {
    Path errors = crashDir.resolve("writer-" + cycle + ".err");
    Process child = new ProcessBuilder(javaCommand(id, settings, first))
        .redirectError(errors.toFile())
        .start();
    long last = first - 1;
    try (BufferedReader lines = new BufferedReader(
        new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
      for (int seen = 0; seen < putsBeforeKill; seen++) {
        String line = lines.readLine();
        assertNotNull(line, () -> "cycle " + cycle + ": the writer of tier '" + id
            + "' ended by itself before it was killed (exit "
            + (child.isAlive() ? "none" : child.exitValue()) + "): " + tail(errors));
        last = Long.parseLong(line.trim());
      }
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(1, TimeUnit.MINUTES), "the killed writer did not end");
    }
    return last;
  }

  private static void checkEveryEntry(CacheTier tier, List<ContentKey> keys, int cycle) {
    long bytes = 0;
    long count = 0;
    for (int i = 0; i < keys.size(); i++) {
      ContentKey key = keys.get(i);
      byte[] held = tier.getBytes(key);
      if (held != null) {
        int index = i;
        assertArrayEquals(CrashWriter.content(i), held, () -> "after kill " + cycle + ", entry "
            + index + " (" + key + ") is served but its bytes are not the ones put");
        bytes += held.length;
        count++;
      }
    }
    long size = bytes;
    long entries = count;
    assertEquals(entries, tier.entryCount(), () -> "after kill " + cycle + ", entryCount must "
        + "be the number of entries served (" + entries + ")");
    assertEquals(size, tier.sizeBytes(), () -> "after kill " + cycle + ", sizeBytes must be the "
        + "sum of the entries served (" + size + ")");
    assertTrue(tier.sizeBytes() <= tier.capacityBytes(), "size above capacity after a crash");
  }

  private static String settingsText(Map<String, String> settings, long capacity) {
    StringBuilder text = new StringBuilder(TierConfig.CAPACITY + "=" + capacity);
    new TreeMap<>(settings).forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
    return text.toString();
  }

  private static List<String> javaCommand(String id, String settings, long first) {
    String java = ProcessHandle.current().info().command().orElse(
        Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // Everything this JVM can see, as one class path: there the tier is found through its
    // META-INF/services file whatever layer loaded it here.
    Set<String> path = new LinkedHashSet<>();
    path.add(codeLocation(CrashWriter.class));
    path.add(codeLocation(CacheTierProvider.class));
    String modulePath = System.getProperty("jdk.module.path");
    if (modulePath != null && !modulePath.isEmpty()) {
      for (String entry : modulePath.split(File.pathSeparator, -1)) {
        if (!entry.isEmpty()) {
          addModulePathEntry(Path.of(entry), path);
        }
      }
    }
    String classPath = System.getProperty("java.class.path");
    if (classPath != null && !classPath.isEmpty()) {
      path.add(classPath);
    }
    return List.of(java, "-cp", String.join(File.pathSeparator, path),
        CrashWriter.class.getName(), id, settings, Long.toString(first));
  }

  /**
   * A module path entry may be a folder of jars, which a class path would read as a folder of
   * classes; an exploded module (a folder holding module-info.class) or a jar is taken as it is.
   */
  private static void addModulePathEntry(Path entry, Set<String> path) {
    if (Files.isDirectory(entry) && !Files.exists(entry.resolve("module-info.class"))) {
      try (Stream<Path> children = Files.list(entry)) {
        children.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted()
            .forEach(jar -> path.add(jar.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list the module path folder " + entry, e);
      }
    } else {
      path.add(entry.toString());
    }
  }

  private static String codeLocation(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the code of " + type, e);
    }
  }

  private static String tail(Path errors) {
    try {
      String text = Files.readString(errors, StandardCharsets.UTF_8).strip();
      return text.length() > 2000 ? "..." + text.substring(text.length() - 2000) : text;
    } catch (IOException e) {
      return "(its standard error could not be read: " + e + ")";
    }
  }
}
