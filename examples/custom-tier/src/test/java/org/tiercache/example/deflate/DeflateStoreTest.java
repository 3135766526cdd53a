package org.tiercache.example.deflate;

import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.StoreContract;

/** The kit's {@link StoreContract}, held against the {@code deflate} tier. */
final class DeflateStoreTest extends StoreContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new DeflateTierProvider().create(config);
  }
}
