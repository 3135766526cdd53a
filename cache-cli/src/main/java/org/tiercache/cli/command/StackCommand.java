package org.tiercache.cli.command;

import java.io.PrintStream;
import org.tiercache.cli.internal.OpenStack;
import org.tiercache.cli.internal.Terminal;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** What every command that works on a stack shares: choosing it, opening it, where to print. */
abstract class StackCommand {
  @Mixin
  CacheOptions cacheOptions;

  @ParentCommand
  TiercacheCommand root;

  /** Standard output: keys, tables, JSON and content. */
  final PrintStream out = System.out;

  /** Standard error: messages and progress. */
  final PrintStream err = System.err;

  /**
   * Opens the stack the options name.
   *
   * @return the open stack, which the caller closes
   */
  OpenStack openStack() {
    return cacheOptions.plan().open();
  }

  /**
   * Tells whether a progress bar may be shown: standard error is a terminal and
   * {@code --no-progress} was not given.
   *
   * @return whether to show progress
   */
  boolean progressWanted() {
    return !root.noProgress && Terminal.stderrIsTerminal();
  }
}
