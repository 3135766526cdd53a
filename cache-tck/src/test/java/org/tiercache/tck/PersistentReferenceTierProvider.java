package org.tiercache.tck;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/**
 * Provides a persistent {@link ReferenceTier} as {@code reference-persistent}, kept in files of
 * the folder its {@code dir} setting names ({@link FolderStorage}), as a disk tier's would be: the
 * runner's scratch folders keep one test's storage apart from another's, and the ownership suite
 * has a real folder to check.
 */
public final class PersistentReferenceTierProvider implements CacheTierProvider {
  /**
   * The setting that picks when the storage writes: {@code always} (the default: every change is
   * logged before its call returns) or {@code close} (only a clean close writes, a broken tier for
   * the crash rule's self-test).
   */
  static final String SAVES = "saves";

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
    config.requireOnly(id(), Set.of("dir", SAVES));
    String dir = config.get("dir")
        .orElseThrow(() -> new CacheException("tier '" + id() + "' needs a 'dir' setting"));
    String saves = config.get(SAVES).orElse("always");
    Set<FolderStorage.Flaw> flaws;
    if (saves.equals("always")) {
      flaws = Set.of();
    } else if (saves.equals("close")) {
      flaws = Set.of(FolderStorage.Flaw.SAVES_ONLY_ON_CLOSE);
    } else {
      throw new CacheException("tier '" + id() + "': '" + SAVES + "' must be always or close, not '"
          + saves + "'");
    }
    return new ReferenceTier(id(), config, new FolderStorage(Path.of(dir), flaws), Set.of());
  }
}
