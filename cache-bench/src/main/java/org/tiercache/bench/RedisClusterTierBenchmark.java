package org.tiercache.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;
import org.tiercache.redis.RedisCluster;
import org.tiercache.redis.RedisServer;

/**
 * The Redis tier's get and put on one server against the same on a Redis Cluster (3 primaries and
 * 3 replicas on loopback, the namespace in the cluster's default 24 shards), one thread: what the
 * cluster client and its calls one by one (a get is the script then a GET, two round trips, where
 * one server takes one pipelined round trip) cost per call. Each fork starts its own servers, with
 * the Redis tier tests' {@link RedisServer} and {@link RedisCluster} (cache-redis's test-jar), and
 * stops them through their processes at teardown.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RedisClusterTierBenchmark {
  private static final int ENTRIES = RedisPopulation.ENTRIES;

  @Param({"single", "cluster"})
  String server;

  @Param({"4096", "262144"})
  int size;

  private RedisServer single;
  private RedisCluster cluster;
  private CacheTier tier;
  private ContentKey[] keys;
  private byte[] content;
  private int next;

  @Setup(Level.Trial)
  public void start() {
    String uri;
    if (server.equals("cluster")) {
      cluster = RedisCluster.start();
      uri = cluster.uri();
    } else {
      single = RedisServer.start();
      uri = single.uri();
    }
    tier = TierDiscovery.scan().provider("redis").create(TierConfig.parse(
        "capacity=1GB ttl=1h prefix=bench uri=\"" + uri + "\""));
    RedisPopulation entries = RedisPopulation.fillTiers(size, tier);
    keys = entries.keys;
    content = entries.content;
  }

  @TearDown(Level.Trial)
  public void stop() {
    tier.close();
    if (cluster != null) {
      cluster.close();
    }
    if (single != null) {
      single.stop();
    }
  }

  /** The tier's get of an entry it holds. */
  @Benchmark
  public ByteBuffer tierGet() {
    return tier.get(keys[next++ & (ENTRIES - 1)]);
  }

  /** The tier's put (a replacement) of an entry it holds. */
  @Benchmark
  public boolean tierPut() {
    return tier.put(keys[next++ & (ENTRIES - 1)], content);
  }
}
