package org.tiercache.tck;

import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;

/** The reference tier kept in a folder meets every rule of {@link OwnershipContract}. */
final class ReferenceOwnershipTest extends OwnershipContract {
  @TempDir Path folder;

  @Override
  protected CacheTier createTier(TierConfig config) {
    return new ReferenceTier("reference-folder", config, new FolderStorage(folder, Set.of()),
        Set.of());
  }

  @Override
  protected Path storageFolder() {
    return folder;
  }
}
