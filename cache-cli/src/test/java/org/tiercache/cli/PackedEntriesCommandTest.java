package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * {@code put}, {@code get}, {@code ls}, {@code stat} and {@code verify} on a disk tier that packs
 * small content into segment files ({@code pack.below}): packed entries are listed, counted, read
 * and checked like entries of their own file, and a damaged record is found and removed.
 */
final class PackedEntriesCommandTest extends CommandTest {
  private Path folder;

  @BeforeEach
  void setUp() {
    folder = work.resolve("packed");
    tiercache = tiercache.appending("--stack", "disk(dir=" + folder + ",pack.below=64KB)");
  }

  @Test
  void packedEntriesAreStoredReadListedAndCountedLikeFiles() throws Exception {
    Path[] files = {file("a", 100), file("b", 5_000), file("c", 40_000), file("large", 200_000)};
    List<String> keys = put(files);

    assertTrue(segments().count() > 0, "small content went into a segment file");
    for (int i = 0; i < 3; i++) {
      assertFalse(Files.exists(contentFile(keys.get(i))), "no file of its own: " + files[i]);
    }
    assertTrue(Files.isRegularFile(contentFile(keys.get(3))), "content past 64KB keeps its file");

    for (int i = 0; i < files.length; i++) {
      Result get = tiercache.run("get", keys.get(i));
      assertEquals(0, get.exit(), get::toString);
      assertArrayEquals(Files.readAllBytes(files[i]), get.stdoutBytes(), files[i].toString());
    }

    Result ls = tiercache.run("ls", "--json");
    assertEquals(0, ls.exit(), ls::toString);
    Map<String, Long> listed = jsonLines(ls).stream().collect(Collectors.toMap(
        entry -> entry.get("key").asText(), entry -> entry.get("bytes").asLong()));
    assertEquals(Map.of(keys.get(0), 100L, keys.get(1), 5_000L, keys.get(2), 40_000L,
        keys.get(3), 200_000L), listed, ls::toString);

    Result stat = tiercache.run("stat", "--json");
    assertEquals(0, stat.exit(), stat::toString);
    JsonNode counts = JSON.readTree(stat.stdout());
    assertEquals(4, counts.get("entries").asLong(), stat::toString);
    assertEquals(245_100, counts.get("bytes").asLong(), stat::toString);
  }

  @Test
  void verifyFindsADamagedPackedRecordAndRemovesOnlyThatEntry() throws Exception {
    Path good = file("good", 5_000);
    Path bad = file("bad", 5_000);
    List<String> keys = put(good, bad);
    damage(Files.readAllBytes(bad));

    Result verify = tiercache.run("verify");
    assertEquals(1, verify.exit(), verify::toString);
    assertTrue(verify.stdout().contains("corrupt  " + keys.get(1) + "  in disk  removed"),
        verify::toString);
    assertTrue(verify.stdout().contains("1 entries verified"), verify::toString);

    Result gone = tiercache.run("get", keys.get(1));
    assertEquals(1, gone.exit(), gone::toString);
    assertEquals(0, gone.stdoutBytes().length, "no damaged byte is handed out");
    Result kept = tiercache.run("get", keys.get(0));
    assertArrayEquals(Files.readAllBytes(good), kept.stdoutBytes(), kept::toString);
    Result again = tiercache.run("verify");
    assertEquals(0, again.exit(), again::toString);
  }

  /** Flips one byte of the packed copy of {@code content}, found in the segment files. */
  private void damage(byte[] content) throws IOException {
    List<Path> found = new ArrayList<>();
    for (Path segment : segments().toList()) {
      byte[] bytes = Files.readAllBytes(segment);
      int at = indexOf(bytes, content);
      if (at >= 0) {
        bytes[at + content.length / 2] ^= 0x01;
        Files.write(segment, bytes);
        found.add(segment);
      }
    }
    assertEquals(1, found.size(), "the content is packed in exactly one segment");
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    return -1;
  }

  private Stream<Path> segments() throws IOException {
    Path dir = folder.resolve("segments");
    if (!Files.isDirectory(dir)) {
      return Stream.empty();
    }
    try (Stream<Path> listing = Files.list(dir)) {
      return listing.filter(Files::isRegularFile).toList().stream();
    }
  }

  private Path contentFile(String key) {
    String hex = key.substring(key.indexOf(':') + 1);
    return folder.resolve(hex.substring(0, 2)).resolve(hex);
  }
}
