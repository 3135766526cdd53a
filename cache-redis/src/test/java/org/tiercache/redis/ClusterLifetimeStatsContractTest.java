package org.tiercache.redis;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.LifetimeStatsContract;

/**
 * The compatibility kit's lifetime statistics rules, run against the Redis tier on the run's
 * Redis Cluster ({@code redis-cluster://}, 3 primaries and 3 replicas) with one shard: the
 * cluster client, its routing, and the calls made one by one rather than pipelined. A fresh
 * prefix per test.
 */
final class ClusterLifetimeStatsContractTest extends LifetimeStatsContract {
  @RegisterExtension
  static final RedisClusterExtension CLUSTER = new RedisClusterExtension();

  private final String prefix = RedisTiers.freshPrefix();

  @Override
  protected CacheTier createTier(TierConfig config) {
    return RedisTiers.open(config.toBuilder().set("shards", "1").build(), CLUSTER.uri(), prefix);
  }
}
