package org.tiercache.cli.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * A stream of text lines that passes each line through {@link Shown#line} before it reaches the
 * terminal: what the command prints on standard error (its messages, {@code --debug} traces, and
 * the tiers' log lines, which slf4j-simple writes to {@code System.err}) then never holds a secret
 * or a control sequence, whoever wrote it.
 *
 * <p>Bytes are held until a line break (or a flush) and decoded with the stream's charset, so a
 * multi-byte character or a secret is never cut in two by a write. Standard output is not filtered
 * this way, since {@code get} writes content there: its text is made safe where it is printed.
 */
public final class SafeOutput extends OutputStream {
  private final OutputStream sink;
  private final Charset charset;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

  private SafeOutput(OutputStream sink, Charset charset) {
    this.sink = sink;
    this.charset = charset;
  }

  /**
   * Wraps a stream of text.
   *
   * @param sink where the made-safe lines go
   * @param charset the text's charset
   * @return a print stream that filters every line
   */
  public static PrintStream over(OutputStream sink, Charset charset) {
    return new PrintStream(new SafeOutput(sink, charset), true, charset);
  }

  @Override
  public synchronized void write(int b) throws IOException {
    if (b == '\n') {
      emit(true);
    } else {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] bytes, int offset, int length) throws IOException {
    int start = offset;
    for (int i = offset; i < offset + length; i++) {
      if (bytes[i] == '\n') {
        line.write(bytes, start, i - start);
        emit(true);
        start = i + 1;
      }
    }
    line.write(bytes, start, offset + length - start);
  }

  @Override
  public synchronized void flush() throws IOException {
    // A partial line is held back: the rest of it (and of a secret it may hold) is yet to come.
    sink.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    if (line.size() > 0) {
      emit(false);
    }
    sink.flush();
  }

  private void emit(boolean lineBreak) throws IOException {
    String text = line.toString(charset);
    line.reset();
    if (text.endsWith("\r")) {
      text = text.substring(0, text.length() - 1);
    }
    sink.write(Shown.line(text).getBytes(charset));
    if (lineBreak) {
      sink.write('\n');
    }
    sink.flush();
  }
}
