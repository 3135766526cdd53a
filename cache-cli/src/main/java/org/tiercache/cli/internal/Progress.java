package org.tiercache.cli.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on standard error (progressbar, drawn through JLine), or nothing.
 *
 * <p>Shown only when standard error is a terminal, so a script's or a log's output never holds bar
 * drawings ({@link Terminal#stderrIsTerminal()}).
 *
 * <p>While a bar is drawn, lines for standard error, and for standard output when it shares the
 * terminal ({@link #println}), wait until the bar is done: the bar redraws the line above the
 * cursor, so a line printed under it would be drawn over.
 */
public final class Progress implements AutoCloseable {
  private final ProgressBar bar;
  private final PrintStream out;
  private final List<Runnable> deferred = new ArrayList<>();

  private Progress(ProgressBar bar, PrintStream out) {
    this.bar = bar;
    this.out = out;
  }


  /**
   * Starts a bar over a number of bytes, shown in MB.
   *
   * @param task what is being done, such as {@code put}
   * @param totalBytes the bytes to go through
   * @param show whether to show it (the caller's threshold, a terminal, no {@code --no-progress})
   * @param out standard output
   * @return the bar, or one that shows nothing
   */
  public static Progress bytes(String task, long totalBytes, boolean show, PrintStream out) {
    if (!show) {
      return new Progress(null, out);
    }
    return new Progress(new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(totalBytes)
        .setUnit(" MB", 1L << 20)
        .setStyle(ProgressBarStyle.ASCII)
        .showSpeed()
        .continuousUpdate()
        .build(), out);
  }

  /**
   * Moves the bar on.
   *
   * @param n bytes done
   */
  public void stepBy(long n) {
    if (bar != null) {
      bar.stepBy(n);
    }
  }

  /**
   * Shows a note beside the bar, such as the file being read.
   *
   * @param message the note
   */
  public void note(String message) {
    if (bar != null) {
      bar.setExtraMessage(" " + message);
    }
  }

  /**
   * Wraps a stream so that what is read from it moves the bar on.
   *
   * @param in the stream
   * @return a stream that counts, or {@code in} itself when nothing is shown
   */
  public InputStream watch(InputStream in) {
    if (bar == null) {
      return in;
    }
    return new FilterInputStream(in) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
          bar.stepBy(1);
        }
        return b;
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
          bar.stepBy(n);
        }
        return n;
      }
    };
  }

  /**
   * Prints a line now, or once the bar is done if it would be drawn over: on standard error, or on
   * standard output when that is a terminal too.
   *
   * @param stream standard output or standard error
   * @param line the line
   */
  public void println(PrintStream stream, String line) {
    if (bar != null && (stream != out || Terminal.stdoutIsTerminal())) {
      deferred.add(() -> stream.println(line));
    } else {
      stream.println(line);
    }
  }

  /** Draws the bar a last time, stops it, and prints the lines that waited for it. */
  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
    deferred.forEach(Runnable::run);
    deferred.clear();
  }
}
