package org.tiercache.cli.command;

import java.io.Console;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tiercache.cli.internal.CommandFailure;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.HumanBytes;
import org.tiercache.cli.internal.OpenStack;
import org.tiercache.cli.internal.Shown;
import org.tiercache.cli.internal.Terminal;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code clear}: removes every entry, after asking. */
@Command(name = "clear", mixinStandardHelpOptions = true,
    header = "Remove every entry of every tier.",
    description = {"Removes every entry of every tier of the stack. Asks first on a terminal;"
        + " elsewhere (a script, cron) it refuses with exit status 2 unless --yes is given."})
final class ClearCommand extends StackCommand implements Callable<Integer> {
  @Option(names = {"-y", "--yes"}, description = "Do not ask.")
  boolean yes;

  @Override
  public Integer call() {
    Console console = Terminal.interactiveConsole();
    if (!yes && console == null) {
      throw CommandFailure.usage("clear removes every entry: give --yes to confirm (there is no"
          + " terminal to ask on)");
    }
    try (OpenStack stack = openStack()) {
      long entries = stack.cache().entryCount();
      String bytes = HumanBytes.format(stack.cache().sizeBytes());
      if (!yes) {
        String answer = console.readLine("Remove %d entries (%s) of %s? [y/N] ", entries, bytes,
            Shown.text(stack.plan()));
        if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
          err.println("tiercache: nothing removed");
          return ExitStatus.NO;
        }
      }
      stack.cache().clear();
      out.println(entries + " entries (" + bytes + ") removed");
      out.flush();
    }
    return ExitStatus.OK;
  }
}
