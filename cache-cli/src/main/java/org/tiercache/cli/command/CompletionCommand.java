package org.tiercache.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tiercache.cli.internal.CommandFailure;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.Shown;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code completion}: prints the shell completion script picocli generates from the command's own
 * model ({@link AutoComplete}), so commands, options and their files complete as they are today.
 * One script serves both shells: it is bash, and under zsh it loads zsh's bash emulation
 * ({@code bashcompinit}) itself.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
    header = "Print a shell completion script (bash or zsh).",
    description = {
        "Prints a script that completes tiercache's commands, options and file names when you"
            + " press Tab. The completion is for the name 'tiercache': put the launcher on your"
            + " PATH first (a symbolic link works), e.g.",
        "",
        "  ln -s \"$PWD/tiercache\" ~/.local/bin/tiercache",
        "",
        "bash, for the current shell:",
        "",
        "  source <(tiercache completion bash)",
        "",
        "bash, for every new shell (with the bash-completion package):",
        "",
        "  tiercache completion bash \\",
        "    > ~/.local/share/bash-completion/completions/tiercache",
        "",
        "zsh: add this line to ~/.zshrc:",
        "",
        "  source <(tiercache completion zsh)",
        "",
        "Print the script again after an upgrade: it lists the commands and options of the"
            + " version that printed it."})
final class CompletionCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SHELL", arity = "0..1", defaultValue = "bash",
      completionCandidates = Shells.class,
      description = "bash (the default) or zsh; both get the same script.")
  String shell;

  @Spec
  CommandSpec spec;

  /** The shells the script serves, for the parameter's own completion. */
  static final class Shells extends ArrayList<String> {
    private static final long serialVersionUID = 1L;

    Shells() {
      super(List.of("bash", "zsh"));
    }
  }

  @Override
  public Integer call() {
    if (!shell.equals("bash") && !shell.equals("zsh")) {
      throw CommandFailure.usage("no completion for shell '"
          + Shown.text(shell) + "': give bash or zsh");
    }
    String script = AutoComplete.bash("tiercache", spec.root().commandLine());
    System.out.print(script);
    System.out.flush();
    return ExitStatus.OK;
  }
}
