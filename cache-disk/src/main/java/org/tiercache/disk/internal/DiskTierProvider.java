package org.tiercache.disk.internal;

import java.nio.file.Path;
import java.util.Map;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/**
 * Provides the {@code disk} tier. Public only so that {@link java.util.ServiceLoader} can make it; its
 * package is not exported.
 */
public final class DiskTierProvider implements CacheTierProvider {
  static final String ID = "disk";

  /** Does nothing: all work happens in {@link #create}. */
  public DiskTierProvider() {}

  @Override
  public String id() {
    return ID;
  }

  /**
   * Opens the folder named by {@code dir}, creating it if absent, and recovers what it holds.
   *
   * @throws org.tiercache.api.CacheException if a setting is unknown or invalid, {@code dir} is
   *     missing, the folder is not the tier's to take (it holds files the tier did not make, a
   *     link where the tier keeps its own files, or a newer format), or it cannot be made, written
   *     or locked; the message names it
   */
  @Override
  public CacheTier create(TierConfig config) {
    return DiskTier.open(DiskSettings.from(config));
  }

  @Override
  public Map<String, String> scratchSettings(Path scratchDir) {
    return Map.of(DiskSettings.DIR, scratchDir.toString());
  }
}
