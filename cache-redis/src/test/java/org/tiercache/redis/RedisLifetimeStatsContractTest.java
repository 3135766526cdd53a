package org.tiercache.redis;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.LifetimeStatsContract;

/**
 * The compatibility kit's lifetime statistics rules, run against the Redis tier on a real
 * server, a fresh
 * prefix per test.
 */
final class RedisLifetimeStatsContractTest extends LifetimeStatsContract {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  private final String prefix = RedisTiers.freshPrefix();

  @Override
  protected CacheTier createTier(TierConfig config) {
    return RedisTiers.open(config, SERVER.uri(), prefix);
  }
}
