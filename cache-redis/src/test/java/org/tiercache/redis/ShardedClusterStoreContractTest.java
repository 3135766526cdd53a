package org.tiercache.redis;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.StoreContract;

/**
 * The compatibility kit's store rules, run against the Redis tier on the run's
 * Redis Cluster with the namespace in 4 shards (spread over the primaries): every call on the
 * keys of one shard, a listing merged from the shards. A fresh
 * prefix per test.
 */
final class ShardedClusterStoreContractTest extends StoreContract {
  @RegisterExtension
  static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

  private final String prefix = RedisTiers.freshPrefix();

  @Override
  protected CacheTier createTier(TierConfig config) {
    return RedisTiers.open(config.toBuilder().set("shards", "4").build(), CLUSTER.uri(), prefix);
  }
}
