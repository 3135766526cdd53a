/**
 * The tiercache SPI: {@link org.tiercache.api.CacheTier}, the contract every tier meets,
 * {@link org.tiercache.api.CacheTierProvider}, through which tiers are found on the module path,
 * and the value types they share ({@link org.tiercache.api.ContentKey},
 * {@link org.tiercache.api.TierConfig}, {@link org.tiercache.api.TierStats}).
 *
 * <p>This module depends on {@code java.base} only, so that any tier, however small, can implement it
 * without bringing anything else along.
 *
 * @uses org.tiercache.api.CacheTierProvider
 */
module org.tiercache.api {
  exports org.tiercache.api;

  uses org.tiercache.api.CacheTierProvider;
}
