package org.tiercache.disk;

import java.nio.file.Path;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

/** Opens disk tiers the way users do: the provider found by id, with the folder added. */
final class DiskTiers {
  private DiskTiers() {}

  static CacheTier open(TierConfig config, Path dir) {
    return TierDiscovery.scan().provider("disk").create(config.toBuilder().set("dir", dir.toString()).build());
  }
}
