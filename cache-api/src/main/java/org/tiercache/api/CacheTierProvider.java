package org.tiercache.api;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Makes tiers of one kind: the SPI a tier module implements. It is a factory only; finding the
 * providers on the module path (or class path), with their versions, jars and the ones that failed
 * to load, is {@link TierDiscovery}'s job.
 *
 * <p>A tier module declares {@code provides org.tiercache.api.CacheTierProvider with ...} and ships
 * the matching {@code META-INF/services} file. Implementations have a public no-argument constructor
 * that does no work: all work happens in {@link #create}. A constructor that throws makes the jar a
 * {@link TierLoadFailure}, not a tier.
 *
 * @since 0.1
 */
public interface CacheTierProvider {

  /**
   * Returns this provider's id, by which configurations name it, such as {@code memory}.
   *
   * @return the id: a lowercase letter, then lowercase letters, digits and {@code -}; never
   *     {@code null}. Discovery reports a provider whose id has another form as a failure, since no
   *     configuration could name it.
   */
  String id();

  /**
   * Creates a tier.
   *
   * @param config the tier's settings; a provider refuses keys it does not know, naming them (see
   *     {@link TierConfig#requireOnly})
   * @return a new tier, owned by the caller, who closes it
   * @throws CacheConfigurationException if the configuration is invalid (an unknown setting, a bad
   *     value, a required setting missing)
   * @throws CacheException if the tier cannot be opened (its storage fails)
   */
  CacheTier create(TierConfig config);

  /**
   * Returns the settings that make a throwaway tier keeping its storage under {@code scratchDir}: a
   * question only the factory can answer (which setting names the storage), asked by whoever needs a
   * tier that is safe to fill and discard with no configuration from the user, such as the
   * compatibility kit's runner. A tier that keeps nothing outside the process returns no settings
   * (the default); a disk tier returns its folder setting; a server-backed tier returns a namespace
   * of its own.
   *
   * @param scratchDir an empty folder that lives as long as one check; the provider may ignore it
   * @return settings to add to the kit's own (capacity, TTL, clock); never {@code null}
   */
  default Map<String, String> scratchSettings(Path scratchDir) {
    return Map.of();
  }

  /**
   * Returns every provider found by {@link ServiceLoader}, sorted by id, leaving out those that
   * failed to load.
   *
   * @return the providers found, possibly empty
   * @deprecated a provider that failed to load is silently absent here: use {@link
   *     TierDiscovery#scan()}, whose {@link TierDiscovery#tiers() tiers()} carry each provider's
   *     version and jar and whose {@link TierDiscovery#failures() failures()} name the jars that
   *     failed and why. Kept as a delegate for 0.1 code; to be removed before 1.0.
   */
  @Deprecated(since = "0.2", forRemoval = true)
  static List<CacheTierProvider> available() {
    return TierDiscovery.scan().tiers().stream().map(DiscoveredTier::provider)
        .collect(Collectors.toUnmodifiableList());
  }

  /**
   * Finds the provider with the given id; the same as {@code TierDiscovery.scan().provider(id)}.
   *
   * @param id the provider id, such as {@code memory}
   * @return the provider
   * @throws NullPointerException if {@code id} is {@code null}
   * @throws CacheConfigurationException if no provider, or more than one, has that id; the message
   *     lists the ids found and the providers that failed to load
   * @deprecated discovery is not the factory's job: use {@link TierDiscovery#scan()} and
   *     {@link TierDiscovery#provider(String)}, and keep the discovery to show what failed. Kept as
   *     a delegate for 0.1 code; to be removed before 1.0.
   */
  @Deprecated(since = "0.2", forRemoval = true)
  static CacheTierProvider byId(String id) {
    return TierDiscovery.scan().provider(id);
  }
}
