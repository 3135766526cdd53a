package org.tiercache.micrometer.internal;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.tiercache.tiered.TieredCache;

/**
 * Times the loads of {@link TieredCache#get(org.tiercache.api.ContentKey, TieredCache.Loader)} by
 * wrapping the loader, so that the stack itself is left as it is: {@code cache.loads}, a timer
 * tagged {@code result=success} (content found) or {@code result=failure} (the loader threw or found
 * nothing), as Micrometer's {@code CaffeineStatsCounter} names it.
 *
 * <p>Only the loader's own time is measured: the stack runs it once per flight of concurrent misses,
 * and its callers' wait, the digest check and the put that follow are not part of it. Each registry
 * the timers are registered with times the load on its own {@link Clock}.
 */
public final class LoadTimers {
  private static final String DESCRIPTION = "The number of times cache lookup methods have "
      + "successfully loaded a new value or failed to load a new value, either because no value was "
      + "found or an exception was thrown while loading";

  /** One per registry; copied on write, as registries are bound once and loads are many. */
  private final List<Bound> bound = new CopyOnWriteArrayList<>();

  /** Creates timers bound to no registry yet: loads are timed once {@link #register} is called. */
  public LoadTimers() {}

  /**
   * Registers the timers with a registry; a second call with the same registry does nothing.
   *
   * @param registry the registry
   * @param tags the stack's tags
   */
  public synchronized void register(MeterRegistry registry, Tags tags) {
    for (Bound b : bound) {
      if (b.registry() == registry) {
        return;
      }
    }
    bound.add(new Bound(registry, registry.config().clock(), timer(registry, tags, "success"),
        timer(registry, tags, "failure")));
  }

  /**
   * Wraps a loader so that each of its runs is timed in every registry bound.
   *
   * @param loader the loader
   * @return a loader that runs it and records its time
   * @throws NullPointerException if {@code loader} is {@code null}
   */
  public TieredCache.Loader time(TieredCache.Loader loader) {
    Objects.requireNonNull(loader, "loader must not be null");
    return key -> {
      List<Bound> timers = List.copyOf(bound);
      long[] starts = new long[timers.size()];
      for (int i = 0; i < starts.length; i++) {
        starts[i] = timers.get(i).clock().monotonicTime();
      }
      boolean found = false;
      try {
        byte[] content = loader.load(key);
        found = content != null;
        return content;
      } finally {
        for (int i = 0; i < starts.length; i++) {
          Bound b = timers.get(i);
          (found ? b.success() : b.failure())
              .record(b.clock().monotonicTime() - starts[i], TimeUnit.NANOSECONDS);
        }
      }
    };
  }

  private static Timer timer(MeterRegistry registry, Tags tags, String result) {
    return Timer.builder("cache.loads")
        .tags(tags)
        .tag("result", result)
        .description(DESCRIPTION)
        .register(registry);
  }

  private record Bound(MeterRegistry registry, Clock clock, Timer success, Timer failure) {}
}
