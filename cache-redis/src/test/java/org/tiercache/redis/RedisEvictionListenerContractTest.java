package org.tiercache.redis;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.EvictionListenerContract;

/**
 * The compatibility kit's eviction listener rules, run against the Redis tier on a real server, a
 * fresh prefix per test: skipped as not applicable, since the Redis tier ignores a listener.
 */
final class RedisEvictionListenerContractTest extends EvictionListenerContract {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  private final String prefix = RedisTiers.freshPrefix();

  @Override
  protected CacheTier createTier(TierConfig config) {
    return RedisTiers.open(config, SERVER.uri(), prefix);
  }
}
