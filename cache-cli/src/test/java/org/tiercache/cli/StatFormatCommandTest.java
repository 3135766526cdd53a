package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * {@code stat} for people: hit rates in percent, times to the second in the local time zone, and a
 * stack capacity that counts what the stack keeps between commands, not its tiers' sum.
 */
final class StatFormatCommandTest extends CommandTest {
  /** A zone far from UTC, with a half hour, so that a time left in UTC cannot pass for local. */
  private static final String ZONE = "Asia/Kolkata";

  @Test
  void hitRatesArePercentsOfLookups() throws Exception {
    Path file = Files.writeString(work.resolve("a.txt"), "some content");
    Result put = tiercache.run("put", file.toString());
    String key = put.stdout().substring(0, put.stdout().indexOf("  "));
    assertEquals(0, tiercache.run("get", key).exit());
    assertEquals(1, tiercache.run("get", "sha256:" + "0".repeat(64)).exit());

    Result stat = tiercache.run("stat");
    assertEquals(0, stat.exit(), stat::toString);
    List<String> lines = stat.stdout().lines().toList();
    assertTrue(lines.get(1).matches("tier +rule +entries +bytes +capacity +hits +misses"
        + " +hit rate +puts +health"), stat::toString);
    // The disk tier keeps its counts over every command (lifetime statistics); the stack counts
    // only this command's, which looked up nothing.
    assertTrue(row(lines, "disk").matches("disk +any +1 +\\d+ B +1 GB +1 +1 +50\\.0% +\\d+ +UP"),
        () -> "one hit and one miss:\n" + stat);
    assertTrue(row(lines, "stack").matches("stack +1 +\\d+ B +1 GB +0 +0 +- +\\d+ +UP"),
        () -> "the stack's own counts are this command's:\n" + stat);
    for (String tier : List.of("memory", "disk", "stack")) {
      Matcher counts = Pattern.compile(" (\\d+) +(\\d+) +(\\S+) +\\d+ +UP$")
          .matcher(row(lines, tier));
      assertTrue(counts.find(), stat::toString);
      long hits = Long.parseLong(counts.group(1));
      long misses = Long.parseLong(counts.group(2));
      String expected = hits + misses == 0 ? "-"
          : String.format(Locale.ROOT, "%.1f%%", 100.0 * hits / (hits + misses));
      assertEquals(expected, counts.group(3), () -> tier + ":\n" + stat);
    }
    for (String line : lines) {
      assertEquals(line.stripTrailing(), line, "no trailing spaces");
    }
  }

  @Test
  void timesAreLocalToTheSecond() throws Exception {
    Path file = Files.writeString(work.resolve("a.txt"), "some content");
    assertEquals(0, tiercache.run("put", file.toString()).exit());

    Result stat = tiercache.runWithEnvironment("TZ", ZONE, "stat");
    Result json = tiercache.runWithEnvironment("TZ", ZONE, "stat", "--json");

    assertEquals(0, stat.exit(), stat::toString);
    JsonNode report = JSON.readTree(json.stdout());
    String written = report.get("oldest").get("written").asText();
    String local = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
        .format(Instant.parse(written).atZone(ZoneId.of(ZONE)));
    String oldest = row(stat.stdout().lines().toList(), "oldest");
    assertTrue(oldest.contains(", put " + local + " ("), () -> local + " expected:\n" + stat);
    assertTrue(!stat.stdout().contains(written) && !stat.stdout().matches("(?s).*:\\d\\d\\.\\d+Z.*"),
        () -> "no time to the nanosecond in UTC:\n" + stat);
    assertTrue(written.endsWith("Z"), "--json keeps the exact time, in UTC: " + written);
  }

  @Test
  void theDefaultStacksCapacityIsItsDiskTiersNotTheSumOfItsTiers() throws Exception {
    Result stat = tiercache.run("stat");
    Result json = tiercache.run("stat", "--json");

    assertEquals(0, stat.exit(), stat::toString);
    assertTrue(row(stat.stdout().lines().toList(), "stack").matches("stack +\\d+ +\\d+ B +1 GB .*"),
        () -> "write-through puts a copy of everything in the 1 GB disk tier:\n" + stat);
    JsonNode report = JSON.readTree(json.stdout());
    assertEquals(1L << 30, report.get("capacity").asLong(), json::toString);
    assertEquals("[\"disk\"]", report.get("capacityOf").toString(), json::toString);
  }

  @Test
  void tiersThatSplitSizesBetweenThemAddUp() throws Exception {
    String stack = "memory(capacity=8MB) < 16KB ; disk(dir=" + work.resolve("small")
        + ",capacity=1GB) < 1MB ; disk(dir=" + work.resolve("large") + ",capacity=2GB) >= 1MB";
    Result json = tiercache.run("stat", "--json", "--stack", stack);

    assertEquals(0, json.exit(), json::toString);
    JsonNode report = JSON.readTree(json.stdout());
    assertEquals(3L << 30, report.get("capacity").asLong(), json::toString);
    assertEquals("[\"disk\",\"disk#2\"]", report.get("capacityOf").toString(), json::toString);
  }

  /** The line starting with a word, after the first line (which shows the stack's spec). */
  private static String row(List<String> lines, String first) {
    return lines.stream().skip(1).filter(line -> line.startsWith(first + " ")).findFirst()
        .orElseThrow(() -> new AssertionError("no row " + first + ":\n" + String.join("\n",
            lines)));
  }
}
