package org.tiercache.tiered.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.tiercache.api.ContentKey;

/**
 * The stream of a hit in a lower tier of a stack, which promotes the content into the upper tiers
 * whose rule accepts its size and whose capacity holds it, as a get does, without ever holding more
 * of it than an upper tier that keeps content in memory could take.
 *
 * <p>The size of the content is learnt only at its end, so the stream keeps a copy of what the
 * caller reads while that is no larger than the largest content such a tier could take; past that,
 * it drops the copy. When the caller has read to the end and closes the stream:
 * <ul>
 *   <li>content it kept is put into each upper tier that takes its size ({@code put(key, buffer)});
 *   <li>content too large to keep is copied, streamed, into each upper tier that streams and takes
 *       its size, by reading it again from the tier that holds it ({@link TierCopy}: a second read of
 *       that tier, counted there as a get).
 * </ul>
 * Nothing is promoted if the caller stops before the end, skips, or a read fails (a tier that checks
 * its content reports damage at the end); promotion failures are counted and logged, never thrown.
 */
public final class PromotingStream extends InputStream {
  private static final int CHUNK = 64 << 10;

  private final InputStream in;
  private final List<Layer> uppers;
  private final Layer holder;
  private final ContentKey key;
  /** The most bytes kept: the largest content an upper tier that does not stream could take. */
  private final long keepAtMost;
  /** What the caller has read so far, while at most {@link #keepAtMost}; {@code null} after. */
  private byte[] kept;
  private long count;
  private boolean ended;
  private boolean spoilt;
  private boolean closed;

  private PromotingStream(InputStream in, List<Layer> uppers, Layer holder, ContentKey key,
      long keepAtMost) {
    this.in = in;
    this.uppers = uppers;
    this.holder = holder;
    this.key = key;
    this.keepAtMost = keepAtMost;
    this.kept = keepAtMost >= 0 ? new byte[(int) Math.min(CHUNK, keepAtMost)] : null;
  }

  /**
   * Wraps the stream of a hit so that it promotes the content; returns the stream as it is when no
   * upper tier could take content of any size.
   *
   * @param in the hit's stream
   * @param layers the stack, fastest first
   * @param position the place of the tier that holds the content
   * @param key the content's key
   * @return the stream to hand to the caller
   */
  public static InputStream wrap(InputStream in, List<Layer> layers, int position,
      ContentKey key) {
    List<Layer> uppers = layers.subList(0, position);
    boolean anyStreams = uppers.stream().anyMatch(Layer::streams);
    long keepAtMost = StreamPut.heldAtMost(uppers);
    if (keepAtMost < 0 && !anyStreams) {
      return in;
    }
    return new PromotingStream(in, List.copyOf(uppers), layers.get(position), key, keepAtMost);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    int n;
    try {
      n = in.read(target, offset, length);
    } catch (IOException | RuntimeException e) {
      spoilt = true;
      throw e;
    }
    if (n < 0) {
      ended = true;
      return -1;
    }
    count += n;
    if (kept != null) {
      if (count > keepAtMost) {
        kept = null;
      } else {
        if (count > kept.length) {
          kept = Arrays.copyOf(kept, (int) Math.min(keepAtMost, Math.max(count, 2L * kept.length)));
        }
        System.arraycopy(target, offset, kept, (int) (count - n), n);
      }
    }
    return n;
  }

  /** Skips, giving up the promotion, which needs every byte to have gone through this stream. */
  @Override
  public long skip(long n) throws IOException {
    spoilt = true;
    return in.skip(n);
  }

  @Override
  public int available() throws IOException {
    return in.available();
  }

  /** Closes the hit's stream, then promotes the content if the caller read all of it. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    in.close();
    if (ended && !spoilt) {
      promote();
    }
  }

  private void promote() {
    ByteBuffer content =
        kept == null ? null : ByteBuffer.wrap(kept, 0, (int) count).asReadOnlyBuffer();
    for (Layer upper : uppers) {
      if (!fits(upper)) {
        continue;
      }
      if (content != null) {
        upper.put(key, content);
      } else if (upper.streams()) {
        try {
          TierCopy.copy(holder, key, upper.tier());
          upper.succeeded();
        } catch (RuntimeException e) {
          upper.failed("promote", key, e);
        }
      }
    }
    kept = null;
  }

  private boolean fits(Layer upper) {
    try {
      return upper.fits(count);
    } catch (RuntimeException e) {
      upper.failed("capacityBytes", key, e);
      return false;
    }
  }
}
