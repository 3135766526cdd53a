package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * Tier health in the command: {@code stat} shows it per tier and for the stack, in the table and in
 * {@code --json}; {@code get} of a key no tier could be asked for is "unavailable", status 3, not
 * "not found", status 1. The {@code broken} test tier says what health it is given.
 */
final class HealthCommandTest extends CommandTest {
  private static final String KEY =
      "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  @Test
  void getFromAStackWhoseOnlyTierIsDownIsUnavailableNotNotFound() throws Exception {
    Result get = tiercache.withBrokenTier()
        .run("get", KEY, "--stack", "broken(health=down)");

    assertEquals(3, get.exit(), get::toString);
    assertEquals("tiercache: unavailable: tier 'broken' is down: server at 127.0.0.1:1 unavailable",
        get.stderr().strip());
  }

  @Test
  void getFromAStackWhoseEveryTierIsDownIsUnavailableNamingEach() throws Exception {
    Result get = tiercache.withBrokenTier()
        .run("get", KEY, "--stack", "broken(health=down echo=-one) ; broken(health=down)");

    assertEquals(3, get.exit(), get::toString);
    assertEquals("tiercache: unavailable: tier 'broken' is down: server at 127.0.0.1:1 unavailable"
        + "-one; tier 'broken#2' is down: server at 127.0.0.1:1 unavailable",
        get.stderr().strip());
  }

  @Test
  void getFromAStackWithATierStillUpIsNotFound() throws Exception {
    Result get = tiercache.withBrokenTier()
        .run("get", KEY, "--stack", "memory ; broken(health=down)");

    assertEquals(1, get.exit(), get::toString);
    assertTrue(get.stderr().startsWith("tiercache: not found: " + KEY), get::toString);
  }

  @Test
  void statShowsEachTiersHealthAndItsCause() throws Exception {
    // In UTC, so that the local time shown is the tier's 2026-01-02T03:04:05Z.
    Result stat = tiercache.withBrokenTier().runWithEnvironment("TZ", "UTC",
        "stat", "--stack", "memory ; broken(health=degraded)");

    assertEquals(0, stat.exit(), stat::toString);
    String[] lines = stat.stdout().split("\n");
    assertTrue(lines[1].matches("tier .*  health\\s*"), stat::stdout);
    assertTrue(lines[2].matches("memory .*  UP\\s*"), stat::stdout);
    assertTrue(lines[3].matches("broken .*  DEGRADED\\s*"), stat::stdout);
    assertTrue(lines[4].matches("stack .*  DEGRADED\\s*"), stat::stdout);
    assertEquals("health  broken: server at 127.0.0.1:1 refuses writes (since "
        + "2026-01-02 03:04:05)", lines[5]);
  }

  @Test
  void statJsonHasTheHealthOfEachTierAndOfTheStack() throws Exception {
    Result stat = tiercache.withBrokenTier()
        .run("stat", "--json", "--stack", "broken(health=down)");

    assertEquals(0, stat.exit(), stat::toString);
    JsonNode report = new ObjectMapper().readTree(stat.stdout());
    JsonNode tier = report.get("tiers").get(0).get("health");
    assertEquals("DOWN", tier.get("status").asText());
    assertEquals("server at 127.0.0.1:1 unavailable", tier.get("cause").asText());
    assertEquals("2026-01-02T03:04:05Z", tier.get("since").asText());
    JsonNode stack = report.get("health");
    assertEquals("DOWN", stack.get("status").asText());
    assertEquals("tier 'broken' is down: server at 127.0.0.1:1 unavailable",
        stack.get("cause").asText());
  }

  @Test
  void statJsonOfAHealthyTierHasNoCause() throws Exception {
    Result stat = tiercache.run("stat", "--json", "--stack", "memory");

    JsonNode health = new ObjectMapper().readTree(stat.stdout()).get("tiers").get(0).get("health");
    assertEquals("UP", health.get("status").asText());
    assertTrue(health.get("cause").isNull(), stat::stdout);
    assertTrue(health.get("since").isNull(), stat::stdout);
  }
}
