package org.tiercache.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Lets the stack options come before the command, as in {@code tiercache --stack SPEC stat}: they
 * belong to the commands that open a stack, so they are moved to just after the command's name,
 * where the parser looks for them. Everything else keeps its place, so a misplaced option still gets
 * the parser's own error.
 */
public final class LeadingOptions {
  /** The options that take a value and choose the stack ({@code --config}: its old name). */
  private static final Set<String> STACK_OPTIONS = Set.of(
      "--stack", "--stack-file", "--dir", "--config");

  private LeadingOptions() {}

  /**
   * Moves stack options found before the first word that is not an option to just after it.
   *
   * @param args the command line
   * @return the command line the parser reads; {@code args} itself if there is nothing to move
   */
  public static String[] moveAfterCommand(String... args) {
    List<String> moved = new ArrayList<>();
    List<String> before = new ArrayList<>();
    int i = 0;
    while (i < args.length && args[i].startsWith("-")) {
      String arg = args[i];
      String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
      if (STACK_OPTIONS.contains(name)) {
        moved.add(arg);
        if (!arg.contains("=") && i + 1 < args.length) {
          moved.add(args[++i]);
        }
      } else {
        before.add(arg);
      }
      i++;
    }
    if (moved.isEmpty() || i == args.length) {
      return args;
    }
    List<String> result = new ArrayList<>(before);
    result.add(args[i]);
    result.addAll(moved);
    for (int j = i + 1; j < args.length; j++) {
      result.add(args[j]);
    }
    return result.toArray(String[]::new);
  }
}
