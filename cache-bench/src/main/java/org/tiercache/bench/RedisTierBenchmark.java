package org.tiercache.bench;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import org.tiercache.redis.RedisServer;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;

/**
 * The price of the Redis tier's atomic bookkeeping: its get and put (one Lua script each, keeping
 * the byte bound, LRU order and expiry on the server) against a plain client's GET and SET of the
 * same bytes on the same server, one thread, loopback. The ratio tier/plain is the figure to read;
 * both sides pay the same network and copy of the content.
 *
 * <p>Each fork starts its own {@code redis-server} (127.0.0.1, a free port, no persistence) in its
 * trial setup and stops it through its process at teardown, with the Redis tier tests'
 * {@link RedisServer} (cache-redis's test-jar): the binary on {@code PATH}, else the one shipped in
 * the embedded-redis jar, so a JDK is enough.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RedisTierBenchmark {
  private static final int ENTRIES = RedisPopulation.ENTRIES;
  // A batch: the attachments of one message, say (issue 14: one round trip, not 100).
  private static final int BATCH = 100;

  @Param({"4096", "262144"})
  int size;

  private RedisServer server;
  private CacheTier tier;
  private RedisClient plain;
  private ContentKey[] keys;
  private byte[][] plainKeys;
  private byte[] content;
  private int next;
  private List<ContentKey> batchKeys;
  private Map<ContentKey, byte[]> batchEntries;
  private byte[][] plainBatchKeys;

  @Setup(Level.Trial)
  public void startServer() {
    server = RedisServer.start();
    String uri = server.uri();
    tier = TierDiscovery.scan().provider("redis").create(TierConfig.parse(
        "capacity=1GB ttl=1h prefix=bench uri=" + uri));
    plain = RedisClient.create(uri);
    RedisPopulation entries = RedisPopulation.fill(size, plain, tier);
    keys = entries.keys;
    plainKeys = entries.plainKeys;
    content = entries.content;
    batchKeys = new ArrayList<>(BATCH);
    batchEntries = new LinkedHashMap<>();
    plainBatchKeys = new byte[BATCH][];
    for (int i = 0; i < BATCH; i++) {
      batchKeys.add(keys[i]);
      batchEntries.put(keys[i], content);
      plainBatchKeys[i] = plainKeys[i];
    }
  }

  @TearDown(Level.Trial)
  public void stopServer() {
    tier.close();
    plain.close();
    server.stop();
  }

  /** The tier's get: one EVALSHA that checks age and bumps recency, and a GET, one round trip. */
  @Benchmark
  public ByteBuffer tierGet() {
    return tier.get(keys[next++ & (ENTRIES - 1)]);
  }

  /** A plain GET of the same bytes. */
  @Benchmark
  public byte[] plainGet() {
    return plain.get(plainKeys[next++ & (ENTRIES - 1)]);
  }

  /** The tier's put (a replacement): one EVALSHA that reclaims, evicts if needed, and stores. */
  @Benchmark
  public boolean tierPut() {
    return tier.put(keys[next++ & (ENTRIES - 1)], content);
  }

  /** A plain SET of the same bytes. */
  @Benchmark
  public String plainSet() {
    return plain.set(plainKeys[next++ & (ENTRIES - 1)], content);
  }

  /** The tier's getAll of 100 keys: one pipeline of 100 get scripts and GETs. */
  @Benchmark
  public Map<ContentKey, ByteBuffer> tierGetAll100() {
    Map<ContentKey, ByteBuffer> found = tier.getAll(batchKeys);
    if (found.size() != BATCH) {
      throw new IllegalStateException("getAll found " + found.size() + " of " + BATCH);
    }
    return found;
  }

  /** 100 plain GETs of the same bytes in one pipeline. */
  @Benchmark
  public List<byte[]> plainGet100Pipelined() {
    List<Response<byte[]>> replies = new ArrayList<>(BATCH);
    try (AbstractPipeline pipeline = plain.pipelined()) {
      for (byte[] key : plainBatchKeys) {
        replies.add(pipeline.get(key));
      }
      pipeline.sync();
    }
    List<byte[]> values = new ArrayList<>(BATCH);
    for (Response<byte[]> reply : replies) {
      values.add(reply.get());
    }
    return values;
  }

  /** The tier's putAll of 100 entries (replacements): one pipeline of 100 put scripts. */
  @Benchmark
  public Map<ContentKey, Boolean> tierPutAll100() {
    return tier.putAll(batchEntries);
  }

  /** 100 plain SETs of the same bytes in one pipeline. */
  @Benchmark
  public List<String> plainSet100Pipelined() {
    List<Response<String>> replies = new ArrayList<>(BATCH);
    try (AbstractPipeline pipeline = plain.pipelined()) {
      for (byte[] key : plainBatchKeys) {
        replies.add(pipeline.set(key, content));
      }
      pipeline.sync();
    }
    List<String> values = new ArrayList<>(BATCH);
    for (Response<String> reply : replies) {
      values.add(reply.get());
    }
    return values;
  }
}
