/**
 * Micrometer meters for tiercache: {@link org.tiercache.micrometer.CacheTierMetrics} publishes one
 * {@link org.tiercache.api.CacheTier}, {@link org.tiercache.micrometer.TieredCacheMetrics} a
 * {@link org.tiercache.tiered.TieredCache} with each of its tiers and the time its loader takes,
 * under the names Micrometer's own cache binders use ({@code cache.gets} with
 * {@code result=hit|miss}, {@code cache.puts}, {@code cache.evictions}, {@code cache.size}) and a
 * few of tiercache's own ({@code cache.content.size} and {@code cache.capacity} in bytes,
 * {@code cache.puts.rejected}, {@code cache.expirations}, {@code cache.damaged},
 * {@code cache.failures}, {@code cache.loads}).
 *
 * <p>It exports {@code org.tiercache.micrometer}; {@code org.tiercache.micrometer.internal} is not
 * exported. It requires {@code micrometer.core} (Micrometer's jar, an automatic module) and the
 * composer, both transitively since their types appear in this module's API. The meters read a
 * tier's statistics when a registry reads them, so binding adds nothing to a tier's own calls.
 */
module org.tiercache.micrometer {
  requires transitive org.tiercache.tiered;
  requires transitive micrometer.core;

  exports org.tiercache.micrometer;
}
