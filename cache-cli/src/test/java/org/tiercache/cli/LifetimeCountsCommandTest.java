package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * {@code stat} shows the counts a tier keeps itself (the disk tier's, added up over every process
 * that opened its folder), says which counts are lifetime and which are this command's, and the
 * command writes nothing of its own into a tier's folder: a {@code tiercache-cli.counts} an older
 * version left there is neither read, changed nor removed.
 */
final class LifetimeCountsCommandTest extends CommandTest {
  @Test
  void statShowsTheDiskTiersCountsOverEveryCommandAndSaysWhichAreLifetime() throws Exception {
    Path a = Files.writeString(work.resolve("a"), "a");
    Result put = tiercache.run("put", a.toString());
    assertEquals(0, put.exit(), put::toString);
    String key = put.stdout().strip().split("\\s+")[0];
    assertEquals(0, tiercache.run("get", key, "-o", work.resolve("out").toString()).exit());
    assertEquals(1, tiercache.run("get", "sha256:" + "0".repeat(64)).exit());

    Result json = tiercache.run("stat", "--json");
    assertEquals(0, json.exit(), json::toString);
    JsonNode report = JSON.readTree(json.stdout());
    JsonNode memory = report.get("tiers").get(0);
    JsonNode disk = report.get("tiers").get(1);
    assertEquals("lifetime", disk.get("counts").asText(), json::toString);
    assertEquals(1, disk.get("puts").asLong(), "the put, written through to disk: " + json);
    assertEquals(1, disk.get("hits").asLong(), "the get a memory tier, new in its command, missed");
    assertEquals(1, disk.get("misses").asLong(), json::toString);
    assertTrue(disk.get("countsSince").asText().matches("\\d{4}-\\d\\d-\\d\\dT.*Z"), json::toString);
    assertEquals("command", memory.get("counts").asText(), json::toString);
    assertEquals(0, memory.get("hits").asLong(), "a memory tier counts this command only");
    assertEquals("command", report.get("counts").asText(), json::toString);

    Result table = tiercache.run("stat");
    assertEquals(0, table.exit(), table::toString);
    String counts = table.stdout().lines().filter(l -> l.startsWith("counts  ")).findFirst()
        .orElseThrow(() -> new AssertionError(table.toString()));
    assertTrue(counts.startsWith("counts  added up over every process that used the tier: disk"
        + " since ") && counts.endsWith("; this command's only: memory, stack"), counts);
  }

  @Test
  void theCommandWritesNothingOfItsOwnIntoTheDiskFolder() throws Exception {
    Result put = tiercache.run("put", Files.writeString(work.resolve("a"), "a").toString());
    assertEquals(0, put.exit(), put::toString);
    assertEquals(0, tiercache.run("stat").exit());
    assertEquals(0, tiercache.run("verify").exit());

    Set<String> names = new TreeSet<>();
    try (Stream<Path> top = Files.list(tiercache.diskFolder())) {
      top.forEach(p -> names.add(p.getFileName().toString()));
    }
    names.removeIf(name -> name.matches("[0-9a-f]{2}"));
    assertEquals(new TreeSet<>(List.of(".lock", "CACHEDIR.TAG", "journal", "segments", "tmp",
        "tiercache-disk.format", "tiercache-disk.stats")), names,
        "only the disk tier's own files, its counts among them");
  }

  @Test
  void aCountsFileLeftByAnOlderVersionIsLeftAloneAndIgnored() throws Exception {
    assertEquals(0, tiercache.run("stat").exit());
    Path old = tiercache.diskFolder().resolve("tiercache-cli.counts");
    String left = "since=2026-01-01T00\\:00\\:00Z\ndisk.hits=1000\nstack.hits=1000\n";
    Files.writeString(old, left);

    Result put = tiercache.run("put", Files.writeString(work.resolve("a"), "a").toString());
    Result stat = tiercache.run("stat", "--json");

    assertEquals(0, put.exit(), put::toString);
    assertEquals(0, stat.exit(), stat::toString);
    assertEquals("", stat.stderr(), "no warning about a file the command no longer reads");
    JsonNode disk = JSON.readTree(stat.stdout()).get("tiers").get(1);
    assertEquals(0, disk.get("hits").asLong(), "the old file's counts are not read: " + stat);
    assertEquals(1, disk.get("puts").asLong(), stat::toString);
    assertEquals(left, Files.readString(old), "left as it was, for its owner to remove");
  }
}
