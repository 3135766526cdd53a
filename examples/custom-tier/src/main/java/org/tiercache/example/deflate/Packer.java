package org.tiercache.example.deflate;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.tiercache.api.CacheException;

/**
 * Turns content into what the tier keeps and back: deflated when that makes it smaller, raw
 * otherwise. Stateless and thread-safe: each call takes its own {@link Deflater} or
 * {@link Inflater} and ends it, so no native zlib memory outlives a call.
 */
final class Packer {
  private final int level;
  private final long threshold;

  Packer(int level, long threshold) {
    this.level = level;
    this.threshold = threshold;
  }

  /**
   * Packs content, always into a new array of the tier's own: the caller may reuse its input.
   *
   * @param content the bytes to pack, from position to limit; its position is not moved
   * @return the packed form
   */
  Packed pack(ByteBuffer content) {
    int length = content.remaining();
    if (level == Deflater.NO_COMPRESSION || length < threshold) {
      return Packed.raw(copy(content));
    }
    Deflater deflater = new Deflater(level);
    try {
      deflater.setInput(content.duplicate());
      deflater.finish();
      // Only a result shorter than the content is worth keeping, so the output never needs to be
      // larger than the content: when it fills up, deflating did not pay and the content is kept raw.
      byte[] out = new byte[length];
      int written = 0;
      while (!deflater.finished() && written < out.length) {
        written += deflater.deflate(out, written, out.length - written);
      }
      if (!deflater.finished() || written >= length) {
        return Packed.raw(copy(content));
      }
      return Packed.deflated(Arrays.copyOf(out, written), length);
    } finally {
      deflater.end();
    }
  }

  /**
   * Gives the content of a packed entry back.
   *
   * @param packed what {@link #pack} made
   * @return the content; for a raw entry the tier's own array, which callers must not change
   * @throws CacheException if deflated data does not inflate to its recorded length
   */
  static byte[] unpack(Packed packed) {
    if (!packed.deflated()) {
      return packed.bytes();
    }
    Inflater inflater = new Inflater();
    try {
      inflater.setInput(packed.bytes());
      byte[] out = new byte[packed.length()];
      int read = 0;
      while (read < out.length) {
        int n = inflater.inflate(out, read, out.length - read);
        if (n == 0 && (inflater.finished() || inflater.needsInput() || inflater.needsDictionary())) {
          break;
        }
        read += n;
      }
      if (read != out.length) {
        throw new CacheException("a deflated entry inflated to " + read + " bytes instead of "
            + out.length);
      }
      return out;
    } catch (DataFormatException e) {
      throw new CacheException("a deflated entry cannot be inflated", e);
    } finally {
      inflater.end();
    }
  }

  private static byte[] copy(ByteBuffer content) {
    byte[] copy = new byte[content.remaining()];
    content.duplicate().get(copy);
    return copy;
  }

  /**
   * What the tier keeps for one entry.
   *
   * @param bytes the kept bytes, never changed once made
   * @param length the content's length
   * @param deflated whether {@code bytes} is deflated (zlib format, with its Adler-32 check)
   */
  record Packed(byte[] bytes, int length, boolean deflated) {
    static Packed raw(byte[] bytes) {
      return new Packed(bytes, bytes.length, false);
    }

    static Packed deflated(byte[] bytes, int length) {
      return new Packed(bytes, length, true);
    }
  }
}
