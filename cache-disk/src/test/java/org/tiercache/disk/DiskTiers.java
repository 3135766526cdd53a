package org.tiercache.disk;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

/**
 * Opens disk tiers the way users do: the provider found by id, with the folder added, and for the
 * kit's suites run again on another layout, that layout's settings over the kit's.
 */
final class DiskTiers {
  /** Every entry a file of its own: under the default settings the kit's content is all packed. */
  static final Map<String, String> FILES = Map.of("pack.below", "0");
  /**
   * Every kit entry packed, in tiny segments, so that the tests cross from one segment to the next
   * and free emptied ones.
   */
  static final Map<String, String> PACKED_IN_SMALL_SEGMENTS =
      Map.of("pack.below", "1MB", "segment.size", "1MB");

  private DiskTiers() {}

  static CacheTier open(TierConfig config, Path dir) {
    return open(config, dir, Map.of());
  }

  /** Opens a tier in {@code dir} with {@code settings} over the kit's configuration. */
  static CacheTier open(TierConfig config, Path dir, Map<String, String> settings) {
    TierConfig.Builder builder = config.toBuilder().set("dir", dir.toString());
    settings.forEach(builder::set);
    return TierDiscovery.scan().provider("disk").create(builder.build());
  }

  /** The crash contract's child settings: the provider's scratch settings and {@code settings}. */
  static Map<String, String> crashSettings(CacheTierProvider provider, Path scratchDir,
      Map<String, String> settings) {
    Map<String, String> merged = new HashMap<>(provider.scratchSettings(scratchDir));
    merged.putAll(settings);
    return merged;
  }
}
