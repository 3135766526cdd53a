package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * {@code tiercache completion}: the script it prints is one bash (and zsh, through its bash
 * emulation) loads, and it completes the command's real commands and options when a shell asks.
 */
final class CompletionCommandTest extends CommandTest {
  private static final List<String> COMMANDS = List.of("put", "get", "ls", "rm", "stat", "verify",
      "evict-expired", "clear", "tck", "providers", "completion");

  @Test
  void theScriptNamesEveryCommandAndRegistersItselfForTiercache() throws Exception {
    Result bash = tiercache.run("completion", "bash");

    assertEquals(0, bash.exit(), bash::toString);
    assertEquals("", bash.stderr(), bash::toString);
    for (String command : COMMANDS) {
      assertTrue(bash.stdout().contains(command), () -> command + " is named:\n" + bash);
    }
    assertTrue(bash.stdout().contains("complete -F _complete_tiercache"), bash::toString);
    assertTrue(bash.stdout().contains("ZSH_VERSION"), "the script sets zsh up too");
    Result zsh = tiercache.run("completion", "zsh");
    assertEquals(0, zsh.exit(), zsh::toString);
    assertEquals(bash.stdout(), zsh.stdout(), "one script serves both shells");
  }

  @Test
  void bashCompletesCommandsAndOptionsFromTheScript() throws Exception {
    Result script = tiercache.run("completion");
    assertEquals(0, script.exit(), script::toString);
    Path file = Files.writeString(work.resolve("tiercache.bash"), script.stdout());

    assertEquals(List.of("stat"), complete(file, "tiercache", "st"));
    assertEquals(List.of("evict-expired"), complete(file, "tiercache", "ev"));
    List<String> options = complete(file, "tiercache", "stat", "--st");
    assertEquals(List.of("--stack", "--stack-file"), options.stream().sorted().toList());
    assertFalse(complete(file, "tiercache", "get", "--").contains("--config"),
        "the old, hidden name of --stack-file is not offered");
    assertTrue(complete(file, "tiercache", "tck", "--").contains("--config"),
        "tck's own --config ID:KEY=VALUE is");
  }

  @Test
  void aShellWithoutCompletionIsAUsageError() throws Exception {
    Result fish = tiercache.run("completion", "fish");

    assertEquals(2, fish.exit(), fish::toString);
    assertEquals("tiercache: no completion for shell 'fish': give bash or zsh",
        fish.stderr().strip(), fish::toString);
  }

  @Test
  void theHelpSaysHowToInstallIt() throws Exception {
    Result help = tiercache.run("completion", "--help");

    assertEquals(0, help.exit(), help::toString);
    assertTrue(help.stdout().contains("source <(tiercache completion bash)"), help::toString);
    assertTrue(help.stdout().contains("source <(tiercache completion zsh)"), help::toString);
    assertTrue(help.stdout().contains("~/.local/share/bash-completion/completions/tiercache"),
        help::toString);
    Result root = tiercache.run("--help");
    assertTrue(root.stdout().contains("'tiercache completion --help'"), root::toString);
  }

  /** Asks bash, with the script loaded, what the words complete to, as Tab at their end does. */
  private static List<String> complete(Path script, String... words) throws Exception {
    String line = String.join(" ", words);
    String program = "source \"$1\"; shift; COMP_WORDS=(\"$@\"); COMP_CWORD=$(($# - 1));"
        + " COMP_LINE=\"$*\"; COMP_POINT=${#COMP_LINE}; _complete_tiercache 2>/dev/null;"
        + " printf '%s\\n' \"${COMPREPLY[@]}\"";
    List<String> command = new ArrayList<>(List.of("bash", "-c", program, "bash",
        script.toString()));
    command.addAll(List.of(words));
    Process bash = new ProcessBuilder(command).redirectErrorStream(false).start();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(bash.waitFor(60, TimeUnit.SECONDS), line);
    assertEquals(0, bash.exitValue(), () -> line + ": " + out);
    return out.lines().filter(s -> !s.isEmpty()).toList();
  }
}
