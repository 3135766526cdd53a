package org.tiercache.testlog;

import java.util.Objects;
import org.slf4j.event.Level;

/**
 * One logging call: where, how severe, the message with its arguments filled in, and the
 * exception logged with it.
 *
 * @param thread the name of the thread that logged it
 * @param logger the logger's name
 * @param level the level
 * @param message the formatted message
 * @param throwable the exception logged with it, or {@code null}
 */
public record LogEvent(String thread, String logger, Level level, String message,
    Throwable throwable) {
  /** Checks that every part but the throwable is present. */
  public LogEvent {
    Objects.requireNonNull(thread, "thread");
    Objects.requireNonNull(logger, "logger");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(message, "message");
  }

  /**
   * The message followed by the exception's {@code toString()} and those of its causes, which is
   * what {@link CapturedLog#expect} searches.
   *
   * @return the text of the event
   */
  public String text() {
    StringBuilder text = new StringBuilder(message);
    for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
      text.append(" | ").append(t);
    }
    return text.toString();
  }

  /**
   * The event as slf4j-simple prints it: {@code [thread] LEVEL logger - message}.
   *
   * @return one line
   */
  @Override
  public String toString() {
    return "[" + thread + "] " + level + " " + logger + " - " + message;
  }
}
