package org.tiercache.cli.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a run of the compatibility kit's runner, read back from the table it prints, for
 * {@code tck --json}.
 *
 * <p>{@code TckRunner.run} returns only an exit status and prints its results as text (one row per
 * tier and rule group: tier, rules, passed, failed, skipped, an optional note; then
 * {@code failures (N):} and a line per failure, {@code tier group test: message}; then a
 * {@code PASSED:}, {@code FAILED:} or {@code error:} line; before the table, a line
 * {@code failed to load: CLASS at JAR: REASON} per tier provider that did not load). That documented table is parsed here.
 * Were the runner to return a structured result, this class would go.
 */
public final class TckOutcome {
  private TckOutcome() {}

  /**
   * Reads the runner's printed output.
   *
   * @param text what the runner printed
   * @param status the exit status it returned
   * @return a map for {@link Json#write}: status, exitCode, tests, passed, failed, skipped, tiers,
   *     failures, loadFailures, summary, errors
   */
  public static Map<String, Object> parse(String text, int status) {
    Map<String, Map<String, Object>> tiers = new LinkedHashMap<>();
    List<Object> failures = new ArrayList<>();
    List<Object> errors = new ArrayList<>();
    List<Object> loadFailures = new ArrayList<>();
    String summary = null;
    long passed = 0;
    long failed = 0;
    long skipped = 0;
    boolean inTable = false;
    boolean inFailures = false;
    for (String line : (Iterable<String>) text.lines()::iterator) {
      String trimmed = line.trim();
      if (trimmed.startsWith("tier ") && trimmed.contains("passed") && trimmed.contains("skipped")) {
        inTable = true;
        continue;
      }
      if (trimmed.isEmpty()) {
        inTable = false;
        continue;
      }
      if (trimmed.matches("failures \\(\\d+\\):")) {
        inFailures = true;
        continue;
      }
      if (trimmed.startsWith("PASSED:") || trimmed.startsWith("FAILED:")) {
        summary = trimmed;
        inFailures = false;
        continue;
      }
      if (trimmed.startsWith("failed to load: ")
          || trimmed.startsWith("not checked, failed to load: ")) {
        loadFailures.add(trimmed.substring(trimmed.indexOf("failed to load: ")
            + "failed to load: ".length()));
        continue;
      }
      if (trimmed.startsWith("error:")) {
        errors.add(trimmed.substring("error:".length()).trim());
        continue;
      }
      if (inTable) {
        String[] cells = trimmed.split("\\s+", 6);
        if (cells.length >= 5 && cells[2].matches("\\d+")) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("rules", cells[1]);
          row.put("passed", Long.parseLong(cells[2]));
          row.put("failed", Long.parseLong(cells[3]));
          row.put("skipped", Long.parseLong(cells[4]));
          row.put("note", cells.length == 6 ? cells[5] : null);
          passed += Long.parseLong(cells[2]);
          failed += Long.parseLong(cells[3]);
          skipped += Long.parseLong(cells[4]);
          Map<String, Object> tier = tiers.computeIfAbsent(cells[0], id -> {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("tier", id);
            t.put("rules", new ArrayList<Object>());
            return t;
          });
          @SuppressWarnings("unchecked")
          List<Object> rules = (List<Object>) tier.get("rules");
          rules.add(row);
        }
        continue;
      }
      if (inFailures && line.startsWith("  ")) {
        String[] head = trimmed.split("\\s+", 3);
        if (head.length == 3) {
          int colon = head[2].indexOf(": ");
          Map<String, Object> failure = new LinkedHashMap<>();
          failure.put("tier", head[0]);
          failure.put("rules", head[1]);
          failure.put("test", colon < 0 ? head[2] : head[2].substring(0, colon));
          failure.put("message", colon < 0 ? null : head[2].substring(colon + 2));
          failures.add(failure);
        }
      }
    }
    Map<String, Object> outcome = new LinkedHashMap<>();
    outcome.put("status", status == 0 ? "passed" : status == 1 ? "failed" : "not-run");
    outcome.put("exitCode", status);
    outcome.put("tests", passed + failed + skipped);
    outcome.put("passed", passed);
    outcome.put("failed", failed);
    outcome.put("skipped", skipped);
    outcome.put("tiers", new ArrayList<Object>(tiers.values()));
    outcome.put("failures", failures);
    outcome.put("loadFailures", loadFailures);
    outcome.put("summary", summary);
    outcome.put("errors", errors);
    return outcome;
  }
}
