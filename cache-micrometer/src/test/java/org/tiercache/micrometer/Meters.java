package org.tiercache.micrometer;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;

/** Reads one series of a registry by its name and tags, failing if it is not there. */
final class Meters {
  private final MeterRegistry registry;
  private final String[] tags;

  /**
   * Reads series that carry the given tags.
   *
   * @param tags key-value pairs common to the series read, such as {@code "cache", "att"}
   */
  Meters(MeterRegistry registry, String... tags) {
    this.registry = registry;
    this.tags = tags;
  }

  double count(String name, String... moreTags) {
    return find(name, moreTags).functionCounter().count();
  }

  double gauge(String name, String... moreTags) {
    return find(name, moreTags).gauge().value();
  }

  RequiredSearch find(String name, String... moreTags) {
    return registry.get(name).tags(tags).tags(moreTags);
  }
}
