package org.tiercache.testlog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.event.Level;
import org.tiercache.testlog.internal.LogSink;

/**
 * Captures what a test logs through SLF4J, so that a test that provokes a warning on purpose
 * asserts it instead of printing it.
 *
 * <p>With {@code @ExtendWith(CapturedLog.class)} on a test class, everything logged while each of
 * its tests runs (on any thread) is captured; a test takes a {@code CapturedLog} parameter and
 * claims the events it expects with {@link #expect}. After the test, the captured WARN and ERROR
 * events that no {@code expect} claimed are printed on standard error, so a warning nobody
 * expected still shows; the rest are dropped. Outside a capture, events at INFO and above are
 * printed as slf4j-simple prints them.
 */
public final class CapturedLog implements BeforeEachCallback, AfterEachCallback,
    ParameterResolver {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(CapturedLog.class);

  private final List<LogEvent> events = new ArrayList<>();
  private final List<LogEvent> claimed = new ArrayList<>();

  /** For JUnit ({@code @ExtendWith(CapturedLog.class)}); a test gets its instance as parameter. */
  public CapturedLog() {}

  /**
   * Claims the first unclaimed event at {@code level} whose text (message and exception) holds
   * every one of {@code fragments}.
   *
   * @param level the level the event must have
   * @param fragments texts the event must hold
   * @return the event
   * @throws AssertionError if no such event was logged, listing those that were
   */
  public LogEvent expect(Level level, String... fragments) {
    LogEvent event = find(level, fragments);
    if (event == null) {
      throw new AssertionError("expected a " + level + " event holding "
          + Arrays.toString(fragments) + "; logged: " + describe());
    }
    synchronized (claimed) {
      claimed.add(event);
    }
    return event;
  }

  /**
   * Claims every unclaimed event at {@code level} whose text holds every one of
   * {@code fragments}; there must be at least one.
   *
   * @param level the level the events must have
   * @param fragments texts each event must hold
   * @return the events, at least one
   * @throws AssertionError if there is none, listing the events logged
   */
  public List<LogEvent> expectAll(Level level, String... fragments) {
    List<LogEvent> found = new ArrayList<>();
    for (LogEvent event = find(level, fragments); event != null;
        event = find(level, fragments)) {
      synchronized (claimed) {
        claimed.add(event);
      }
      found.add(event);
    }
    if (found.isEmpty()) {
      throw new AssertionError("expected " + level + " events holding "
          + Arrays.toString(fragments) + "; logged: " + describe());
    }
    return found;
  }

  /**
   * Every event captured so far, claimed or not.
   *
   * @return a copy, in the order logged
   */
  public List<LogEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }

  private LogEvent find(Level level, String... fragments) {
    for (LogEvent event : events()) {
      if (event.level() == level && !isClaimed(event)
          && Arrays.stream(fragments).allMatch(event.text()::contains)) {
        return event;
      }
    }
    return null;
  }

  private boolean isClaimed(LogEvent event) {
    synchronized (claimed) {
      return claimed.stream().anyMatch(c -> c == event);
    }
  }

  private String describe() {
    List<LogEvent> all = events();
    return all.isEmpty() ? "nothing" : all.stream().map(e -> e + textOfThrowable(e))
        .collect(Collectors.joining("\n  ", "\n  ", ""));
  }

  private static String textOfThrowable(LogEvent event) {
    return event.throwable() == null ? "" : " | " + event.throwable();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    CapturedLog log = new CapturedLog();
    context.getStore(NAMESPACE).put(CapturedLog.class, log);
    LogSink.capture(event -> {
      synchronized (log.events) {
        log.events.add(event);
      }
    });
  }

  @Override
  public void afterEach(ExtensionContext context) {
    LogSink.release();
    CapturedLog log = context.getStore(NAMESPACE).remove(CapturedLog.class, CapturedLog.class);
    if (log == null) {
      return;
    }
    List<LogEvent> unexpected = log.events().stream()
        .filter(e -> e.level().toInt() >= Level.WARN.toInt() && !log.isClaimed(e)).toList();
    if (!unexpected.isEmpty()) {
      System.err.println(context.getRequiredTestClass().getSimpleName() + "."
          + context.getDisplayName() + " logged, and did not expect:");
      unexpected.forEach(LogSink::print);
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == CapturedLog.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context.getStore(NAMESPACE).get(CapturedLog.class, CapturedLog.class);
  }
}
