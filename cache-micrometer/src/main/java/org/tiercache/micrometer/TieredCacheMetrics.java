package org.tiercache.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Objects;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.micrometer.internal.LoadTimers;
import org.tiercache.micrometer.internal.TierMeters;
import org.tiercache.tiered.TierReport;
import org.tiercache.tiered.TieredCache;

/**
 * Publishes a {@link TieredCache} to a {@link MeterRegistry}: the stack as its callers see it, each
 * of its tiers, and the time its loader takes. One line does it:
 *
 * <pre>{@code
 * TieredCacheMetrics.monitor(registry, cache, "attachments");
 * }</pre>
 *
 * <p>The meters are those of {@link CacheTierMetrics} ({@code cache.gets} with
 * {@code result=hit|miss}, {@code cache.puts}, {@code cache.puts.rejected}, {@code cache.evictions},
 * {@code cache.expirations}, {@code cache.damaged}, {@code cache.size}, {@code cache.content.size},
 * {@code cache.health}), once for the stack (its health from its tiers', {@link TieredCache#health()}) and once for each tier, told apart by their tags:
 * <table>
 *   <caption>Tags</caption>
 *   <tr><th>meters of</th><th>{@code tier}</th><th>{@code position}</th><th>figures</th>
 *       <th>also</th></tr>
 *   <tr><td>the stack</td><td>{@value TieredCache#ID}</td><td>{@code stack}</td>
 *       <td>{@link TieredCache#stats()}: the gets and puts its callers made; evictions, expirations,
 *       damaged entries and sizes summed over the tiers</td>
 *       <td>{@code cache.capacity} (the sum of the tiers'), {@code cache.loads}</td></tr>
 *   <tr><td>each tier</td><td>its name in the stack: its id, such as {@code memory}, then
 *       {@code memory#2}... for a repeated id</td><td>{@code 0} for the fastest, {@code 1}...</td>
 *       <td>the tier's own, from {@link TieredCache#tierStats()}: the gets the stack asked it (a get
 *       an upper tier answered never reaches it), its puts including promotions and spills</td>
 *       <td>{@code cache.failures}: the stack's calls to the tier that threw</td></tr>
 * </table>
 * Every meter also carries {@code cache} (the name given) and the extra tags given. Summing a meter
 * over all its series counts a get twice (once for the stack, once for the tier that answered):
 * select {@code position="stack"} for the cache as its callers see it, or the others for the tiers.
 * A tier's capacity is not published: {@link TierReport} does not carry it.
 *
 * <p><b>Loads.</b> {@code cache.loads}, a timer tagged {@code result=success|failure} (the name
 * Micrometer's {@code CaffeineStatsCounter} gives it), times the loaders passed through
 * {@link #timed}: {@code cache.get(key, metrics.timed(loader))}. Success means the loader returned
 * content; it failed if it threw or found none. Only the loader's run is timed, once per flight of
 * concurrent misses; the stack then checks the content against the key, so a load counted a success
 * can still fail the get if the content does not match.
 *
 * <p>The meters read the stack when they are read (a scrape): nothing is added to its calls. Each
 * per-tier meter reads {@link TieredCache#tierStats()}, which asks every tier, so a scrape costs a
 * few calls of {@code stats()} per tier (for the Redis tier, a round trip each). The meters and this
 * binder hold the stack weakly, as {@link CacheTierMetrics} does, with the same behaviour once it is
 * collected or while its statistics throw.
 *
 * @since 0.2
 */
public final class TieredCacheMetrics implements MeterBinder {
  private final WeakReference<TieredCache> cacheRef;
  /** The extra tags and {@code cache}; each meter adds {@code tier} and {@code position}. */
  private final Tags cacheTags;
  private final LoadTimers loads = new LoadTimers();

  /**
   * Prepares the meters of a stack; {@link #bindTo} registers them.
   *
   * @param cache the stack, held weakly
   * @param cacheName the value of the {@code cache} tag, such as {@code attachments}
   * @param tags extra tags for every meter
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code cacheName} is blank
   */
  public TieredCacheMetrics(TieredCache cache, String cacheName, Iterable<Tag> tags) {
    Objects.requireNonNull(cache, "cache must not be null");
    Objects.requireNonNull(tags, "tags must not be null");
    this.cacheRef = new WeakReference<>(cache);
    this.cacheTags = Tags.of(tags).and(TierMeters.CACHE, TierMeters.cacheName(cacheName));
  }

  /**
   * Publishes a stack, its tiers and its loads to a registry, in one line.
   *
   * @param registry the registry
   * @param cache the stack, held weakly
   * @param cacheName the value of the {@code cache} tag
   * @param tags extra tags as key-value pairs, such as {@code "region", "eu"}
   * @return the binder, whose {@link #timed} times loads
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code cacheName} is blank or {@code tags} is odd in number
   * @throws CacheException if a tier's statistics cannot be read, as {@link #bindTo} says
   */
  public static TieredCacheMetrics monitor(MeterRegistry registry, TieredCache cache,
      String cacheName, String... tags) {
    return monitor(registry, cache, cacheName, Tags.of(tags));
  }

  /**
   * Publishes a stack, its tiers and its loads to a registry, in one line.
   *
   * @param registry the registry
   * @param cache the stack, held weakly
   * @param cacheName the value of the {@code cache} tag
   * @param tags extra tags for every meter
   * @return the binder, whose {@link #timed} times loads
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code cacheName} is blank
   * @throws CacheException if a tier's statistics cannot be read, as {@link #bindTo} says
   */
  public static TieredCacheMetrics monitor(MeterRegistry registry, TieredCache cache,
      String cacheName, Iterable<Tag> tags) {
    TieredCacheMetrics metrics = new TieredCacheMetrics(cache, cacheName, tags);
    metrics.bindTo(registry);
    return metrics;
  }

  /**
   * Registers the meters listed in the class description; nothing if the stack has been collected.
   * Binding to a second registry publishes everything there too, and loads are timed in both.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is {@code null}
   * @throws CacheException if a tier's statistics cannot be read now: the tiers' names come from
   *     {@link TieredCache#tierStats()}, which lets a tier's failure through
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry must not be null");
    TieredCache cache = cacheRef.get();
    if (cache == null) {
      return;
    }
    Tags stackTags = cacheTags.and(TierMeters.TIER, TieredCache.ID,
        TierMeters.POSITION, TierMeters.WHOLE_STACK);
    TierMeters<TieredCache> stack = new TierMeters<>(registry, cache, stackTags);
    stack.statistics(TieredCache::stats);
    stack.capacity(TieredCache::capacityBytes);
    stack.health(TieredCache::health);
    loads.register(registry, stackTags);

    List<TierReport> tiers = cache.tierStats();
    for (int i = 0; i < tiers.size(); i++) {
      int position = i;
      TierMeters<TieredCache> tier = new TierMeters<>(registry, cache, cacheTags.and(
          TierMeters.TIER, tiers.get(i).name(), TierMeters.POSITION, Integer.toString(i)));
      tier.statistics(c -> c.tierStats().get(position).stats());
      tier.failures(c -> c.tierStats().get(position).failures());
      tier.health(c -> c.tierStats().get(position).health());
    }
  }

  /**
   * Wraps a loader so that its runs are timed in {@code cache.loads} of every registry this binder
   * is bound to (none yet: they are not timed). Use it in place of the loader:
   * {@code cache.get(key, metrics.timed(origin::fetch))}.
   *
   * @param loader the loader, which fetches the content of a key the stack misses
   * @return a loader that runs it and records how long it took and whether it found content
   * @throws NullPointerException if {@code loader} is {@code null}
   * @see TieredCache#get(ContentKey, TieredCache.Loader)
   */
  public TieredCache.Loader timed(TieredCache.Loader loader) {
    return loads.time(loader);
  }
}
