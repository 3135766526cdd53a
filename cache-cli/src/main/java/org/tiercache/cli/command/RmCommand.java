package org.tiercache.cli.command;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.OpenStack;
import org.tiercache.cli.internal.Shown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rm KEY...}: removes entries from every tier, as {@code rm} removes files: silent when it
 * did what was asked, naming each key it could not remove, and {@code -f} for "absent is fine".
 */
@Command(name = "rm", mixinStandardHelpOptions = true,
    header = "Remove entries from every tier.",
    description = {
        "Removes the entry stored under each KEY from every tier of the stack.",
        "Every KEY is checked before anything is removed: one malformed KEY removes nothing"
            + " (exit status 2).",
        "Exit status 0 if every KEY was removed (with --force, also if some were absent); 1 if"
            + " some KEY had no live entry in any tier, each named on standard error ('not"
            + " found'), the others removed; 3 if a tier failed to remove one (the others are"
            + " still tried)."})
final class RmCommand extends StackCommand implements Callable<Integer> {
  @Parameters(paramLabel = "KEY", arity = "1..*",
      description = "Keys as 'put' printed them (sha256:HEX), or bare lowercase hex digests.")
  List<String> keys;

  @Option(names = {"-f", "--force"},
      description = "A KEY no tier holds is not an error, as with rm -f.")
  boolean force;

  @Option(names = {"-v", "--verbose"}, description = "Print 'removed  KEY' for each KEY removed.")
  boolean verbose;

  @Override
  public Integer call() {
    List<ContentKey> parsed = new ArrayList<>(keys.size());
    for (String text : keys) {
      parsed.add(GetCommand.parseKey(text));
    }
    int absent = 0;
    int failed = 0;
    try (OpenStack stack = openStack()) {
      for (ContentKey key : parsed) {
        boolean removed;
        try {
          removed = stack.cache().remove(key);
        } catch (CacheException e) {
          err.println("tiercache: cannot remove " + key + ": " + Shown.text(e.getMessage()));
          failed++;
          continue;
        }
        if (removed) {
          if (verbose) {
            out.println("removed  " + key);
          }
        } else if (!force) {
          err.println("tiercache: not found: " + key);
          absent++;
        }
      }
      out.flush();
    }
    if (failed > 0) {
      return ExitStatus.FAILURE;
    }
    return absent > 0 ? ExitStatus.NO : ExitStatus.OK;
  }
}
