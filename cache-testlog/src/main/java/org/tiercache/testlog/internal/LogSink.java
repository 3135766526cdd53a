package org.tiercache.testlog.internal;

import java.io.PrintStream;
import java.util.function.Consumer;
import org.slf4j.event.Level;
import org.tiercache.testlog.LogEvent;

/**
 * Where every event goes: to the capture of the running test if there is one, else to standard
 * error at INFO and above.
 */
public final class LogSink {
  /** The test's capture; {@code null} outside one. Tests of one JVM run one at a time. */
  private static volatile Consumer<LogEvent> capture;

  private LogSink() {}

  /**
   * Sends every event to {@code consumer} until {@link #release()}.
   *
   * @param consumer the capture, called on the logging thread
   */
  public static void capture(Consumer<LogEvent> consumer) {
    capture = consumer;
  }

  /** Ends the capture: events are printed again. */
  public static void release() {
    capture = null;
  }

  static void log(LogEvent event) {
    Consumer<LogEvent> current = capture;
    if (current != null) {
      current.accept(event);
    } else if (event.level().toInt() >= PrintLevels.INSTANCE.threshold(event.logger())) {
      print(event);
    }
  }

  /**
   * Prints the event on standard error as slf4j-simple does, its exception's trace after it.
   *
   * @param event the event
   */
  public static void print(LogEvent event) {
    PrintStream err = System.err;
    synchronized (err) {
      err.println(event);
      if (event.throwable() != null) {
        event.throwable().printStackTrace(err);
      }
    }
  }
}
