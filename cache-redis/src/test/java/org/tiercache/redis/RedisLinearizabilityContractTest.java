package org.tiercache.redis;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.LinearizabilityContract;

/**
 * The compatibility kit's linearizability rules, run against the Redis tier on a real server, a
 * fresh prefix per test.
 */
final class RedisLinearizabilityContractTest extends LinearizabilityContract {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  private final String prefix = RedisTiers.freshPrefix();

  @Override
  protected CacheTier createTier(TierConfig config) {
    return RedisTiers.open(config, SERVER.uri(), prefix);
  }
}
