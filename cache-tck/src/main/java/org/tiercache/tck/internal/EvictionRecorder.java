package org.tiercache.tck.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EvictionListener;

/**
 * The eviction listener the kit gives a tier: it keeps what it was told, each entry's content copied
 * out of the buffer it was handed (without moving that buffer), and runs an optional action on each
 * call, such as calling back into the tier or throwing.
 *
 * <p>Thread-safe: a tier may call it from any thread.
 */
public final class EvictionRecorder implements EvictionListener {
  private final List<Heard> heard = new ArrayList<>();
  private volatile EvictionListener action;

  /** Creates a recorder that has heard nothing and does nothing more. */
  public EvictionRecorder() {}

  /**
   * One call of the listener: the key, the content from the buffer's position to its limit, whether
   * the buffer was read-only, and the thread that called.
   *
   * @param key the key the tier named
   * @param content the bytes the buffer held
   * @param readOnly whether the buffer was read-only
   * @param thread the name of the calling thread
   */
  public record Heard(ContentKey key, byte[] content, boolean readOnly, String thread) {
    /**
     * Describes the call for a message, without the content's bytes.
     *
     * @return the key and the length
     */
    @Override
    public String toString() {
      return key + " (" + content.length + " B)";
    }
  }

  /**
   * Sets what each call does after it is recorded; {@code null} for nothing.
   *
   * @param then the action, which may throw
   */
  public void then(EvictionListener then) {
    this.action = then;
  }

  @Override
  public void evicted(ContentKey key, ByteBuffer content) {
    Objects.requireNonNull(key, "the tier told the listener of a null key");
    Objects.requireNonNull(content, "the tier told the listener of " + key + " with null content");
    ByteBuffer view = content.duplicate();
    byte[] bytes = new byte[view.remaining()];
    view.get(bytes);
    synchronized (heard) {
      heard.add(new Heard(key, bytes, content.isReadOnly(), Thread.currentThread().getName()));
    }
    EvictionListener then = action;
    if (then != null) {
      then.evicted(key, content);
    }
  }

  /**
   * Returns what was heard since the last call, and forgets it.
   *
   * @return the calls, in the order they came
   */
  public List<Heard> drain() {
    synchronized (heard) {
      List<Heard> all = List.copyOf(heard);
      heard.clear();
      return all;
    }
  }
}
