package org.tiercache.tck.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner finds the test providers registered in {@code META-INF/services} ({@code reference},
 * {@code broken-fifo}, {@code reference-persistent}, and {@code needs-server}, which can never be
 * created), runs every suite against each, and reports
 * them in its table and exit status.
 */
final class TckRunnerTest {
  private static final List<String> GROUPS =
      List.of("store", "lru", "ttl", "size", "stats", "lifetime", "concurrency", "persistence",
          "ownership", "listing");
  /** Groups the in-memory reference tier skips: it keeps nothing, in no folder. */
  private static final List<String> NOT_APPLICABLE = List.of("lifetime", "persistence",
      "ownership");
  private static final Pattern ROW =
      Pattern.compile("^(\\S+)\\s+(\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)(.*)$", Pattern.MULTILINE);

  @Test
  void correctTierPassesEveryRuleGroupAndExitsZero() {
    Run run = run("--tier", "reference");
    assertEquals(TckRunner.PASSED, run.status, run.output);
    for (String group : GROUPS) {
      Row row = run.row("reference", group);
      assertEquals(0, row.failed, () -> group + " must have no failures:\n" + run.output);
      if (NOT_APPLICABLE.contains(group)) {
        assertEquals(0, row.passed, run.output);
        assertTrue(row.skipped > 0, () -> group + " must be skipped:\n" + run.output);
        assertTrue(row.note.contains("not applicable"), () -> "and say why:\n" + run.output);
      } else {
        assertTrue(row.passed > 0, () -> group + " must have passed tests:\n" + run.output);
        assertEquals(0, row.skipped, () -> group + " must skip nothing:\n" + run.output);
      }
    }
  }

  @Test
  void brokenTierFailsItsLruRowNamingTheRuleAndExitsOne() {
    Run run = run("--tier", "reference", "--tier", "broken-fifo");
    assertEquals(TckRunner.FAILED, run.status, run.output);
    assertEquals(0, run.row("reference", "lru").failed, run.output);
    Row lru = run.row("broken-fifo", "lru");
    assertTrue(lru.failed > 0, () -> "the FIFO tier's lru row must show failures:\n" + run.output);
    assertTrue(lru.passed > 0, () -> "and the rules it keeps as passed:\n" + run.output);
    assertEquals(0, run.row("broken-fifo", "store").failed, run.output);
    assertTrue(run.output.contains("broken-fifo lru evictsLeastRecentlyUsedFirst: live entries"),
        () -> "each failure must name tier, group, test and message:\n" + run.output);
  }

  @Test
  void persistentTierPassesPersistenceInFreshScratchFolders() {
    Run run = run("--tier", "reference-persistent");
    assertEquals(TckRunner.PASSED, run.status, run.output);
    Row persistence = run.row("reference-persistent", "persistence");
    assertTrue(persistence.passed > 0, run.output);
    assertEquals(0, persistence.skipped, run.output);
    Row lifetime = run.row("reference-persistent", "lifetime");
    assertTrue(lifetime.passed > 0, run.output);
    assertEquals(0, lifetime.skipped, () -> "its folder keeps its counters too:\n" + run.output);
    Row ownership = run.row("reference-persistent", "ownership");
    assertTrue(ownership.passed > 0, () -> "its folder is the scratch folder, so the kit checks "
        + "what it does there:\n" + run.output);
    assertEquals(0, ownership.failed, run.output);
  }

  @Test
  void ownershipIsSkippedWhenTheUsersSettingsPutTheStorageElsewhere(@TempDir Path elsewhere) {
    Run run = run("--tier", "reference-persistent", "--config",
        "reference-persistent:dir=" + elsewhere, "--rules", "ownership");
    Row ownership = run.row("reference-persistent", "ownership");
    assertEquals(0, ownership.passed + ownership.failed, () -> "the kit must not plant files in a "
        + "folder of the user's:\n" + run.output);
    assertTrue(ownership.skipped > 0, run.output);
  }

  @Test
  void everyProviderFoundIsCheckedWithoutTierOption() {
    // Only the store and lru rules: which tiers are checked is the point, not every rule again.
    Run run = run("--rules", "store,lru");
    assertEquals(TckRunner.FAILED, run.status, run.output);
    for (String tier : List.of("broken-fifo", "reference", "reference-persistent")) {
      assertTrue(run.row(tier, "store").passed > 0, () -> tier + " must be checked:\n"
          + run.output);
    }
    assertTrue(run.output.contains("skipped tier 'needs-server': it cannot be created with the "
        + "kit's settings (no server configured: set needs-server.uri)"),
        () -> "a found tier that cannot be created is reported and left out:\n" + run.output);
    assertTrue(run.output.lines().noneMatch(line -> line.startsWith("needs-server ")),
        () -> "and has no rows:\n" + run.output);
  }

  @Test
  void tierNamedThatCannotBeCreatedIsSaidOnceAndNothingIsCounted() {
    Run run = run("--tier", "needs-server");
    assertEquals(TckRunner.NOT_RUN, run.status, run.output);
    assertEquals("error: tier 'needs-server' cannot be created with the kit's settings (no server"
        + " configured: set needs-server.uri), so none of its tests ran; give it the settings it"
        + " needs with --config needs-server:KEY=VALUE", run.output.strip(), run.output);
  }

  @Test
  void theLastLineCountsPassedFailedAndSkipped() {
    Run run = run("--tier", "reference");
    assertEquals(TckRunner.PASSED, run.status, run.output);
    int passed = run.rows.values().stream().mapToInt(r -> r.passed).sum();
    int skipped = run.rows.values().stream().mapToInt(r -> r.skipped).sum();
    assertTrue(skipped > 0, () -> "the reference tier is not persistent:\n" + run.output);
    assertTrue(run.output.strip().endsWith("PASSED: " + (passed + skipped) + " tests of 1 tier(s): "
        + passed + " passed, 0 failed, " + skipped + " skipped"), run.output);
  }

  @Test
  void rulesRunOnlyTheGroupsNamed() {
    Run run = run("--tier", "broken-fifo", "--rules", "store", "--rules", "persistence,ttl");
    assertEquals(TckRunner.PASSED, run.status, () -> "the FIFO tier fails lru only, which was not"
        + " asked for:\n" + run.output);
    assertEquals(Set.of("broken-fifo store", "broken-fifo persistence", "broken-fifo ttl"),
        run.rows.keySet(), run.output);
    assertTrue(run.row("broken-fifo", "store").passed > 0, run.output);
    assertTrue(run.row("broken-fifo", "persistence").skipped > 0, run.output);
    int counted = run.rows.values().stream().mapToInt(r -> r.passed + r.skipped).sum();
    assertTrue(run.output.strip().endsWith("PASSED: " + counted + " tests of 1 tier(s): "
        + (counted - run.row("broken-fifo", "persistence").skipped) + " passed, 0 failed, "
        + run.row("broken-fifo", "persistence").skipped + " skipped"), run.output);
  }

  @Test
  void aRuleGroupTheKitDoesNotHaveIsAUsageErrorListingTheGroups() {
    Run run = run("--tier", "reference", "--rules", "store,lur");
    assertEquals(TckRunner.NOT_RUN, run.status, run.output);
    assertEquals("error: --rules names group 'lur', which the kit does not have; groups: store,"
        + " lru, ttl, size, stats, lifetime, listener, model, concurrency, persistence, crash,"
        + " ownership, listing", run.output.strip(), run.output);
    Run empty = run("--rules", "store,,lru");
    assertEquals(TckRunner.NOT_RUN, empty.status, empty.output);
    assertTrue(empty.output.contains("--rules 'store,,lru' names an empty group"), empty.output);
  }

  @Test
  void configSettingsReachTheProvider() {
    Run run = run("--tier", "reference", "--config", "reference:colour=blue");
    assertEquals(TckRunner.NOT_RUN, run.status, run.output);
    assertTrue(run.output.contains("unknown setting 'colour' (value 'blue') for tier 'reference'"),
        () -> "the provider must have been given the setting and refused it:\n" + run.output);
  }

  @Test
  void unknownTierExitsTwoListingTheIdsFound() {
    Run run = run("--tier", "nope");
    assertEquals(TckRunner.NOT_RUN, run.status, run.output);
    assertTrue(run.output.contains("no tier provider with id 'nope'"), run.output);
    assertTrue(run.output.contains("broken-fifo, needs-server, reference, reference-persistent"), run.output);
  }

  @Test
  void configForTierNotCheckedExitsTwo() {
    Run run = run("--tier", "reference", "--config", "broken-fifo:a=b");
    assertEquals(TckRunner.NOT_RUN, run.status, run.output);
    assertTrue(run.output.contains("--config names tier 'broken-fifo'"), run.output);
  }

  @Test
  void configSettingCapacityIsRefused() {
    Run run = run("--config", "reference:capacity=10MB");
    assertEquals(TckRunner.NOT_RUN, run.status, run.output);
    assertTrue(run.output.contains("capacity and ttl cannot be set"), run.output);
  }

  @Test
  void unknownOptionExitsTwoWithUsage() {
    Run run = run("--colour");
    assertEquals(TckRunner.NOT_RUN, run.status, run.output);
    assertTrue(run.output.contains("unknown argument '--colour'"), run.output);
    assertTrue(run.output.contains("usage: TckRunner"), run.output);
  }

  @Test
  void helpPrintsUsageAndExitsZero() {
    Run run = run("--help");
    assertEquals(TckRunner.PASSED, run.status, run.output);
    assertTrue(run.output.startsWith("usage: TckRunner"), run.output);
  }

  private static Run run(String... args) {
    StringWriter text = new StringWriter();
    int status = TckRunner.run(new PrintWriter(text), args);
    return new Run(status, text.toString());
  }

  private static final class Run {
    final int status;
    final String output;
    final Map<String, Row> rows = new HashMap<>();

    Run(int status, String output) {
      this.status = status;
      this.output = output;
      Matcher m = ROW.matcher(output);
      while (m.find()) {
        rows.put(m.group(1) + " " + m.group(2), new Row(Integer.parseInt(m.group(3)),
            Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), m.group(6)));
      }
    }

    Row row(String tier, String group) {
      Row row = rows.get(tier + " " + group);
      assertTrue(row != null, () -> "no row for " + tier + " " + group + " in:\n" + output);
      return row;
    }
  }

  private static final class Row {
    final int passed;
    final int failed;
    final int skipped;
    final String note;

    Row(int passed, int failed, int skipped, String note) {
      this.passed = passed;
      this.failed = failed;
      this.skipped = skipped;
      this.note = note;
    }
  }
}
