package org.tiercache.redis;

import java.util.UUID;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

/**
 * Opens Redis tiers the way users do: the provider found by id, with a server and a prefix. Public
 * for the tests of the internal package.
 */
public final class RedisTiers {
  private RedisTiers() {}

  /** Returns a prefix no other test uses, so that each test starts on an empty namespace. */
  public static String freshPrefix() {
    return "test-" + UUID.randomUUID();
  }

  /** Opens a tier of the given settings on the server at uri, under the prefix. */
  public static CacheTier open(TierConfig config, String uri, String prefix) {
    return TierDiscovery.scan().provider("redis").create(
        config.toBuilder().set("uri", uri).set("prefix", prefix).build());
  }
}
