package org.tiercache.api;

/**
 * What a tier declares about itself, so that callers and the compatibility kit know which contracts
 * apply to it.
 *
 * @since 0.1
 */
public enum TierCapability {
  /** Entries survive {@link CacheTier#close()} and a crash, and are found again when reopened. */
  PERSISTENT,
  /** Several processes may use one store at once and see each other's entries. */
  SHARED,
  /** Streaming get and put do not hold the whole content in memory. */
  STREAMING,
  /**
   * {@link CacheTier#entries()} lists the tier's live entries; a tier that does not declare it
   * throws {@link UnsupportedOperationException} from {@code entries()}.
   *
   * @since 0.2
   */
  LISTING
}
