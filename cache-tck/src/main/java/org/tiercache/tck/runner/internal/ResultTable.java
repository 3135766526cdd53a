package org.tiercache.tck.runner.internal;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Counts the outcome of every test per tier and rule group, keeps each failure's message, and
 * prints them as the runner's table.
 *
 * <p>Listen to one launch per tier: call {@link #forTier} before each launch and pass the listener
 * it returns.
 */
public final class ResultTable {
  private final Map<String, String> groupsByClass;
  private final List<String> groups;
  // Rows in the order tiers were checked, groups in suite order within a tier.
  private final Map<String, Map<String, Row>> rows = new LinkedHashMap<>();
  private final List<Failure> failures = new ArrayList<>();

  /**
   * Creates an empty table.
   *
   * @param groupsByClass the rule group of each suite class, by class name, in display order
   */
  public ResultTable(Map<String, String> groupsByClass) {
    this.groupsByClass = Map.copyOf(groupsByClass);
    this.groups = List.copyOf(new LinkedHashMap<>(groupsByClass).values());
  }

  /**
   * Starts the rows of a tier and returns the listener that fills them during its launch.
   *
   * @param tierId the tier being checked
   * @return a listener for that tier's launch
   */
  public TestExecutionListener forTier(String tierId) {
    Map<String, Row> tierRows = new LinkedHashMap<>();
    for (String group : groups) {
      tierRows.put(group, new Row());
    }
    rows.put(tierId, tierRows);
    return new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
          Row row = row(tierRows, test);
          row.skipped++;
          row.note(reason);
        }
      }

      @Override
      public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest() && result.getStatus() != TestExecutionResult.Status.FAILED) {
          return;
        }
        Row row = row(tierRows, test);
        switch (result.getStatus()) {
          case SUCCESSFUL:
            if (test.isTest()) {
              row.passed++;
            }
            break;
          case ABORTED:
            if (test.isTest()) {
              row.skipped++;
              row.note(result.getThrowable().map(ResultTable::abortReason).orElse("aborted"));
            }
            break;
          case FAILED:
          default:
            // A failed container (a suite that cannot be instantiated, an engine error) fails
            // tests that never ran, so it counts as a failure too.
            row.failed++;
            failures.add(new Failure(tierId, groupOf(test), nameOf(test),
                result.getThrowable().map(ResultTable::describe).orElse("failed")));
            break;
        }
      }
    };
  }

  /**
   * Returns the number of failures recorded over every tier.
   *
   * @return the failure count
   */
  public int failureCount() {
    return failures.size();
  }

  /**
   * Returns the number of tests that passed over every tier.
   *
   * @return the passed count
   */
  public int passedCount() {
    return rows.values().stream().flatMap(r -> r.values().stream()).mapToInt(r -> r.passed).sum();
  }

  /**
   * Returns the number of tests skipped (not applicable to the tier) over every tier.
   *
   * @return the skipped count
   */
  public int skippedCount() {
    return rows.values().stream().flatMap(r -> r.values().stream()).mapToInt(r -> r.skipped).sum();
  }

  /**
   * Returns the number of tests recorded over every tier, whatever their outcome.
   *
   * @return the test count
   */
  public int testCount() {
    return rows.values().stream()
        .flatMap(r -> r.values().stream())
        .mapToInt(r -> r.passed + r.failed + r.skipped)
        .sum();
  }

  /**
   * Prints the table, then every failure with its tier, rule group, test and message.
   *
   * @param out where to print
   */
  public void print(PrintWriter out) {
    int tierWidth = Math.max(4, rows.keySet().stream().mapToInt(String::length).max().orElse(0));
    int groupWidth = Math.max(5, groups.stream().mapToInt(String::length).max().orElse(0));
    String format = "%-" + tierWidth + "s  %-" + groupWidth + "s  %6s  %6s  %7s%s%n";
    out.printf(format, "tier", "rules", "passed", "failed", "skipped", "");
    rows.forEach((tier, tierRows) -> tierRows.forEach((group, row) -> {
      String note = row.passed == 0 && row.failed == 0 && row.note != null ? "  " + row.note : "";
      out.printf(format, tier, group, row.passed, row.failed, row.skipped, note);
    }));
    if (!failures.isEmpty()) {
      out.println();
      out.println("failures (" + failures.size() + "):");
      for (Failure f : failures) {
        out.println("  " + f.tier + " " + f.group + " " + f.test + ": " + f.message);
      }
    }
  }

  private Row row(Map<String, Row> tierRows, TestIdentifier test) {
    return tierRows.computeIfAbsent(groupOf(test), g -> new Row());
  }

  private String groupOf(TestIdentifier test) {
    return className(test.getSource()).map(groupsByClass::get).orElse("engine");
  }

  private static Optional<String> className(Optional<TestSource> source) {
    return source.map(s -> s instanceof MethodSource ? ((MethodSource) s).getClassName()
        : s instanceof ClassSource ? ((ClassSource) s).getClassName() : null);
  }

  private static String nameOf(TestIdentifier test) {
    return test.getSource()
        .filter(MethodSource.class::isInstance)
        .map(s -> ((MethodSource) s).getMethodName())
        .orElse(test.getDisplayName() + " (container)");
  }

  // An assertion's message is the whole story; anything else thrown by a tier is a bug in it, so
  // its type and where it came from matter as much as its message.
  private static String describe(Throwable failure) {
    String message = String.valueOf(failure.getMessage());
    if (failure instanceof AssertionError) {
      return message;
    }
    StackTraceElement[] trace = failure.getStackTrace();
    String at = trace.length == 0 ? "" : " at " + trace[0];
    return failure.getClass().getName() + ": " + message + at;
  }

  // JUnit prefixes the reason an assumption gives; the table shows the reason alone.
  private static String abortReason(Throwable abort) {
    String message = String.valueOf(abort.getMessage());
    String prefix = "Assumption failed: ";
    return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
  }

  private static final class Row {
    int passed;
    int failed;
    int skipped;
    String note;

    void note(String reason) {
      if (note == null && reason != null) {
        note = reason;
      }
    }
  }

  private static final class Failure {
    final String tier;
    final String group;
    final String test;
    final String message;

    Failure(String tier, String group, String test, String message) {
      this.tier = tier;
      this.group = group;
      this.test = test;
      this.message = message;
    }
  }
}
