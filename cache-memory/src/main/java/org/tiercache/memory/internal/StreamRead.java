package org.tiercache.memory.internal;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;

/**
 * A stream read to its end for the memory tier: its key, and its bytes if they fit the tier.
 *
 * @param key the key of everything the stream held
 * @param content exactly the bytes read, in an array of their length that nobody else holds; or
 *     {@code null} when the stream held more than the limit (its bytes were then dropped as soon as
 *     it passed it)
 */
record StreamRead(ContentKey key, byte[] content) {
  /** The largest array the JVM hands out on every platform. */
  private static final int LARGEST_ARRAY = Integer.MAX_VALUE - 8;
  private static final int CHUNK = 64 << 10;

  /**
   * Reads a stream to its end, digesting all of it and keeping at most {@code limit} bytes.
   *
   * @param in the stream; not closed
   * @param algorithm the key's digest algorithm
   * @param limit the most bytes to keep
   * @return the key, with the content if it was at most {@code limit} bytes
   * @throws IOException if reading fails
   */
  static StreamRead upTo(InputStream in, DigestAlgorithm algorithm, long limit)
      throws IOException {
    long keep = Math.min(limit, LARGEST_ARRAY);
    MessageDigest digest = algorithm.newDigest();
    // Grows by doubling as content arrives, never past what may be kept: memory in proportion to
    // the content read, not to the limit.
    byte[] held = new byte[(int) Math.min(CHUNK, keep)];
    long total = 0;
    byte[] chunk = null;
    while (true) {
      if (held != null && total == held.length && total < keep) {
        held = Arrays.copyOf(held, (int) Math.min(keep, Math.max(CHUNK, 2 * total)));
      }
      int n;
      if (held != null && total < held.length) {
        n = in.read(held, (int) total, held.length - (int) total);
        if (n > 0) {
          digest.update(held, (int) total, n);
        }
      } else {
        if (chunk == null) {
          chunk = new byte[CHUNK];
        }
        n = in.read(chunk);
        if (n > 0) {
          digest.update(chunk, 0, n);
          held = null; // more than may be kept: read on only for the key
        }
      }
      if (n < 0) {
        break;
      }
      total += n;
    }
    ContentKey key = ContentKey.ofDigest(algorithm, digest.digest());
    if (held == null) {
      return new StreamRead(key, null);
    }
    return new StreamRead(key, held.length == total ? held : Arrays.copyOf(held, (int) total));
  }
}
