package org.tiercache.micrometer.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import org.tiercache.api.TierHealth;
import org.tiercache.api.TierStats;

/**
 * Registers the meters of one tier, or of a stack as a whole, each reading a source object on
 * demand. The meters hold the source weakly (Micrometer's function counters and gauges do so by
 * default), and no function here captures it, so that binding never keeps a closed cache alive:
 * once it is collected, its gauges read NaN and its counters keep their last value.
 *
 * <p>A source whose statistics throw when read (a tier of one's own that fails, a stack one of
 * whose tiers fails) never breaks a scrape: its counters keep the last value they read and its
 * gauges read NaN until it answers again.
 *
 * @param <T> the type of the source: a tier, or a stack from which one tier's figures are read
 */
public final class TierMeters<T> {
  /** The tag naming the cache, as Micrometer's cache binders name it. */
  public static final String CACHE = "cache";
  /** The tag naming the tier: its id, or its name in a stack ({@code memory}, {@code memory#2}). */
  public static final String TIER = "tier";
  /** The tag giving the tier's place: {@code 0} for the fastest, or {@link #WHOLE_STACK}. */
  public static final String POSITION = "position";
  /** The position of meters that describe a stack as a whole, as its callers see it. */
  public static final String WHOLE_STACK = "stack";

  private static final String GETS = "The number of times cache lookup methods have returned a "
      + "cached (hit) or uncached (miss) value.";

  private final MeterRegistry registry;
  private final T source;
  private final Tags tags;

  /**
   * Prepares to register meters.
   *
   * @param registry where the meters go
   * @param source what they read, held weakly by each meter
   * @param tags the tags of every meter, including {@link #CACHE}, {@link #TIER} and
   *     {@link #POSITION}
   */
  public TierMeters(MeterRegistry registry, T source, Tags tags) {
    this.registry = Objects.requireNonNull(registry, "registry must not be null");
    this.source = Objects.requireNonNull(source, "source must not be null");
    this.tags = Objects.requireNonNull(tags, "tags must not be null");
  }

  /**
   * Checks the value of the {@link #CACHE} tag.
   *
   * @param cacheName the name
   * @return the name
   * @throws NullPointerException if it is {@code null}
   * @throws IllegalArgumentException naming it if it is blank
   */
  public static String cacheName(String cacheName) {
    Objects.requireNonNull(cacheName, "cache name must not be null");
    if (cacheName.isBlank()) {
      throw new IllegalArgumentException("cache name must not be blank: '" + cacheName + "'");
    }
    return cacheName;
  }

  /**
   * Registers the meters read from a {@link TierStats}: {@code cache.gets} (hit and miss),
   * {@code cache.puts}, {@code cache.puts.rejected}, {@code cache.evictions},
   * {@code cache.expirations}, {@code cache.damaged}, {@code cache.size} (entries) and
   * {@code cache.content.size} (bytes).
   *
   * @param stats reads the source's statistics; may throw
   */
  public void statistics(Function<? super T, TierStats> stats) {
    counter("cache.gets", GETS, s -> stats.apply(s).hits(), "result", "hit");
    counter("cache.gets", GETS, s -> stats.apply(s).misses(), "result", "miss");
    counter("cache.puts", "The number of entries added to the cache.",
        s -> stats.apply(s).puts());
    counter("cache.puts.rejected", "The number of puts the cache refused (content larger than "
        + "its capacity, or no tier's size rule taking it) or that failed.",
        s -> stats.apply(s).rejectedPuts());
    counter("cache.evictions", "The number of live entries removed to make room (not counting "
        + "expired ones, which cache.expirations counts).", s -> stats.apply(s).evictions());
    counter("cache.expirations", "The number of entries removed because their time to live had "
        + "passed.", s -> stats.apply(s).expirations());
    counter("cache.damaged", "The number of entries found damaged when read (content not matching "
        + "its checksum or digest, a file gone) and removed; each is also a miss.",
        s -> stats.apply(s).damaged());
    gauge("cache.size", "The number of entries in this cache.", null,
        s -> stats.apply(s).entryCount());
    gauge("cache.content.size", "The bytes of content this cache holds.", BaseUnits.BYTES,
        s -> stats.apply(s).sizeBytes());
  }

  /**
   * Registers {@code cache.capacity}, the most bytes of content the source holds.
   *
   * @param capacity reads the source's capacity in bytes; may throw
   */
  public void capacity(ToLongFunction<? super T> capacity) {
    gauge("cache.capacity", "The most bytes of content this cache holds.", BaseUnits.BYTES,
        capacity);
  }

  /**
   * Registers {@code cache.failures}, the calls from a stack to one of its tiers that threw.
   *
   * @param failures reads the tier's failure count; may throw
   */
  public void failures(ToLongFunction<? super T> failures) {
    counter("cache.failures", "The number of calls from the stack to this tier that threw (each a "
        + "miss, a write that went to another tier, or a failure reported to the caller).",
        failures);
  }

  private void counter(String name, String description, ToLongFunction<? super T> reader,
      String... extraTags) {
    LastValue last = new LastValue();
    FunctionCounter.builder(name, source, s -> last.update(s, reader))
        .tags(tags)
        .tags(extraTags)
        .description(description)
        .register(registry);
  }

  /**
   * Registers {@code cache.health}: 1 while the source is up, 0.5 while degraded, 0 while down (its
   * {@link TierHealth}), so that a dashboard can alert on a value below 1; NaN if the health cannot
   * be read.
   *
   * @param health reads the source's health; may throw
   */
  public void health(Function<? super T, TierHealth> health) {
    Gauge.builder("cache.health", source, s -> healthValue(s, health))
        .tags(tags)
        .description("1 while the cache is up, 0.5 while degraded, 0 while down.")
        .register(registry);
  }

  private static <S> double healthValue(S source, Function<? super S, TierHealth> reader) {
    TierHealth health;
    try {
      health = reader.apply(source);
    } catch (RuntimeException e) {
      return Double.NaN;
    }
    if (health == null) {
      return Double.NaN;
    }
    return switch (health.status()) {
      case UP -> 1;
      case DEGRADED -> 0.5;
      default -> 0;
    };
  }

  private void gauge(String name, String description, String baseUnit,
      ToLongFunction<? super T> reader) {
    Gauge.builder(name, source, s -> readOrNaN(s, reader))
        .tags(tags)
        .description(description)
        .baseUnit(baseUnit)
        .register(registry);
  }

  private static <S> double readOrNaN(S source, ToLongFunction<? super S> reader) {
    try {
      return reader.applyAsLong(source);
    } catch (RuntimeException e) {
      // A gauge with no current value: NaN is how Micrometer says "unknown".
      return Double.NaN;
    }
  }

  /**
   * The last value a counter read, which it keeps while its source fails: a counter never goes back
   * or turns into NaN because one scrape could not read it.
   */
  private static final class LastValue {
    private volatile double value;

    <S> double update(S source, ToLongFunction<? super S> reader) {
      try {
        value = reader.applyAsLong(source);
      } catch (RuntimeException e) {
        // Keep the last value; the next scrape tries again.
      }
      return value;
    }
  }
}
