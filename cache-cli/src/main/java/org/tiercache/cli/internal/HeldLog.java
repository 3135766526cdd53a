package org.tiercache.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds the lines logged on standard error while a command does one thing, so that the command can
 * say once what a tier also logged: {@code get} of a damaged entry prints one line,
 * {@code tiercache: not found: KEY (tier 'disk' held a damaged copy, now removed ...)}, where the
 * disk tier's WARN line about the same key and file would come first.
 *
 * <p>slf4j-simple, set up by {@code Main} to write to {@code System.err}, looks that stream up at
 * each line, so replacing {@code System.err} holds the tiers' lines; the command's own messages go to
 * the stream it took before. On {@link #release()} the held lines are printed in order, except those
 * the command said itself ({@link #drop(String)}). With {@code --debug} nothing is held: every line
 * is wanted.
 */
public final class HeldLog implements AutoCloseable {
  private final PrintStream original;
  private final ByteArrayOutputStream held;
  private final List<String> dropped = new ArrayList<>();
  private boolean released;

  private HeldLog(PrintStream original, ByteArrayOutputStream held) {
    this.original = original;
    this.held = held;
  }

  /**
   * Starts holding what is logged on standard error.
   *
   * @param debug {@code --debug}: then nothing is held
   * @return the hold, to release or close
   */
  public static HeldLog start(boolean debug) {
    if (debug) {
      return new HeldLog(null, null);
    }
    HeldLog log = new HeldLog(System.err, new ByteArrayOutputStream());
    System.setErr(new PrintStream(log.held, true, StandardCharsets.UTF_8));
    return log;
  }

  /**
   * Says that held lines holding a text were said by the command: they are not printed.
   *
   * @param text a text the lines hold, such as the key of the entry the command reported on
   */
  public void drop(String text) {
    dropped.add(text);
  }

  /**
   * Stops holding and prints the held lines that were not dropped, on the standard error there was
   * before; later calls do nothing.
   */
  public void release() {
    if (released || original == null) {
      released = true;
      return;
    }
    released = true;
    System.err.flush();
    System.setErr(original);
    String text;
    synchronized (held) {
      text = held.toString(StandardCharsets.UTF_8);
    }
    text.lines().filter(line -> dropped.stream().noneMatch(line::contains))
        .forEach(original::println);
    original.flush();
  }

  @Override
  public void close() {
    release();
  }
}
