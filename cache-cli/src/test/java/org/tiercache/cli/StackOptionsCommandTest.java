package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * How a stack is named on the command line: {@code --stack-file} (once {@code --config}, a name
 * {@code tck} uses for tier settings), and errors about a spec that quote it as the user typed it.
 */
final class StackOptionsCommandTest extends CommandTest {
  @Test
  void aStackFileSelectsTheStack() throws Exception {
    Path file = stackFile();

    Result stat = tiercache.run("stat", "--stack-file", file.toString());

    assertEquals(0, stat.exit(), stat::toString);
    assertTrue(stat.stdout().startsWith("stack   disk(dir=" + work.resolve("c")
        + ",capacity=5MB)  (--stack-file " + file + ")"), stat::toString);
    assertEquals("", stat.stderr(), stat::toString);
  }

  @Test
  void theOldNameConfigStillWorksWithAOneLineNotice() throws Exception {
    Path file = stackFile();

    Result stat = tiercache.run("stat", "--config", file.toString());
    Result leading = tiercache.run("--config", file.toString(), "stat");

    for (Result run : new Result[] {stat, leading}) {
      assertEquals(0, run.exit(), run::toString);
      assertTrue(run.stdout().contains("(--stack-file " + file + ")"), run::toString);
      assertEquals("tiercache: note: --config FILE is now --stack-file FILE (--config will go"
          + " away)", run.stderr().strip(), run::toString);
    }
    Result help = tiercache.run("stat", "--help");
    assertTrue(help.stdout().contains("--stack-file=FILE"), help::toString);
    assertFalse(help.stdout().contains("--config"), "the old name is hidden:\n" + help);
  }

  @Test
  void anErrorAboutATierQuotesItAsTyped() throws Exception {
    String typed = "memory(capacity=8MB,colour=blue)";

    Result stat = tiercache.run("stat", "--stack", typed + " < 16KB ; disk(dir=" + work + ")");

    assertEquals(2, stat.exit(), stat::toString);
    String line = stat.stderr().strip();
    assertTrue(line.startsWith("tiercache: tier 1 '" + typed + " < 16KB': unknown setting 'colour'"),
        stat::toString);
    assertFalse(line.contains("8388608B"), "not the normalised spec: " + line);
    assertFalse(line.contains("of the tiered cache"), line);
  }

  private Path stackFile() throws Exception {
    return Files.writeString(work.resolve("stack.properties"),
        "stack = disk(dir=" + work.resolve("c") + ",capacity=5MB)\n");
  }
}
