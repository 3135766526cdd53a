package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * {@code get} of an entry whose content file was damaged on disk: the damaged bytes are never handed
 * out, the tier removes the entry, and the answer is a miss (status 1) naming the damage; only
 * content too large to hold, already partly written to standard output, fails with status 3.
 */
final class DamagedEntryCommandTest extends CommandTest {
  private static final byte[] PREVIOUS = "the previous content of the output file".getBytes();

  @Test
  void aDamagedEntryIsAMissNamingTheDamageAndNoByteOfItIsWritten() throws Exception {
    String key = putAndDamage(file("small.bin", 5_000));

    Result get = tiercache.run("get", key);

    assertEquals(1, get.exit(), get::toString);
    assertEquals(0, get.stdoutBytes().length, "no damaged byte reaches standard output");
    assertEquals("tiercache: not found: " + key + " (a damaged copy in tier 'disk' was found and"
        + " removed; --debug shows the file and the damage)", get.stderr().strip(),
        () -> "one line, not the tier's WARN beside it:\n" + get);
    Result again = tiercache.run("get", key);
    assertEquals(1, again.exit());
    assertEquals("tiercache: not found: " + key, again.stderr().strip(), "the entry is gone");
  }

  @Test
  void withDebugTheTiersWarningNamesTheFileAndTheDamage() throws Exception {
    String key = putAndDamage(file("small.bin", 5_000));

    Result get = tiercache.run("get", key, "--debug");

    assertEquals(1, get.exit(), get::toString);
    assertTrue(get.stderr().lines().anyMatch(line -> line.startsWith("WARN ")
        && line.contains(key) && line.contains("is damaged")), get::toString);
  }

  @Test
  void aDamagedEntryLeavesTheOutputFileAsItWas() throws Exception {
    String key = putAndDamage(file("small.bin", 5_000));
    Path target = Files.write(work.resolve("target.bin"), PREVIOUS);

    Result get = tiercache.run("get", key, "-o", target.toString());

    assertEquals(1, get.exit(), get::toString);
    assertArrayEquals(PREVIOUS, Files.readAllBytes(target));
    try (var listing = Files.list(work)) {
      assertFalse(listing.anyMatch(p -> p.getFileName().toString().endsWith(".part")),
          "no temporary file is left");
    }
  }

  @Test
  void aLargeDamagedEntryGoingToAFileIsAMissToo() throws Exception {
    String key = putAndDamage(file("large.bin", 9 << 20));
    Path target = Files.write(work.resolve("target.bin"), PREVIOUS);

    Result get = tiercache.run("get", key, "-o", target.toString());

    assertEquals(1, get.exit(), get::toString);
    assertArrayEquals(PREVIOUS, Files.readAllBytes(target));
  }

  @Test
  void aLargeDamagedEntryFoundAfterBytesWentToStandardOutputExitsThreeSayingSo()
      throws Exception {
    String key = putAndDamage(file("large.bin", 9 << 20));

    Result get = tiercache.run("get", key);

    assertEquals(3, get.exit(), get::toString);
    assertTrue(get.stderr().contains("those bytes are not its content, discard them"),
        get::toString);
    assertEquals(1, get.stderr().strip().lines().count(), () -> "one line:\n" + get);
  }

  /** Puts a file, then flips a byte of its content file in the disk folder; returns its key. */
  private String putAndDamage(Path file) throws Exception {
    Result put = tiercache.run("put", file.toString());
    assertEquals(0, put.exit(), put::toString);
    String key = put.stdout().substring(0, put.stdout().indexOf("  "));
    String hex = key.substring("sha256:".length());
    Path content = tiercache.diskFolder().resolve(hex.substring(0, 2)).resolve(hex);
    byte[] bytes = Files.readAllBytes(content);
    bytes[bytes.length / 2] ^= 0x01;
    Files.write(content, bytes);
    return key;
  }
}
