package org.tiercache.tiered.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierHealth;

/**
 * A stack's health from its tiers': down if every tier is down, degraded if any tier is not up, up
 * otherwise. The cause names each tier that is not up, in stack order: {@code tier 'redis' is down:
 * redis at host:6379 unavailable; tier 'disk' is degraded: ...}.
 *
 * <p>Since when: for down, the moment the last tier went down (the stack was usable until then); for
 * degraded, the earliest moment a tier that is not up gave. Unknown ({@code null}) if a tier that
 * decides it gave none.
 */
public final class StackHealth {
  private StackHealth() {}

  /**
   * Asks a tier for its health. A tier whose {@code health()} throws, or answers {@code null}
   * against its contract, is taken for down, with what it did as the cause: a health endpoint must
   * answer.
   *
   * @param tier the tier
   * @return its health, never {@code null}
   */
  public static TierHealth of(CacheTier tier) {
    TierHealth health;
    try {
      health = tier.health();
    } catch (RuntimeException e) {
      return TierHealth.down(TierConfig.redact("health() failed: " + e), null);
    }
    return health != null ? health : TierHealth.down("health() answered null", null);
  }

  /**
   * Returns the health of a stack from its tiers'.
   *
   * @param layers the stack, fastest first; not empty
   * @return the stack's health
   */
  public static TierHealth of(List<Layer> layers) {
    List<TierHealth> healths = new ArrayList<>(layers.size());
    for (Layer layer : layers) {
      healths.add(of(layer.tier()));
    }
    return combine(layers.stream().map(Layer::name).toList(), healths);
  }

  /**
   * Returns the stack's health.
   *
   * @param names the tiers' names in the stack, in order
   * @param healths their health, in the same order; not empty
   * @return the stack's health
   */
  public static TierHealth combine(List<String> names, List<TierHealth> healths) {
    List<String> causes = new ArrayList<>();
    boolean allDown = true;
    boolean sinceKnown = true;
    Instant earliest = null;
    Instant latest = null;
    for (int i = 0; i < healths.size(); i++) {
      TierHealth health = healths.get(i);
      allDown &= health.status() == TierHealth.Status.DOWN;
      if (health.isUp()) {
        continue;
      }
      causes.add("tier '" + names.get(i) + "' is "
          + health.status().name().toLowerCase(Locale.ROOT) + ": " + health.cause());
      Instant since = health.since();
      if (since == null) {
        sinceKnown = false;
      } else {
        earliest = earliest == null || since.isBefore(earliest) ? since : earliest;
        latest = latest == null || since.isAfter(latest) ? since : latest;
      }
    }
    if (causes.isEmpty()) {
      return TierHealth.UP;
    }
    String cause = String.join("; ", causes);
    if (allDown) {
      return TierHealth.down(cause, sinceKnown ? latest : null);
    }
    return TierHealth.degraded(cause, sinceKnown ? earliest : null);
  }
}
