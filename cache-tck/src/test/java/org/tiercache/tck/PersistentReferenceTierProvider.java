package org.tiercache.tck;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/**
 * Provides a persistent {@link ReferenceTier} as {@code reference-persistent}, kept in a file of
 * the folder its {@code dir} setting names ({@link FolderStorage}), as a disk tier's would be: the
 * runner's scratch folders keep one test's storage apart from another's, and the ownership suite
 * has a real folder to check.
 */
public final class PersistentReferenceTierProvider implements CacheTierProvider {
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
    return new ReferenceTier(id(), config, new FolderStorage(Path.of(dir), Set.of()), Set.of());
  }
}
