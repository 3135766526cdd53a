package org.tiercache.redis;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.CrashContract;

/**
 * The compatibility kit's crash rule, run against the Redis tier: not applicable, as it does not
 * declare PERSISTENT.
 */
final class RedisCrashContractTest extends CrashContract {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  private final String prefix = RedisTiers.freshPrefix();

  @Override
  protected CacheTier createTier(TierConfig config) {
    return RedisTiers.open(config, SERVER.uri(), prefix);
  }
}
