package org.tiercache.api;

import java.util.Objects;

/**
 * A tier provider that {@link TierDiscovery} found and can offer, with where it came from.
 *
 * @param id the provider's id, as a stack spec or configuration names it, such as {@code memory}
 * @param provider the provider itself, which makes tiers
 * @param version the version of its code: its module's version, else its package's
 *     {@code Implementation-Version}, else {@code "unknown"}
 * @param location the jar or folder its code came from (a file path for a local one, a URI
 *     otherwise), or {@code "unknown"}
 * @since 0.2
 */
public record DiscoveredTier(String id, CacheTierProvider provider, String version,
    String location) {
  /**
   * Checks the components.
   *
   * @param id the provider's id
   * @param provider the provider
   * @param version the version of its code, or {@code "unknown"}
   * @param location the jar or folder it came from, or {@code "unknown"}
   * @throws NullPointerException if any component is {@code null}
   */
  public DiscoveredTier {
    Objects.requireNonNull(id, "id must not be null");
    Objects.requireNonNull(provider, "provider must not be null");
    Objects.requireNonNull(version, "version must not be null");
    Objects.requireNonNull(location, "location must not be null");
  }
}
