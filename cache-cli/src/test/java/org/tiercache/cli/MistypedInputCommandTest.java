package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/** A mistyped command or key is answered with what would have been right, in one line. */
final class MistypedInputCommandTest extends CommandTest {
  @Test
  void anUnknownCommandIsNamedWithTheCommandsThereAre() throws Exception {
    Result run = tiercache.run("frobnicate");

    assertEquals(2, run.exit(), run::toString);
    String first = run.stderr().lines().findFirst().orElse("");
    assertTrue(first.startsWith("tiercache: unknown command 'frobnicate'"), run::toString);
    assertTrue(first.contains("(commands: put, get, ls, rm, stat, verify, "), run::toString);
    assertFalse(run.stderr().contains("Unmatched argument"), run::toString);
  }

  @Test
  void aMistypedCommandGetsASuggestion() throws Exception {
    Result run = tiercache.run("gte", "sha256:00");

    assertEquals(2, run.exit(), run::toString);
    assertTrue(run.stderr().startsWith("tiercache: unknown command 'gte'; did you mean 'get'"),
        run::toString);
  }

  @Test
  void aKeyWithAnUnknownPrefixListsThePrefixesAccepted() throws Exception {
    Result run = tiercache.run("get", "SHA256:ABC");

    assertEquals(2, run.exit(), run::toString);
    String line = run.stderr().strip();
    assertEquals(1, line.lines().count(), run::toString);
    assertTrue(line.contains("unknown algorithm prefix 'SHA256'; accepted: sha256:, md5:"
        + " (lowercase)"), run::toString);
    assertFalse(line.matches(".*\\b(java|org)\\.[a-z]+\\.[A-Za-z.]*Exception.*"),
        "no exception class in a one-line error: " + line);
  }
}
