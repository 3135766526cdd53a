/**
 * The composer: {@link org.tiercache.tiered.TieredCache} stacks tiers, fastest first, each taking
 * the content sizes its {@link org.tiercache.tiered.SizeRule} accepts; reads promote lower hits
 * upward, evictions can spill downward, and concurrent misses on one key load once. A stack is itself
 * an {@link org.tiercache.api.CacheTier}.
 *
 * <p>Tiers are named by provider id ({@code memory}, {@code disk}...) and found through
 * {@link java.util.ServiceLoader} (by {@link org.tiercache.api.TierDiscovery}), so the tier
 * modules on the module path decide what can be stacked; this module never refers to a tier
 * module's classes. It exports {@code org.tiercache.tiered} (the stack, its builder, size rules and
 * string form); {@code org.tiercache.tiered.internal} (the stack's machinery) and
 * {@code org.tiercache.tiered.internal.provider} (the provider) are not exported.
 *
 * <p>It also provides a {@link org.tiercache.api.CacheTierProvider} with id {@code tiered}, so that a
 * stack can be named wherever a tier can (and the compatibility kit's runner checks it).
 *
 * <p>It requires {@code jdk.jfr} for one event, {@code org.tiercache.tiered.SlowOperation}
 * (category {@code tiercache}): a call from a stack to one of its tiers (get, put, promotion, spill)
 * that took at least the event's threshold, 20 ms unless the recording sets another; it names the
 * tier, its position, the operation and the key. It is off unless a recording enables it by name,
 * since timing every call costs a memory hit a measurable share of its time.
 *
 * @uses org.tiercache.api.CacheTierProvider the tiers a stack names by id
 * @provides org.tiercache.api.CacheTierProvider id {@code tiered}: a stack from a {@code spec}
 *     setting, or one {@code inner} tier
 */
module org.tiercache.tiered {
  requires transitive org.tiercache.api;
  requires org.slf4j;
  requires jdk.jfr;

  exports org.tiercache.tiered;

  uses org.tiercache.api.CacheTierProvider;

  provides org.tiercache.api.CacheTierProvider with
      org.tiercache.tiered.internal.provider.TieredTierProvider;
}
