package org.tiercache.redis;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.PersistenceContract;

/**
 * The compatibility kit's persistence rules, run against the Redis tier: it does not declare
 * PERSISTENT (the tests run Redis without saving), so every test reports itself not applicable.
 */
final class RedisPersistenceContractTest extends PersistenceContract {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  private final String prefix = RedisTiers.freshPrefix();

  @Override
  protected CacheTier createTier(TierConfig config) {
    return RedisTiers.open(config, SERVER.uri(), prefix);
  }
}
