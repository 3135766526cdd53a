package org.tiercache.redis;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what is written to {@code System.err} while open: the test logger (slf4j-simple, which
 * looks {@code System.err} up at every line) writes there, so a test can assert on the logs its
 * calls produce, and they stay out of the build's output. Public for the tests of the internal
 * package.
 */
public final class StandardErrorCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

  private StandardErrorCapture() {
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
  }

  /** Starts capturing. */
  public static StandardErrorCapture start() {
    return new StandardErrorCapture();
  }

  /** Returns what was written so far. */
  public String text() {
    System.err.flush();
    return captured.toString(StandardCharsets.UTF_8);
  }

  /** Stops capturing: {@code System.err} is what it was. */
  @Override
  public void close() {
    System.setErr(original);
  }
}
