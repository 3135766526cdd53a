package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * A one-shot {@code put} never reports content as cached when only a memory tier, which ends with
 * the command, took it: it writes through to the tiers that outlive the command, refuses a stack
 * that has none, and reports a file only a memory tier takes as not kept.
 */
final class OneShotPutCommandTest extends CommandTest {
  @Test
  void aSmallFilePutThroughAUserStackWithMemoryFirstIsFoundByTheNextGet() throws Exception {
    String stack = "memory(capacity=8MB) < 16KB ; disk(dir=" + work.resolve("disk")
        + ",capacity=5MB)";
    Path tiny = file("tiny.txt", 100);

    Result put = tiercache.run("put", "--stack", stack, tiny.toString());
    assertEquals(0, put.exit(), put::toString);
    String key = put.stdout().split("\\s+")[0];

    Result get = tiercache.run("get", "--stack", stack, key);
    assertEquals(0, get.exit(), get::toString);
    assertArrayEquals(Files.readAllBytes(tiny), get.stdoutBytes());
  }

  @Test
  void aMemoryOnlyStackRefusesAPutAndStoresNothing() throws Exception {
    Path tiny = file("tiny.txt", 100);

    Result put = tiercache.run("put", "--stack", "memory(capacity=8MB)", tiny.toString());

    assertEquals(2, put.exit(), put::toString);
    assertEquals("", put.stdout(), "no key is printed for content that will not be kept");
    assertEquals("tiercache: a one-shot command cannot keep content in a stack whose tiers all end"
        + " with it ('memory'): add a tier that outlives it, such as disk(dir=...), to the stack;"
        + " nothing was stored", put.stderr().lines().findFirst().orElse(""), put::toString);
  }

  @Test
  void aFileOnlyTheMemoryTierTakesIsReportedNotKept() throws Exception {
    String stack = "memory(capacity=8MB) any ; disk(dir=" + work.resolve("disk") + ") < 1KB";
    Path small = file("small.txt", 100);
    Path big = file("big.bin", 5_000);

    Result put = tiercache.run("put", "--stack", stack, small.toString(), big.toString());

    assertEquals(3, put.exit(), put::toString);
    assertTrue(put.stdout().strip().endsWith("  " + small), put::toString);
    assertEquals(1, put.stdout().strip().lines().count(), put::toString);
    assertTrue(put.stderr().startsWith("tiercache: not kept: " + big + " ("), put::toString);
    assertTrue(put.stderr().contains("no tier that outlives the command ('disk') takes content of"
        + " that size, and a memory tier ends with it"), put::toString);
  }
}
