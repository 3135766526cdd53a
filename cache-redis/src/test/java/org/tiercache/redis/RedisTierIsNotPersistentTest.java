package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;

/**
 * The kit's persistence and crash suites apply to tiers that declare {@code PERSISTENT}. The Redis
 * tier does not (whether entries outlive a restart is the server's configuration, not the tier's
 * promise), so those suites have nothing to check here; should it ever declare it, this fails, and
 * the suites must run against it instead.
 */
final class RedisTierIsNotPersistentTest {
  @RegisterExtension
  static final RedisServerExtension SERVER = new RedisServerExtension();

  @Test
  void theRedisTierDoesNotDeclarePersistent() {
    try (CacheTier tier = RedisTiers.open(TierConfig.parse("capacity=1MB"), SERVER.uri(),
        RedisTiers.freshPrefix())) {
      assertFalse(tier.capabilities().contains(TierCapability.PERSISTENT),
          tier.capabilities().toString());
    }
  }
}
