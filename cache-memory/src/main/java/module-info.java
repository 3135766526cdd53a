/**
 * The in-process tier: a byte-bounded, least-recently-used cache of immutable content with an
 * optional expire-after-write time to live, found by {@link java.util.ServiceLoader} under the id
 * {@code memory}.
 *
 * <p>This module exports nothing: a caller gets a tier through
 * {@code TierDiscovery.scan().provider("memory").create(config)} and uses it as an
 * {@link org.tiercache.api.CacheTier}. It reads the common settings only ({@code capacity}, default
 * 64 MiB; {@code ttl}, default none; the clock) and refuses any other.
 *
 * @provides org.tiercache.api.CacheTierProvider the {@code memory} tier
 */
module org.tiercache.memory {
  requires org.tiercache.api;
  requires org.slf4j; // only to report an eviction listener that throws
  requires static com.google.errorprone.annotations; // @GuardedBy, checked at compile time

  provides org.tiercache.api.CacheTierProvider with
      org.tiercache.memory.internal.MemoryTierProvider;
}
