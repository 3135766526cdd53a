package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * {@code ls} and {@code rm}, and {@code stat} and {@code verify} on a tier that cannot list, run as
 * a user runs them: the real command in a child process, on the embedded default stack (whose
 * entries outlive each command in its disk tier) or a user's tier.
 */
final class EntriesCommandTest extends CommandTest {
  @Test
  void lsListsEachEntryWithItsSizeAgeAndTierAndSortsBySize() throws Exception {
    List<String> keys = put(file("a", 100), file("b", 5_000), file("c", 200_000));

    Result ls = tiercache.run("ls");
    assertEquals(0, ls.exit(), ls::toString);
    List<String> lines = ls.stdout().lines().toList();
    assertEquals(4, lines.size(), ls::toString);
    assertTrue(lines.get(0).matches("KEY +SIZE +AGE +TIER"), ls::toString);
    for (String key : keys) {
      assertEquals(1, lines.stream().filter(line -> line.startsWith(key + " ")).count(),
          () -> key + " listed once:\n" + ls);
    }
    assertTrue(lines.stream().anyMatch(line -> line.matches(
        "sha256:[0-9a-f]{64} +195 KB +\\d+ s  disk")), () -> "size, age and tier:\n" + ls);

    Result json = tiercache.run("ls", "--json");
    assertEquals(0, json.exit(), json::toString);
    List<JsonNode> entries = jsonLines(json);
    assertEquals(3, entries.size(), json::toString);
    for (JsonNode entry : entries) {
      assertTrue(keys.contains(entry.get("key").asText()), json::toString);
      assertEquals("disk", entry.get("tier").asText(), json::toString);
      assertTrue(entry.get("ageSeconds").asLong() >= 0, json::toString);
      assertTrue(entry.get("written").asText().endsWith("Z"), json::toString);
    }

    Result largest = tiercache.run("ls", "--sort", "size", "--limit", "2", "--json");
    assertEquals(0, largest.exit(), largest::toString);
    assertEquals(List.of(200_000L, 5_000L),
        jsonLines(largest).stream().map(entry -> entry.get("bytes").asLong()).toList(),
        largest::toString);

    Result smallest = tiercache.run("ls", "--sort", "size", "--reverse");
    assertEquals(0, smallest.exit(), smallest::toString);
    assertTrue(smallest.stdout().lines().skip(1).findFirst().orElseThrow()
        .startsWith(keys.get(0) + " "), () -> "the 100-byte entry first:\n" + smallest);
  }

  @Test
  void rmRemovesEachKeyAndExitsOneNamingAKeyNoTierHeld() throws Exception {
    List<String> keys = put(file("gone", 100), file("kept", 200_000));
    String absent = "sha256:" + "ab".repeat(32);

    Result malformed = tiercache.run("rm", keys.get(0), "nothex");
    assertEquals(2, malformed.exit(), malformed::toString);
    assertTrue(malformed.stderr().contains("invalid content key 'nothex'"), malformed::toString);

    Result rm = tiercache.run("rm", keys.get(0), absent);
    assertEquals(1, rm.exit(), rm::toString);
    assertEquals("tiercache: not found: " + absent, rm.stderr().strip(), rm::toString);
    assertEquals("", rm.stdout(), "rm is silent about what it removed, as rm is");

    Result ls = tiercache.run("ls", "--json");
    assertEquals(List.of(keys.get(1)),
        jsonLines(ls).stream().map(entry -> entry.get("key").asText()).toList(),
        () -> "the malformed rm removed nothing, the second removed only its key:\n" + ls);

    Result force = tiercache.run("rm", "--force", "--verbose", keys.get(0), keys.get(1));
    assertEquals(0, force.exit(), force::toString);
    assertEquals("removed  " + keys.get(1), force.stdout().strip(), force::toString);
    assertEquals("", force.stderr(), force::toString);
  }

  @Test
  void aTierThatCannotListIsNamedByLsAndSkippedByVerifyAndStat() throws Exception {
    CommandRun withUsersTier = tiercache.withBrokenTier();

    Result ls = withUsersTier.run("ls", "--stack", "memory ; broken");
    assertEquals(2, ls.exit(), ls::toString);
    assertEquals("tiercache: the stack cannot list its entries: tier 'broken' does not declare the"
        + " LISTING capability", ls.stderr().strip(), ls::toString);

    Result verify = withUsersTier.run("verify", "--stack", "memory ; broken");
    assertEquals(0, verify.exit(), verify::toString);
    assertTrue(verify.stderr().contains("tier 'broken' cannot list its entries: not verified"),
        verify::toString);
    assertTrue(verify.stdout().contains("memory: 0 entries verified"), verify::toString);

    Result stat = withUsersTier.run("stat", "--stack", "memory ; broken");
    assertEquals(0, stat.exit(), stat::toString);
    assertTrue(stat.stdout().contains("oldest  not known: a tier cannot list its entries"),
        stat::toString);
  }

  @Test
  void verifyRemovesContentThatNoLongerMatchesItsKeyFromAUsersTier() throws Exception {
    // A tier that serves what it holds unchecked: only the command's own digest finds the damage.
    CommandRun withUsersTier = tiercache.withBrokenTier();

    Result verify = withUsersTier.run("verify", "--stack", "broken(holds=corrupt)");
    assertEquals(1, verify.exit(), verify::toString);
    assertTrue(verify.stdout().lines().anyMatch(line ->
        line.matches("corrupt  sha256:[0-9a-f]{64}  in broken  removed")), verify::toString);
    assertTrue(verify.stdout().contains("broken: 0 entries verified (0 B), 1 corrupt removed"),
        verify::toString);
  }
}
