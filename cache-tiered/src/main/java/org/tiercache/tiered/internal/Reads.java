package org.tiercache.tiered.internal;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.List;
import org.tiercache.api.ContentKey;

/**
 * Reads through a stack: the tiers fastest first, a tier that throws being a miss for that tier,
 * and a hit in a lower tier promoted into the upper tiers that take it. Counts nothing in the
 * stack's own statistics; the tiers count their own.
 */
public final class Reads {
  private Reads() {}

  /**
   * Gets content, promoting a lower hit into every upper tier whose rule accepts its size.
   *
   * @param layers the stack, fastest first
   * @param key the key
   * @return the content, or {@code null} if no tier holds it
   */
  public static ByteBuffer get(List<Layer> layers, ContentKey key) {
    for (int i = 0; i < layers.size(); i++) {
      ByteBuffer content = layers.get(i).get(key);
      if (content != null) {
        int size = content.remaining();
        for (Layer upper : layers.subList(0, i)) {
          if (upper.accepts(size)) {
            upper.put(key, content);
          }
        }
        return content;
      }
    }
    return null;
  }

  /**
   * Opens a stream of content, which promotes a lower hit once read ({@link PromotingStream}).
   *
   * @param layers the stack, fastest first
   * @param key the key
   * @return the stream, which the caller closes, or {@code null} if no tier holds the key
   */
  public static InputStream open(List<Layer> layers, ContentKey key) {
    for (int i = 0; i < layers.size(); i++) {
      InputStream content = layers.get(i).openStream(key);
      if (content != null) {
        return i == 0 ? content : PromotingStream.wrap(content, layers, i, key);
      }
    }
    return null;
  }

  /**
   * Tells whether some tier holds live content for a key, fastest first; a tier that throws does not.
   *
   * @param layers the stack, fastest first
   * @param key the key
   * @return whether a tier holds it
   */
  public static boolean contains(List<Layer> layers, ContentKey key) {
    for (Layer layer : layers) {
      if (layer.contains(key)) {
        return true;
      }
    }
    return false;
  }
}
