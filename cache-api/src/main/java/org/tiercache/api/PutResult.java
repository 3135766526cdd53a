package org.tiercache.api;

import java.util.Objects;

/**
 * The outcome of a streaming put, where the key is learnt only once the content has been read.
 *
 * @param key the key of the content that was read, never {@code null}
 * @param stored whether the tier now holds it; {@code false} when it was refused (too large)
 *
 * @since 0.1
 */
public record PutResult(ContentKey key, boolean stored) {
  /**
   * Checks the key.
   *
   * @param key the key of the content read
   * @param stored whether the tier holds it
   *
   * @throws NullPointerException if {@code key} is {@code null}
   */
  public PutResult {
    Objects.requireNonNull(key, "key must not be null");
  }
}
