package org.tiercache.tiered.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import org.tiercache.api.CacheException;

/**
 * The caller's stream of a streamed put, as the stack hands it to a tier: it counts the bytes read,
 * holds a declared size to its word, and remembers its own failure, so that a tier's exception
 * caused by the caller's stream (an unreadable file, a size that was not the one declared) is
 * reported as the caller's, not counted against the tier.
 *
 * <p>With a declared size, reading past it, or reaching the end before it, fails with an
 * {@link IOException} at once: the tier reading it then abandons what it wrote.
 */
public final class SourceStream extends InputStream {
  private final InputStream in;
  /** The size the caller declared, or -1. */
  private final long declared;
  private long count;
  private IOException failure;

  /**
   * Wraps the caller's stream.
   *
   * @param in the caller's stream; not closed by this one
   * @param declared the size the caller declared, or -1 if unknown
   */
  public SourceStream(InputStream in, long declared) {
    this.in = Objects.requireNonNull(in, "content must not be null");
    this.declared = declared;
  }

  /**
   * Returns how many bytes have been read.
   *
   * @return the count
   */
  public long count() {
    return count;
  }

  /**
   * Tells whether reading the caller's stream failed (or broke its declared size).
   *
   * @return whether it failed
   */
  public boolean failed() {
    return failure != null;
  }

  /**
   * Returns the failure to throw for the caller's stream: nothing was stored.
   *
   * @param suppressed what the tier reading it threw, or {@code null}
   * @return the exception, with the stream's {@link IOException} as cause
   */
  public CacheException failure(Throwable suppressed) {
    CacheException e = new CacheException("reading the content to put failed after " + count
        + " bytes: " + failure.getMessage() + "; nothing was stored", failure);
    if (suppressed != null) {
      e.addSuppressed(suppressed);
    }
    return e;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    if (failure != null) {
      throw failure;
    }
    int n;
    try {
      n = in.read(target, offset, length);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
    if (n < 0) {
      if (declared >= 0 && count < declared) {
        throw fail("the content ended after " + count + " bytes, before the " + declared
            + " declared");
      }
      return -1;
    }
    count += n;
    if (declared >= 0 && count > declared) {
      throw fail("the content holds more than the " + declared + " bytes declared");
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    // Every byte must reach the tier: skipping is reading into nothing.
    byte[] scratch = new byte[(int) Math.min(8192, Math.max(n, 1))];
    long skipped = 0;
    while (skipped < n) {
      int read = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (read < 0) {
        break;
      }
      skipped += read;
    }
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  /** Does not close the caller's stream, which the caller owns. */
  @Override
  public void close() {}

  private IOException fail(String why) {
    failure = new IOException(why);
    return failure;
  }
}
