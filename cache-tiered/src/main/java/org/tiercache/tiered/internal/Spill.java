package org.tiercache.tiered.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EvictionListener;

/**
 * Moves what an upper tier evicts for room into the next lower tier that takes it, instead of losing
 * it.
 *
 * <p>The listeners it hands out exist before the stack does (a tier is created with its listener), so
 * they reach the layers through {@link #layers}, which the composer sets once every tier is open.
 * Tiers evict only on puts, and no put reaches a tier before the stack is built, so no listener runs
 * before then; one that did would find no layers and spill nothing.
 */
public final class Spill {
  private static final Logger LOG = LoggerFactory.getLogger(ComposerLog.NAME);

  /** Set once by {@link #attach}, before the stack is handed out; read by tiers' put threads. */
  private volatile List<Layer> layers = List.of();

  /** Creates a spill with no layers yet. */
  public Spill() {}

  /**
   * Gives the spill the stack's layers, fastest first.
   *
   * @param stack the layers
   */
  public void attach(List<Layer> stack) {
    this.layers = List.copyOf(stack);
  }

  /**
   * Returns a listener for the tier at a position, which spills what that tier evicts.
   *
   * @param position the tier's place, 0 for the fastest
   * @param also a listener the tier's configuration already had, told first; or {@code null}
   * @return the listener to create the tier with
   */
  public EvictionListener from(int position, EvictionListener also) {
    if (also == null) {
      return (key, content) -> spill(position, key, content);
    }
    return (key, content) -> {
      try {
        also.evicted(key, content.duplicate());
      } catch (RuntimeException e) {
        LOG.warn("an eviction listener of tier {} threw; spilling {} anyway", position + 1, key, e);
      }
      spill(position, key, content);
    };
  }

  /**
   * Puts an entry evicted from one tier into the first tier below it whose rule accepts its size and
   * that stores it; does nothing if such a tier already holds the key (as it does under
   * write-through). If no tier below takes it, the entry is gone, as it would be without spill.
   *
   * @param position the place of the tier that evicted it
   * @param key the entry's key
   * @param content the entry's content
   */
  public void spill(int position, ContentKey key, ByteBuffer content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    List<Layer> stack = layers;
    int size = content.remaining();
    for (int i = position + 1; i < stack.size(); i++) {
      Layer lower = stack.get(i);
      if (!lower.accepts(size)) {
        continue;
      }
      if (lower.contains(key) || lower.put(key, content)) {
        return;
      }
    }
  }
}
