package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs a probe suite through the JUnit Platform test kit and checks how its tests ended. */
final class ProbeRuns {
  private ProbeRuns() {}

  /**
   * Asserts that the probe fails each named rule by an assertion, and returns the failures by
   * test name.
   */
  static Map<String, Throwable> assertCaught(Class<?> probe, String... rules) {
    EngineExecutionResults results = execute(probe);
    Map<String, Throwable> failed = new LinkedHashMap<>();
    results.testEvents().failed().stream().forEach(event -> failed.put(methodName(event),
        throwable(event)));
    for (String rule : rules) {
      assertTrue(failed.containsKey(rule), () -> probe.getSimpleName() + " must fail " + rule
          + "; the tests it failed: " + failed.keySet());
      Throwable failure = failed.get(rule);
      assertInstanceOf(AssertionError.class, failure, () -> probe.getSimpleName() + " must fail "
          + rule + " by an assertion of the rule, not by " + failure);
    }
    return failed;
  }

  /** Asserts that every test of the probe is aborted, saying why. */
  static void assertAllSkipped(Class<?> probe, String why) {
    EngineExecutionResults results = execute(probe);
    long tests = results.testEvents().started().count();
    assertTrue(tests > 0, "the suite must hold tests");
    assertEquals(tests, results.testEvents().aborted().count(), () -> "every test of "
        + probe.getSimpleName() + " must be aborted (skipped as not applicable); failed: "
        + results.testEvents().failed().stream().map(ProbeRuns::methodName).toList());
    results.testEvents().aborted().stream().forEach(event -> assertTrue(
        throwable(event).getMessage().contains(why),
        () -> "the abort must say why: " + throwable(event).getMessage()));
  }

  static EngineExecutionResults execute(Class<?> probe) {
    return EngineTestKit.engine("junit-jupiter").selectors(selectClass(probe)).execute();
  }

  static String methodName(Event event) {
    return event.getTestDescriptor().getSource()
        .filter(MethodSource.class::isInstance)
        .map(source -> ((MethodSource) source).getMethodName())
        .orElse(event.getTestDescriptor().getDisplayName());
  }

  static Throwable throwable(Event event) {
    return event.getPayload(TestExecutionResult.class)
        .flatMap(TestExecutionResult::getThrowable)
        .orElseThrow(() -> new AssertionError("no throwable in " + event));
  }
}
