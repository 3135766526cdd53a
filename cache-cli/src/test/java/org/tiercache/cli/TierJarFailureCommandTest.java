package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * A tier jar on the module path whose provider does not load (the test module {@code failing}, whose
 * provider's constructor throws) is never silently absent: {@code providers} lists it with the
 * reason, a stack naming it says why it is missing, and every command that opens a stack warns
 * about it.
 */
final class TierJarFailureCommandTest extends CommandTest {
  private static final String PROVIDER = "org.tiercache.failingtier.FailingTierProvider";
  private static final String REASON = "could not be instantiated: java.lang.IllegalStateException:"
      + " licence file /etc/failing-tier.lic is missing";

  private String location;

  @BeforeEach
  void setUp() throws IOException {
    tiercache = tiercache.withFailingTier();
    location = BrokenTierModule.failingFolder().toString();
  }

  @Test
  void providersListsTheJarThatFailedToLoadWithTheReasonAndExitsOne() throws Exception {
    Result table = tiercache.run("providers");
    assertEquals(1, table.exit(), table::toString);
    List<String> lines = table.stdout().lines().toList();
    assertTrue(lines.stream().anyMatch(l -> l.matches("memory\\s+org\\.tiercache\\.memory\\s.*")),
        "the tiers that loaded are still listed:\n" + table);
    int section = lines.indexOf("failed to load (1):");
    assertTrue(section > 0, table::toString);
    assertEquals("  " + PROVIDER + "  " + location, lines.get(section + 1), table::toString);
    assertEquals("    " + REASON, lines.get(section + 2), table::toString);
  }

  @Test
  void providersJsonCarriesTheFailures() throws Exception {
    Result json = tiercache.run("providers", "--json");
    assertEquals(1, json.exit(), json::toString);
    JsonNode out = JSON.readTree(json.stdout());
    List<String> ids = new ArrayList<>();
    out.get("providers").forEach(p -> ids.add(p.get("id").asText()));
    assertTrue(ids.containsAll(List.of("disk", "memory")), ids::toString);
    assertEquals(1, out.get("failures").size(), json::toString);
    JsonNode failure = out.get("failures").get(0);
    assertEquals(PROVIDER, failure.get("class").asText());
    assertEquals(location, failure.get("location").asText());
    assertEquals(REASON, failure.get("reason").asText());
  }

  @Test
  void aStackNamingTheTierThatFailedSaysWhyItIsMissing() throws Exception {
    Result stat = tiercache.run("--stack", "failing(capacity=1MB)", "stat");
    assertEquals(2, stat.exit(), stat::toString);
    assertTrue(stat.stderr().contains("no tier provider with id 'failing' on the module path; ids"
        + " found: disk, memory, tiered; failed to load: " + PROVIDER + " at " + location + ": "
        + REASON), stat::toString);
    assertEquals(1, stat.stderr().strip().lines().count(), "errors are one line:\n" + stat);
  }

  @Test
  void aCommandThatOpensAStackWarnsAboutTheJarThatFailed() throws Exception {
    Result stat = tiercache.run("stat");
    assertEquals(0, stat.exit(), "the default stack does not need it:\n" + stat);
    assertTrue(stat.stderr().contains("tier provider not loaded: " + PROVIDER + " at " + location
        + ": " + REASON + " (see: tiercache providers)"), stat::toString);
  }

  @Test
  void tckNamingTheTierThatFailedSaysWhyItIsMissing() throws Exception {
    Result tck = tiercache.run("tck", "--tier", "failing");
    assertEquals(2, tck.exit(), tck::toString);
    assertTrue(tck.stderr().contains("failed to load: " + PROVIDER + " at " + location + ": "
        + REASON), tck::toString);
  }
}
