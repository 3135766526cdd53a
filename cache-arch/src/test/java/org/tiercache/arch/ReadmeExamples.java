package org.tiercache.arch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shell examples of one README, as the README's source marks them.
 *
 * <p>An example is a line of a {@code ```sh} block, or a line starting with {@code $ } in any other
 * fenced block (a transcript); a line ending in {@code \} goes on with the next; comment lines
 * ({@code #}) are not examples. Every example is run, except:
 *
 * <ul>
 *   <li>a {@code ./mvnw} line: it builds the project, and the test runs inside that build;
 *   <li>a line a marker skips, by design, with a reason:
 *       {@code <!-- example: skip "TEXT": REASON -->} before the block skips its lines holding TEXT,
 *       {@code <!-- example: skip: REASON -->} the whole block.
 * </ul>
 *
 * <p>{@code <!-- example: setup COMMAND -->} before a block runs COMMAND first, unseen by readers
 * (a file the example reads). {@code <!-- example: output -->} before a fenced block says that
 * block is what the block above printed; {@code <!-- example: output of "TEXT" -->}, what the last
 * example line holding TEXT printed. There {@code ...} stands for any text within a line and, alone
 * on a line, for any lines; runs of spaces match runs of spaces.
 */
final class ReadmeExamples {
  private static final Pattern MARKER = Pattern.compile("^<!-- example: (.*?) -->$");
  private static final Pattern SKIP = Pattern.compile("^skip(?: \"([^\"]+)\")?: (.+)$");
  private static final Pattern OUTPUT = Pattern.compile("^output(?: of \"([^\"]+)\")?$");

  /** Why a line is not run, or {@code null} for a line that is. */
  record Example(int line, String command, String notRunBecause) {
    boolean runs() {
      return notRunBecause == null;
    }

    boolean skippedByMarker() {
      return notRunBecause != null && !notRunBecause.equals(BUILD);
    }
  }

  /** A fenced block holding examples, with the hidden setup that precedes it. */
  record Block(int line, List<String> setup, List<Example> examples) {}

  /** A fenced block that shows what an example printed. */
  record Output(int line, String source, List<String> expected) {}

  static final String BUILD =
      "builds the project (./mvnw): the test runs inside that build";

  final Path file;
  final List<Block> blocks = new ArrayList<>();
  final List<Output> outputs = new ArrayList<>();
  /** Items in the order of the document, blocks and outputs interleaved. */
  final List<Object> items = new ArrayList<>();
  /** Skip markers that skipped nothing: stale, so an error. */
  final List<String> unusedSkips = new ArrayList<>();

  private ReadmeExamples(Path file) {
    this.file = file;
  }

  static ReadmeExamples read(Path file) throws IOException {
    ReadmeExamples readme = new ReadmeExamples(file);
    readme.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
    return readme;
  }

  private void parse(List<String> lines) {
    List<String> markers = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i).strip();
      Matcher marker = MARKER.matcher(text);
      if (marker.matches()) {
        markers.add(marker.group(1));
        continue;
      }
      if (!text.startsWith("```")) {
        if (!text.isEmpty()) {
          markers.clear();
        }
        continue;
      }
      boolean shell = text.equals("```sh");
      int start = i + 1;
      int end = start;
      while (end < lines.size() && !lines.get(end).strip().equals("```")) {
        end++;
      }
      List<String> body = lines.subList(start, end);
      String output = outputMarker(markers);
      if (output != null) {
        outputs.add(new Output(start, output.isEmpty() ? null : output, List.copyOf(body)));
        items.add(outputs.get(outputs.size() - 1));
      } else {
        Block block = block(start, body, shell, markers);
        if (!block.examples().isEmpty()) {
          blocks.add(block);
          items.add(block);
        }
      }
      markers.clear();
      i = end;
    }
  }

  private static String outputMarker(List<String> markers) {
    for (String marker : markers) {
      Matcher output = OUTPUT.matcher(marker);
      if (output.matches()) {
        return output.group(1) == null ? "" : output.group(1);
      }
    }
    return null;
  }

  private Block block(int start, List<String> body, boolean shell, List<String> markers) {
    List<String> setup = new ArrayList<>();
    List<String[]> skips = new ArrayList<>();
    for (String marker : markers) {
      Matcher skip = SKIP.matcher(marker);
      if (marker.startsWith("setup ")) {
        setup.add(marker.substring("setup ".length()));
      } else if (skip.matches()) {
        skips.add(new String[] {skip.group(1), skip.group(2), "unused"});
      } else {
        throw new IllegalStateException(file + ": line " + start + ": unknown marker '" + marker
            + "' (known: setup COMMAND, skip \"TEXT\": REASON, skip: REASON, output, output of \"TEXT\")");
      }
    }
    List<Example> examples = new ArrayList<>();
    for (int j = 0; j < body.size(); j++) {
      int number = start + j + 1;
      String line = body.get(j).strip();
      if (!shell) {
        if (!line.startsWith("$ ")) {
          continue;
        }
        line = line.substring(2);
      }
      while (line.endsWith("\\") && j + 1 < body.size()) {
        line = line.substring(0, line.length() - 1).strip() + " " + body.get(++j).strip();
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      examples.add(new Example(number, line, notRunBecause(line, skips)));
    }
    for (String[] skip : skips) {
      if (skip[2].equals("unused")) {
        unusedSkips.add(file + ": line " + start + ": skip marker "
            + (skip[0] == null ? "for the block" : "\"" + skip[0] + "\"") + " skips no example");
      }
    }
    return new Block(start, List.copyOf(setup), List.copyOf(examples));
  }

  private static String notRunBecause(String line, List<String[]> skips) {
    if (line.startsWith("./mvnw")) {
      return BUILD;
    }
    for (String[] skip : skips) {
      if (skip[0] == null || line.contains(skip[0])) {
        skip[2] = "used";
        return skip[1];
      }
    }
    return null;
  }

  /**
   * Whether {@code actual} shows {@code expected}: its lines, in order and consecutive, somewhere in
   * {@code actual}, where {@code ...} stands for any text in a line, or alone for any lines.
   */
  static boolean shows(List<String> actual, List<String> expected) {
    List<String> lines = actual.stream().map(ReadmeExamples::spaces).toList();
    List<String> wanted = expected.stream().map(ReadmeExamples::spaces)
        .dropWhile(String::isEmpty).toList();
    for (int from = 0; from <= lines.size(); from++) {
      if (matches(lines, from, wanted, 0)) {
        return true;
      }
    }
    return false;
  }

  private static boolean matches(List<String> lines, int at, List<String> wanted, int w) {
    if (w == wanted.size()) {
      return true;
    }
    if (wanted.get(w).equals("...")) {
      for (int skip = at; skip <= lines.size(); skip++) {
        if (matches(lines, skip, wanted, w + 1)) {
          return true;
        }
      }
      return false;
    }
    return at < lines.size() && lineMatches(lines.get(at), wanted.get(w))
        && matches(lines, at + 1, wanted, w + 1);
  }

  private static boolean lineMatches(String line, String wanted) {
    StringBuilder regex = new StringBuilder();
    for (String part : wanted.split("\\.\\.\\.", -1)) {
      if (regex.length() > 0) {
        regex.append(".*");
      }
      regex.append(Pattern.quote(part));
    }
    return line.matches(regex.toString());
  }

  private static String spaces(String line) {
    return line.strip().replaceAll("\\s+", " ");
  }
}
