package org.tiercache.tiered.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.tiercache.api.TierCapability;

/**
 * What a stack can promise from what its tiers declare. {@code PERSISTENT} and {@code SHARED} only
 * when every tier declares them: content can land in any tier, so the stack keeps entries across a
 * restart (or shares them) only if all its tiers do. {@code STREAMING} when some tier streams and
 * every tier that does not has a rule with an upper bound, so that content above those bounds
 * streams through and none is held whole beyond them. {@code LISTING} when every tier lists.
 */
public final class StackCapabilities {
  private StackCapabilities() {}

  /**
   * Returns the capabilities of a stack.
   *
   * @param layers the stack
   * @return its capabilities, unmodifiable
   */
  public static Set<TierCapability> of(List<Layer> layers) {
    Set<TierCapability> common = EnumSet.of(TierCapability.PERSISTENT, TierCapability.SHARED);
    boolean someStream = false;
    boolean boundedElse = true;
    for (Layer layer : layers) {
      common.retainAll(layer.tier().capabilities());
      someStream |= layer.streams();
      boundedElse &= layer.streams() || !layer.rule().unbounded();
    }
    if (someStream && boundedElse) {
      common.add(TierCapability.STREAMING);
    }
    if (layers.stream().allMatch(layer ->
        layer.tier().capabilities().contains(TierCapability.LISTING))) {
      common.add(TierCapability.LISTING);
    }
    return Set.copyOf(common);
  }
}
