package org.tiercache.cli.internal;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Words a command-line error as git does for a mistyped command: {@code unknown command
 * 'frobnicate'; did you mean 'get'?} and the list of commands, instead of picocli's
 * {@code Unmatched argument at index 0}.
 */
public final class UnknownCommand {
  private UnknownCommand() {}

  /**
   * Returns the one-line message for a command-line error.
   *
   * @param e picocli's refusal
   * @return an unknown command's message, or picocli's own message for anything else
   */
  public static String describe(ParameterException e) {
    CommandLine line = e.getCommandLine();
    if (!(e instanceof UnmatchedArgumentException unmatched) || line.getParent() != null
        || line.getSubcommands().isEmpty() || unmatched.getUnmatched().isEmpty()) {
      return e.getMessage();
    }
    String typed = unmatched.getUnmatched().get(0);
    if (typed.startsWith("-")) {
      return e.getMessage();
    }
    // picocli suggests by shared letter pairs, which misses a swapped pair ('gte'): near names by
    // edit distance too, as git does.
    List<String> suggestions = line.getSubcommands().keySet().stream()
        .filter(name -> unmatched.getSuggestions().contains(name) || distance(typed, name) <= 2)
        .toList();
    String commands = String.join(", ", line.getSubcommands().keySet());
    return "unknown command '" + typed + "'"
        + (suggestions.isEmpty() ? "" : "; did you mean '" + String.join("' or '", suggestions)
            + "'?")
        + " (commands: " + commands + ")";
  }

  /** The optimal string alignment distance: edits, with a swap of two neighbours as one. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
