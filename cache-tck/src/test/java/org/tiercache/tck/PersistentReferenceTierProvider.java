package org.tiercache.tck;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/**
 * Provides a persistent {@link ReferenceTier} as {@code reference-persistent}, whose storage is
 * named by a {@code dir} setting as a disk tier's would be, so that the runner's scratch folders
 * are what keeps one test's storage apart from another's.
 */
public final class PersistentReferenceTierProvider implements CacheTierProvider {
  // Stands in for the file system: one storage per folder, shared by every tier opened on it.
  private static final Map<String, ReferenceTier.Storage> FOLDERS = new ConcurrentHashMap<>();

  /** Called by ServiceLoader. */
  public PersistentReferenceTierProvider() {}

  @Override
  public String id() {
    return "reference-persistent";
  }

  @Override
  public Map<String, String> scratchSettings(Path scratchDir) {
    return Map.of("dir", scratchDir.toString());
  }

  @Override
  public CacheTier create(TierConfig config) {
    String dir = config.requireOnly(id(), Set.of("dir")).get("dir")
        .orElseThrow(() -> new CacheException("tier '" + id() + "' needs a 'dir' setting"));
    return new ReferenceTier(id(), config,
        FOLDERS.computeIfAbsent(dir, d -> new ReferenceTier.Storage()), Set.of());
  }
}
