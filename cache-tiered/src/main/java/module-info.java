/**
 * The composer: {@link org.tiercache.tiered.TieredCache} stacks tiers, fastest first, each taking
 * the content sizes its {@link org.tiercache.tiered.SizeRule} accepts; reads promote lower hits
 * upward, evictions can spill downward, and concurrent misses on one key load once. A stack is itself
 * an {@link org.tiercache.api.CacheTier}.
 *
 * <p>Tiers are named by provider id ({@code memory}, {@code disk}...) and found through
 * {@link java.util.ServiceLoader} (by {@link org.tiercache.api.CacheTierProvider#byId}), so the tier
 * modules on the module path decide what can be stacked; this module never refers to a tier
 * module's classes. It exports {@code org.tiercache.tiered} (the stack, its builder, size rules and
 * string form); {@code org.tiercache.tiered.internal} is not exported.
 *
 * @uses org.tiercache.api.CacheTierProvider the tiers a stack names by id
 */
module org.tiercache.tiered {
  requires transitive org.tiercache.api;
  requires org.slf4j;

  exports org.tiercache.tiered;

  uses org.tiercache.api.CacheTierProvider;
}
