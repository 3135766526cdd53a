package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * {@code get} of an entry whose stored copy was damaged on disk (under the default settings, small
 * content's record in a segment file, large content's file of its own): the damaged bytes are never
 * handed out, the tier removes the entry, and the answer is a miss (status 1) naming the damage;
 * only content too large to hold, already partly written to standard output, fails with status 3.
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

  /**
   * Puts a file, then flips a byte in the middle of its copy in the disk folder: its content file,
   * or, if it has none, its record in the one segment file that holds it; returns its key.
   */
  private String putAndDamage(Path file) throws Exception {
    Result put = tiercache.run("put", file.toString());
    assertEquals(0, put.exit(), put::toString);
    String key = put.stdout().substring(0, put.stdout().indexOf("  "));
    String hex = key.substring("sha256:".length());
    Path content = tiercache.diskFolder().resolve(hex.substring(0, 2)).resolve(hex);
    byte[] stored = Files.readAllBytes(file);
    if (Files.isRegularFile(content)) {
      flipByte(content, stored.length / 2);
    } else {
      List<Path> holding = new ArrayList<>();
      try (Stream<Path> segments = Files.list(tiercache.diskFolder().resolve("segments"))) {
        for (Path segment : segments.toList()) {
          int at = indexOf(Files.readAllBytes(segment), stored);
          if (at >= 0) {
            flipByte(segment, at + stored.length / 2);
            holding.add(segment);
          }
        }
      }
      assertEquals(1, holding.size(), "the content is either in a file of its own or packed in "
          + "exactly one segment");
    }
    return key;
  }

  private static void flipByte(Path file, int at) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    bytes[at] ^= 0x01;
    Files.write(file, bytes);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }
}
