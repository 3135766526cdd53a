package org.tiercache.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.util.Objects;
import org.tiercache.api.CacheTier;
import org.tiercache.micrometer.internal.TierMeters;

/**
 * Publishes the statistics of one {@link CacheTier} to a {@link MeterRegistry}, under the names
 * Micrometer's own cache binders use, so that a dashboard made for Caffeine or Ehcache shows a tier
 * too.
 *
 * <pre>{@code
 * CacheTierMetrics.monitor(registry, tier, "thumbnails");
 * }</pre>
 *
 * <table>
 *   <caption>The meters</caption>
 *   <tr><th>name</th><th>type</th><th>from {@link org.tiercache.api.TierStats}</th></tr>
 *   <tr><td>{@code cache.gets}, tag {@code result=hit|miss}</td><td>function counter</td>
 *       <td>{@code hits}, {@code misses}</td></tr>
 *   <tr><td>{@code cache.puts}</td><td>function counter</td><td>{@code puts}</td></tr>
 *   <tr><td>{@code cache.puts.rejected}</td><td>function counter</td><td>{@code rejectedPuts}</td></tr>
 *   <tr><td>{@code cache.evictions}</td><td>function counter</td><td>{@code evictions}: entries
 *       removed for room only (Caffeine's count includes expired entries; here
 *       {@code cache.expirations} counts them)</td></tr>
 *   <tr><td>{@code cache.expirations}</td><td>function counter</td><td>{@code expirations}</td></tr>
 *   <tr><td>{@code cache.damaged}</td><td>function counter</td><td>{@code damaged}</td></tr>
 *   <tr><td>{@code cache.size}</td><td>gauge, entries</td><td>{@code entryCount}</td></tr>
 *   <tr><td>{@code cache.content.size}</td><td>gauge, bytes</td><td>{@code sizeBytes}</td></tr>
 *   <tr><td>{@code cache.capacity}</td><td>gauge, bytes</td>
 *       <td>{@link CacheTier#capacityBytes()}</td></tr>
 *   <tr><td>{@code cache.health}</td><td>gauge: 1 up, 0.5 degraded, 0 down</td>
 *       <td>{@link CacheTier#health()}</td></tr>
 * </table>
 *
 * <p>Every meter carries the tags {@code cache} (the name given), {@code tier} (the tier's
 * {@link CacheTier#id() id}) and {@code position} ({@code 0}: a tier alone is its cache's only and
 * fastest tier), after the extra tags given, which they override. The tag keys are those of
 * {@link TieredCacheMetrics}, since some registries (Prometheus) want one set of keys per name.
 *
 * <p>The meters read {@link CacheTier#stats()} when they are read (a scrape), and nothing is added to
 * the tier's own calls. They and this binder hold the tier weakly, as Micrometer's binders hold their
 * caches, so binding does not keep a closed tier alive: once it is collected, its gauges read NaN and
 * its counters keep their last value. A tier whose {@code stats()} throws leaves its counters at
 * their last value and its gauges at NaN until it answers again, so a scrape never fails for it.
 *
 * <p>For a {@link org.tiercache.tiered.TieredCache}, {@link TieredCacheMetrics} publishes each of its
 * tiers as well as the stack.
 *
 * @since 0.2
 */
public final class CacheTierMetrics implements MeterBinder {
  private final WeakReference<CacheTier> tierRef;
  private final Tags tags;

  /**
   * Prepares the meters of a tier; {@link #bindTo} registers them.
   *
   * @param tier the tier, held weakly
   * @param cacheName the value of the {@code cache} tag, such as {@code thumbnails}
   * @param tags extra tags for every meter
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code cacheName} is blank
   */
  public CacheTierMetrics(CacheTier tier, String cacheName, Iterable<Tag> tags) {
    Objects.requireNonNull(tier, "tier must not be null");
    Objects.requireNonNull(tags, "tags must not be null");
    this.tierRef = new WeakReference<>(tier);
    this.tags = Tags.of(tags).and(TierMeters.CACHE, TierMeters.cacheName(cacheName),
        TierMeters.TIER, tier.id(), TierMeters.POSITION, "0");
  }

  /**
   * Publishes a tier's statistics to a registry, in one line.
   *
   * @param registry the registry
   * @param tier the tier, held weakly
   * @param cacheName the value of the {@code cache} tag
   * @param tags extra tags as key-value pairs, such as {@code "region", "eu"}
   * @param <T> the tier's type
   * @return the tier, unchanged
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code cacheName} is blank or {@code tags} is odd in number
   */
  public static <T extends CacheTier> T monitor(MeterRegistry registry, T tier, String cacheName,
      String... tags) {
    return monitor(registry, tier, cacheName, Tags.of(tags));
  }

  /**
   * Publishes a tier's statistics to a registry, in one line.
   *
   * @param registry the registry
   * @param tier the tier, held weakly
   * @param cacheName the value of the {@code cache} tag
   * @param tags extra tags for every meter
   * @param <T> the tier's type
   * @return the tier, unchanged
   * @throws NullPointerException if an argument is {@code null}
   * @throws IllegalArgumentException if {@code cacheName} is blank
   */
  public static <T extends CacheTier> T monitor(MeterRegistry registry, T tier, String cacheName,
      Iterable<Tag> tags) {
    new CacheTierMetrics(tier, cacheName, tags).bindTo(registry);
    return tier;
  }

  /**
   * Registers the meters listed in the class description; nothing if the tier has been collected.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is {@code null}
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry must not be null");
    CacheTier tier = tierRef.get();
    if (tier == null) {
      return;
    }
    TierMeters<CacheTier> meters = new TierMeters<>(registry, tier, tags);
    meters.statistics(CacheTier::stats);
    meters.capacity(CacheTier::capacityBytes);
    meters.health(CacheTier::health);
  }
}
