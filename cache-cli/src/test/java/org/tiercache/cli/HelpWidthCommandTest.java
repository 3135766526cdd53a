package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * {@code --help} reads well at 80 columns, wraps to a terminal's width, and never breaks a stack
 * spec where pasting it back would fail.
 */
final class HelpWidthCommandTest extends CommandTest {
  private static final List<String> COMMANDS = List.of("put", "get", "ls", "rm", "stat", "verify",
      "evict-expired", "clear", "tck", "providers", "completion");

  @Test
  void everyHelpFitsEightyColumnsOffATerminal() throws Exception {
    List<List<String>> runs = new ArrayList<>();
    runs.add(List.of("--help"));
    COMMANDS.forEach(command -> runs.add(List.of(command, "--help")));
    for (List<String> args : runs) {
      Result help = tiercache.run(args.toArray(String[]::new));
      assertEquals(0, help.exit(), help::toString);
      for (String line : help.stdout().lines().toList()) {
        assertTrue(line.length() <= 80, () -> args + ": a line of " + line.length()
            + " columns:\n" + line);
        assertEquals(line.stripTrailing(), line, () -> args + ": trailing spaces:\n" + line);
        assertTrue(!line.strip().matches("\\([a-z-]+=.*"), () -> args + ": a tier's settings"
            + " wrapped away from its id, which a copied spec would not survive:\n" + line);
      }
    }
  }

  @Test
  void theRootHelpListsTheCommandsBeforeTheOptionsOneLineEach() throws Exception {
    List<String> lines = tiercache.run("--help").stdout().lines().toList();

    int commands = lines.indexOf("Commands:");
    int options = lines.indexOf("Options:");
    assertTrue(commands > 0 && options > commands, () -> String.join("\n", lines));
    for (String command : COMMANDS) {
      assertTrue(lines.subList(commands, options).stream()
          .anyMatch(line -> line.matches("  " + command + " +[A-Z].*\\.")),
          () -> command + " has a one-line summary:\n" + String.join("\n", lines));
    }
  }

  @Test
  void theEmbeddedDefaultSpecInTheHelpPastesBackAsAStack() throws Exception {
    List<String> lines = tiercache.run("--help").stdout().lines().toList();
    int first = lines.indexOf("  memory(capacity=64MB) < 100KB ;");
    assertTrue(first > 0, () -> String.join("\n", lines));
    assertEquals("  disk(dir=$XDG_CACHE_HOME/tiercache,capacity=1GB) any ;", lines.get(first + 1));
    assertEquals("  options(write-through)", lines.get(first + 2));

    // What a user copies, lines and all, with the variable a shell would expand.
    String pasted = String.join("\n", lines.subList(first, first + 3))
        .replace("$XDG_CACHE_HOME", cacheHome.toString());
    Result stat = tiercache.run("stat", "--stack", pasted);
    assertEquals(0, stat.exit(), stat::toString);
  }

  @Test
  void helpWrapsToTheWidthOfTheTerminal() throws Exception {
    Path script = Path.of("/usr/bin/script");
    assumeTrue(Files.isExecutable(script), "needs util-linux's script(1) to give the command a"
        + " terminal");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = "stty cols 110; '" + java + "' --module-path '"
        + System.getProperty("tiercache.cli.modulePath")
        + "' --module org.tiercache.cli/org.tiercache.cli.Main stat --help";
    Process process = new ProcessBuilder(script.toString(), "-qec", command, "/dev/null")
        .redirectInput(ProcessBuilder.Redirect.PIPE).start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
        .replaceAll("\u001b\\[[0-9;]*m", "");
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), out);
    int widest = out.lines().mapToInt(String::length).max().orElse(0);
    assertTrue(widest > 80 && widest <= 110, () -> "widest line " + widest + ":\n" + out);
  }
}
