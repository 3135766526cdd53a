package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * A put a tier failed to store is never reported as stored, nor as "too large": exit 3, one line
 * naming the tier and the real cause, a stack trace only with {@code --debug}. The failing tier is
 * the test tier {@code broken}, whose puts fail as the disk tier's do on a full disk
 * ({@code CacheException} caused by {@code IOException: No space left on device}).
 */
final class LostPutCommandTest extends CommandTest {
  /** The embedded default's shape, with the disk tier's place taken by the failing tier. */
  private static final String DEFAULT_SHAPE =
      "memory(capacity=64MB) < 100KB ; broken any ; options(write-through)";

  @BeforeEach
  void setUp() throws IOException {
    tiercache = tiercache.withBrokenTier();
  }

  @Test
  void aPutLostOnAFullDiskExitsThreeWithOneLineNamingTheCause() throws Exception {
    Path small = file("small.bin", 1_000);
    Result put = tiercache.run("put", "--stack", DEFAULT_SHAPE, small.toString());

    assertEquals(3, put.exit(), put::toString);
    assertEquals("", put.stdout(), "no key is printed for content that was not kept");
    String line = put.stderr().strip();
    assertEquals(1, line.lines().count(), put::toString);
    assertTrue(line.startsWith("tiercache: not stored: " + small + " (1000 B): tier 'broken'"
        + " failed: writing sha256:"), line);
    assertTrue(line.endsWith(" to the broken tier failed: No space left on device"), line);
  }

  @Test
  void aStreamedPutLostOnAFullDiskIsReportedTheSameWay() throws Exception {
    Path large = file("large.bin", 9 << 20);
    Result put = tiercache.run("put", "--stack", DEFAULT_SHAPE, large.toString());

    assertEquals(3, put.exit(), put::toString);
    assertEquals("", put.stdout());
    assertEquals(1, put.stderr().strip().lines().count(), put::toString);
    assertTrue(put.stderr().contains("tier 'broken' failed: writing sha256:")
        && put.stderr().contains("No space left on device"), put::toString);
  }

  @Test
  void theStackTraceComesOnlyWithDebug() throws Exception {
    Path small = file("small.bin", 10);
    Result debug = tiercache.run("--debug", "put", "--stack", DEFAULT_SHAPE, small.toString());

    assertEquals(3, debug.exit(), debug::toString);
    assertTrue(debug.stderr().contains("Caused by: java.io.IOException: No space left on device"),
        debug::toString);
    assertTrue(debug.stderr().contains("\tat org.tiercache."), debug::toString);
  }

  @Test
  void anUnreachableServerIsNamedNotCalledTooLarge() throws Exception {
    Path small = file("small.bin", 10);
    Result put = tiercache.run("put", "--stack", "broken(fail=unavailable)", small.toString());

    assertEquals(3, put.exit(), put::toString);
    assertTrue(put.stderr().strip().startsWith("tiercache: not stored: " + small + " (10 B): tier"
        + " 'broken' failed: server at 127.0.0.1:1 unavailable"), put::toString);
    assertTrue(!put.stderr().contains("takes content of that size"), put::toString);
  }

  @Test
  void theFilesAfterAFailureAreNotTriedAndTheLineSaysSo() throws Exception {
    Path first = file("first.bin", 10);
    Result put = tiercache.run("put", "--stack", DEFAULT_SHAPE, first.toString(),
        file("second.bin", 20).toString(), file("third.bin", 30).toString());

    assertEquals(3, put.exit(), put::toString);
    assertTrue(put.stderr().startsWith("tiercache: not stored: " + first + " (10 B; and the 2"
        + " files after it, not tried): tier 'broken' failed"), put::toString);
  }

  @Test
  void aMemoryTierTakingWhatTheFailingPersistentTierLostIsNotReportedStored() throws Exception {
    // The memory tier ends with the command: the put is written through to the tier that outlives
    // it, whose failure is the command's.
    Path small = file("small.bin", 100);
    Result put = tiercache.run("put", "--stack", "broken any ; memory any", small.toString());

    assertEquals(3, put.exit(), put::toString);
    assertEquals("", put.stdout(), put::toString);
    assertTrue(put.stderr().contains("tier 'broken' failed") && put.stderr().contains("No space"
        + " left on device"), put::toString);
  }

  @Test
  void contentNoTierTakesIsStillCalledTooLargeNamingTheCapacities() throws Exception {
    Path big = file("big.bin", 4_000);
    Result put = tiercache.run("put", "--stack", "memory(capacity=1KB) ; broken(capacity=2KB)",
        big.toString());

    assertEquals(3, put.exit(), put::toString);
    assertTrue(put.stderr().contains("no tier of the stack takes content of that size (larger"
        + " than the capacity of 'memory' (1 KB), 'broken' (2 KB))"), put::toString);
  }
}
