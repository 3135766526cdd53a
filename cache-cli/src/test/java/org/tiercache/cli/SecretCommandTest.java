package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * A password in the stack's settings never reaches standard output or standard error, on any path
 * the command has: a setting refused beside it, a spec part holding it refused,
 * {@code --stack-file}, {@code --stack}, a tier's own message quoting it, {@code stat}, each with
 * and without {@code --debug}.
 */
final class SecretCommandTest extends CommandTest {
  private static final String SECRET = "s3cret-Pa55";
  private static final String URI = "redis://:" + SECRET + "@127.0.0.1:6379/0";

  @BeforeEach
  void setUp() throws IOException {
    tiercache = tiercache.withBrokenTier();
  }

  @Test
  void noRefusalOfASettingOrSpecShowsThePassword() throws Exception {
    Path file = Files.writeString(work.resolve("f"), "content");
    Path config = Files.writeString(work.resolve("stack.properties"),
        "stack = broken(password=" + SECRET + ") << 1KB\n");
    Path typo = Files.writeString(work.resolve("typo.properties"),
        "stack = broken(password=" + SECRET + ")\nstak = x\n");
    List<List<String>> refused = List.of(
        List.of("stat", "--stack", "memory(password=" + SECRET + ")"),
        List.of("stat", "--stack", "broken(password=" + SECRET + ",colour=blue)"),
        List.of("stat", "--stack", "broken(uri=" + URI + ",capacity=lots)"),
        List.of("stat", "--stack", "broken(uri=\"" + URI + "\",ttl=PT9223372036854775807S)"),
        List.of("stat", "--stack", "broken(password=\"" + SECRET + " x\",echo=1 ; memory"),
        List.of("stat", "--stack", "nosuchtier(password=" + SECRET + ")"),
        List.of("stat", "--stack", "memory ; broken(password=" + SECRET + ") < 1KB ; disk(x=1)"),
        List.of("stat", "--stack-file", config.toString()),
        List.of("stat", "--stack-file", typo.toString()),
        List.of("put", "--stack", "broken(password=" + SECRET + ",fail=leak)", file.toString()),
        List.of("put", "--stack", "broken(uri=" + URI + ",fail=unavailable)", file.toString()));
    for (List<String> args : refused) {
      for (boolean debug : new boolean[] {false, true}) {
        List<String> line = new ArrayList<>(args);
        if (debug) {
          line.add(0, "--debug");
        }
        Result result = tiercache.run(line.toArray(String[]::new));
        assertNotEquals(0, result.exit(), result::toString);
        assertHidden(result);
      }
    }
  }

  @Test
  void statShowsTheStackWithThePasswordMasked() throws Exception {
    String stack = "memory(capacity=1MB) < 1KB ; broken(password=" + SECRET + ",uri=\"" + URI
        + "\")";
    for (String format : new String[] {"--json", "--no-progress"}) {
      Result stat = tiercache.run("stat", format, "--stack", stack);
      assertEquals(0, stat.exit(), stat::toString);
      assertHidden(stat);
      assertTrue(stat.stdout().contains("password=***"), stat::toString);
    }
  }

  @Test
  void aPasswordInTheRedisVariableIsMaskedInATiersMessage() throws Exception {
    Path file = Files.writeString(work.resolve("f"), "content");
    Result put = tiercache.runWithEnvironment("TIERCACHE_REDIS_URI", URI, "put", "--stack",
        "broken(password=" + SECRET + ",fail=leak)", file.toString());
    assertEquals(3, put.exit(), put::toString);
    assertHidden(put);
    assertTrue(put.stderr().contains("authentication with password *** failed"), put::toString);
  }

  private static void assertHidden(Result result) {
    assertFalse(result.stdout().contains(SECRET), result::toString);
    assertFalse(result.stderr().contains(SECRET), result::toString);
    assertFalse(result.stderr().contains("s3cret"), result::toString);
  }
}
