package org.tiercache.cli.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.tiercache.cli.internal.OpenStack.OpenTier;
import org.tiercache.tiered.SizeRule;

/**
 * What {@code stat} shows as the stack's capacity: how much content the stack keeps from one
 * command to the next, which is not the sum of its tiers' capacities.
 *
 * <p>A command's memory tier dies with it, so it keeps nothing for the next command: only the tiers
 * that outlive the command count ({@link OpenTier#outlivesCommand()}). And the command's puts write
 * through (every put reaches every tier whose rule takes its size; the embedded default says so,
 * and {@code put} adds it to any stack), so a tier whose sizes all reach a later lasting tier
 * holds only copies of what that tier holds: it is not counted. The embedded default's capacity is
 * thus its disk tier's 1 GB, not memory + disk ({@code 1.1 GB}, what {@code TieredCache.capacityBytes()}
 * adds up for a service whose tiers hold different content). Two lasting tiers that split sizes
 * between them ({@code disk < 1MB ; redis >= 1MB}) are both counted. A stack with no tier that
 * outlives the command keeps nothing between commands; its capacity is shown as its tiers' sum,
 * what one command can hold.
 */
public final class StackCapacity {
  private StackCapacity() {}

  /**
   * Returns the tiers whose capacity the stack's is: the lasting tiers that hold content no later
   * lasting tier holds too.
   *
   * @param tiers the stack's tiers, fastest first
   * @return the tiers counted, fastest first; all of them if none outlives the command
   */
  public static List<OpenTier> counted(List<OpenTier> tiers) {
    List<OpenTier> lasting = tiers.stream().filter(OpenTier::outlivesCommand).toList();
    if (lasting.isEmpty()) {
      return tiers;
    }
    List<OpenTier> counted = new ArrayList<>();
    for (int i = 0; i < lasting.size(); i++) {
      List<SizeRule> later = lasting.subList(i + 1, lasting.size()).stream()
          .map(t -> t.planned().rule()).toList();
      if (!covered(lasting.get(i).planned().rule(), later)) {
        counted.add(lasting.get(i));
      }
    }
    return counted;
  }

  /**
   * Returns the stack's capacity: the sum of the counted tiers' capacities.
   *
   * @param tiers the stack's tiers, fastest first
   * @return the capacity in bytes, {@link Long#MAX_VALUE} if a counted tier is unbounded
   */
  public static long of(List<OpenTier> tiers) {
    long sum = 0;
    for (OpenTier tier : counted(tiers)) {
      long capacity = tier.tier().capacityBytes();
      if (capacity == Long.MAX_VALUE || sum > Long.MAX_VALUE - capacity) {
        return Long.MAX_VALUE;
      }
      sum += capacity;
    }
    return sum;
  }

  /** Tells whether every size a rule takes is taken by one of the others. */
  private static boolean covered(SizeRule rule, List<SizeRule> others) {
    long from = rule.minBytes();
    List<SizeRule> sorted = others.stream().sorted(Comparator.comparingLong(SizeRule::minBytes))
        .toList();
    for (SizeRule other : sorted) {
      if (other.minBytes() > from) {
        break;
      }
      from = Math.max(from, other.maxBytes());
      if (from >= rule.maxBytes()) {
        return true;
      }
    }
    return from >= rule.maxBytes();
  }
}
