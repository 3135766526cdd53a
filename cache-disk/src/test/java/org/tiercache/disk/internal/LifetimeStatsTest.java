package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;
import org.tiercache.testlog.CapturedLog;

/**
 * The disk tier keeps its counters in its folder, {@code tiercache-disk.stats}: a reopened tier
 * goes on from the closed one's; a kill loses at most what was counted since the last background
 * write; the file is private, written through {@code tmp}, and what is not the tier's at its name is
 * left alone.
 */
@ExtendWith(CapturedLog.class)
final class LifetimeStatsTest {
  @TempDir
  Path dir;
  @TempDir
  Path elsewhere;
  private final AtomicLong clock = new AtomicLong(7_000_000_000L);

  /** A background the test runs by hand: nothing is written unless the test says so. */
  private static final class HandBackground implements LifetimeCounter.Background {
    final List<Runnable> periodic = new ArrayList<>();
    final List<Runnable> soon = new ArrayList<>();

    @Override
    public AutoCloseable every(long intervalNanos, Runnable task) {
      assertEquals(1_000_000_000L, intervalNanos, "the counts are written once a second");
      periodic.add(task);
      return () -> periodic.remove(task);
    }

    @Override
    public void soon(Runnable task) {
      soon.add(task);
    }

    void runSoon() {
      List<Runnable> due = List.copyOf(soon);
      soon.clear();
      due.forEach(Runnable::run);
    }

    void tick() {
      List.copyOf(periodic).forEach(Runnable::run);
    }
  }

  private DiskTier open(Path folder, HandBackground background) {
    TierConfig config = TierConfig.parse("dir=" + folder).toBuilder().clock(clock::get).build();
    return DiskTier.open(DiskSettings.from(config), ContentFiles.FILES, background);
  }

  private static TierStats counts(CacheTier tier) {
    return tier.lifetimeStats().orElseThrow().stats();
  }

  @Test
  void aReopenedTierGoesOnFromTheClosedOnesCounts() {
    byte[] a = Folders.content(100, 1);
    Instant since;
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      tier.put(ContentKey.sha256(a), a);
      tier.get(ContentKey.sha256(a));
      tier.get(ContentKey.sha256(Folders.content(5, 2)));
      LifetimeStats lifetime = tier.lifetimeStats().orElseThrow();
      assertEquals(tier.stats(), lifetime.stats(), "a first instance's lifetime counts are its own");
      since = lifetime.since();
      assertEquals(Instant.ofEpochSecond(7), since, "counted from the first open, on its clock");
    }
    clock.addAndGet(60_000_000_000L);
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      assertEquals(new TierStats(0, 0, 0, 0, 0, 0, 0, 100, 1), tier.stats());
      assertEquals(new TierStats(1, 1, 1, 0, 0, 0, 0, 100, 1), counts(tier));
      tier.get(ContentKey.sha256(a));
      assertEquals(new TierStats(2, 1, 1, 0, 0, 0, 0, 100, 1), counts(tier),
          "the closed instance's counts plus this one's");
      assertEquals(since, tier.lifetimeStats().orElseThrow().since());
    }
  }

  @Test
  void theCountsFileIsPrivateAndHoldsItsCountsInText() throws Exception {
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      tier.get(ContentKey.sha256(Folders.content(5, 2)));
    }
    Path file = dir.resolve("tiercache-disk.stats");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    String text = Files.readString(file);
    assertTrue(text.startsWith("tiercache-disk-stats 1\n") && text.contains("\nmisses=1\n")
        && text.contains("\nsince=1970-01-01T00:00:07Z\n"), text);
    assertEquals(List.of(), Folders.list(dir.resolve("tmp")), "written through tmp, nothing left");
  }

  @Test
  void aKillLosesAtMostWhatWasCountedSinceTheLastBackgroundWrite() {
    HandBackground background = new HandBackground();
    Path crashed = elsewhere.resolve("crashed");
    try (DiskTier tier = open(dir, background)) {
      ContentKey absent = ContentKey.sha256(Folders.content(5, 2));
      for (long i = 1; i < LifetimeCounter.FLUSH_EVERY_COUNTS; i++) {
        tier.get(absent);
      }
      assertEquals(List.of(), background.soon, "no write before the count is reached");
      tier.get(absent);
      assertEquals(1, background.soon.size(), "the get that reaches the count only queues a write");
      tier.get(absent);
      assertEquals(1, background.soon.size(), "one write queued at a time");
      background.runSoon();
      tier.get(absent);
      Folders.copyAsCrashed(dir, crashed);
      background.tick();
      tier.get(absent);
      Folders.copyAsCrashed(dir, elsewhere.resolve("later"));
    }
    try (CacheTier tier = Folders.open(crashed, clock, "")) {
      assertEquals(LifetimeCounter.FLUSH_EVERY_COUNTS + 1, counts(tier).misses(),
          "killed after the write the count started: the one get after it is lost");
    }
    try (CacheTier tier = Folders.open(elsewhere.resolve("later"), clock, "")) {
      assertEquals(LifetimeCounter.FLUSH_EVERY_COUNTS + 2, counts(tier).misses(),
          "killed after the periodic write: the one get after it is lost");
    }
  }

  @Test
  void theBackgroundWritesOnlyWhatChangedAndNothingAfterClose() throws Exception {
    HandBackground background = new HandBackground();
    Path file = dir.resolve("tiercache-disk.stats");
    DiskTier tier = open(dir, background);
    background.tick();
    assertTrue(Files.readString(file).contains("\nmisses=0\n"), "the start is kept at once");
    long modified = Files.getLastModifiedTime(file).toMillis();
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(modified - 10_000));
    background.tick();
    assertEquals(modified - 10_000, Files.getLastModifiedTime(file).toMillis(),
        "nothing counted, nothing written");
    tier.close();
    assertEquals(List.of(), background.periodic, "close stops the periodic write");
  }

  @Test
  void damagedCountsStartAfreshWithOneWarningAndAreReplaced(CapturedLog log) throws Exception {
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      tier.get(ContentKey.sha256(Folders.content(5, 2)));
    }
    Path file = dir.resolve("tiercache-disk.stats");
    Files.writeString(file, "tiercache-disk-stats 1\nsince=yesterday\nhits=x\n");
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      assertEquals(TierStats.EMPTY, counts(tier));
      tier.get(ContentKey.sha256(Folders.content(5, 2)));
    }
    log.expect(Level.WARN, file.toString(), "damaged", "counting afresh");
    assertEquals(1, log.events().stream().filter(e -> e.level() == Level.WARN).count());
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      assertEquals(1, counts(tier).misses(), "replaced by the counts since");
    }
  }

  @Test
  void aFileThatIsNotTheTiersIsLeftAloneWithOneWarning(CapturedLog log) throws Exception {
    Path file = dir.resolve("tiercache-disk.stats");
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      tier.put(ContentKey.sha256(Folders.content(5, 2)), Folders.content(5, 2));
    }
    Files.writeString(file, "someone's notes\n");
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      tier.get(ContentKey.sha256(Folders.content(5, 2)));
      assertEquals(1, counts(tier).hits(), "this instance's counts only");
    }
    assertEquals("someone's notes\n", Files.readString(file));
    log.expect(Level.WARN, file.toString(), "not a disk tier's counts", "until it is removed");
  }

  @Test
  void aLinkAtTheCountsNameIsNeverFollowedNorReplaced(CapturedLog log) throws Exception {
    Path file = dir.resolve("tiercache-disk.stats");
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      tier.get(ContentKey.sha256(Folders.content(5, 2)));
    }
    Files.delete(file);
    Path victim = Files.writeString(elsewhere.resolve("victim"), "precious");
    Files.createSymbolicLink(file, victim);
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      tier.get(ContentKey.sha256(Folders.content(5, 2)));
      assertEquals(1, counts(tier).misses());
    }
    assertEquals("precious", Files.readString(victim));
    assertTrue(Files.isSymbolicLink(file), "the link is left for its owner");
    log.expect(Level.WARN, file.toString(), "a symbolic link", "neither reads, follows");
    Files.delete(file);
  }
}
