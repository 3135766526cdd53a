package org.tiercache.api.internal;

import java.io.InputStream;
import java.nio.ByteBuffer;

/** An {@link InputStream} over a buffer's remaining bytes, so streaming a hit needs no copy. */
public final class ByteBufferInputStream extends InputStream {
  private final ByteBuffer buffer;

  /**
   * Reads {@code buffer} from its position to its limit; the stream owns the buffer from then on.
   *
   * @param buffer the bytes to stream
   */
  public ByteBufferInputStream(ByteBuffer buffer) {
    this.buffer = buffer;
  }

  @Override
  public int read() {
    return buffer.hasRemaining() ? buffer.get() & 0xff : -1;
  }

  @Override
  public int read(byte[] target, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, target.length);
    if (length == 0) {
      return 0;
    }
    if (!buffer.hasRemaining()) {
      return -1;
    }
    int n = Math.min(length, buffer.remaining());
    buffer.get(target, offset, n);
    return n;
  }

  @Override
  public long skip(long n) {
    int skipped = (int) Math.max(0, Math.min(n, buffer.remaining()));
    buffer.position(buffer.position() + skipped);
    return skipped;
  }

  @Override
  public int available() {
    return buffer.remaining();
  }
}
