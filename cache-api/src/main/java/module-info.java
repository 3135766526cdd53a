/**
 * The tiercache SPI: {@link org.tiercache.api.CacheTier}, the contract every tier meets,
 * {@link org.tiercache.api.CacheTierProvider}, the factory a tier module provides, and the value
 * types they share ({@link org.tiercache.api.ContentKey}, {@link org.tiercache.api.TierConfig},
 * {@link org.tiercache.api.TierStats}).
 *
 * <p>Finding the providers is apart from the SPI: {@link org.tiercache.api.TierDiscovery} runs one
 * {@link java.util.ServiceLoader} pass over the module path (or a class loader, or a module layer)
 * and returns the providers found, each with its id, version and jar
 * ({@link org.tiercache.api.DiscoveredTier}), and those that failed to load, each with its jar and
 * reason ({@link org.tiercache.api.TierLoadFailure}), so that a broken tier jar is reported instead
 * of being silently absent.
 *
 * <p>This module depends on {@code java.base} only, so that any tier, however small, can implement it
 * without bringing anything else along. It exports {@code org.tiercache.api};
 * {@code org.tiercache.api.internal} is not exported.
 *
 * @uses org.tiercache.api.CacheTierProvider the tiers {@link org.tiercache.api.TierDiscovery} finds
 */
module org.tiercache.api {
  exports org.tiercache.api;

  uses org.tiercache.api.CacheTierProvider;
}
