package org.tiercache.tck;

import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/** A provider like a server tier's with no server configured: every create fails, naming why. */
public final class ServerlessTierProvider implements CacheTierProvider {
  /** Instantiated by ServiceLoader. */
  public ServerlessTierProvider() {}

  @Override
  public String id() {
    return "needs-server";
  }

  @Override
  public CacheTier create(TierConfig config) {
    throw new CacheException("no server configured: set needs-server.uri");
  }
}
