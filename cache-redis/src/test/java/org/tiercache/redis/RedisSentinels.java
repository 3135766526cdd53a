package org.tiercache.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * A primary, one replica and three sentinels for the tests, all real {@code redis-server}
 * processes of the binary {@link RedisBinary} chooses (the sentinels are {@code redis-server
 * sentinel.conf --sentinel}), on 127.0.0.1 and free ports; quorum 2, a primary down after 1 s.
 * Ready once every sentinel knows the replica and the two other sentinels. Stopped by pid.
 */
public final class RedisSentinels implements AutoCloseable {
  /** The name the sentinels monitor the primary by. */
  public static final String MASTER = "tiercache-test";

  private final RedisServer primary;
  private final RedisServer replica;
  private final List<Process> sentinels = new ArrayList<>();
  private final List<Integer> sentinelPorts = new ArrayList<>();

  private RedisSentinels(RedisServer primary, RedisServer replica) {
    this.primary = primary;
    this.replica = replica;
  }

  /** Starts the primary, its replica and three sentinels, and waits until they know each other. */
  public static RedisSentinels start() {
    RedisServer primary = RedisServer.start();
    RedisServer replica = RedisServer.start("--replicaof", "127.0.0.1",
        Integer.toString(primary.port()));
    RedisSentinels set = new RedisSentinels(primary, replica);
    try {
      for (int i = 0; i < 3; i++) {
        set.startSentinel();
      }
      RedisCluster.await("the replica linked", () -> RedisCluster.info(replica, "replication")
          .getOrDefault("master_link_status", "").equals("up"));
      RedisCluster.await("every sentinel knows the replica and the other sentinels", () -> {
        for (int port : set.sentinelPorts) {
          try (Jedis sentinel = new Jedis("127.0.0.1", port, 2000)) {
            List<?> replicas = (List<?>) sentinel.sendCommand(Protocol.Command.SENTINEL,
                "replicas", MASTER);
            List<?> others = (List<?>) sentinel.sendCommand(Protocol.Command.SENTINEL,
                "sentinels", MASTER);
            if (replicas.isEmpty() || others.size() < 2) {
              return false;
            }
          }
        }
        return true;
      });
      return set;
    } catch (RuntimeException e) {
      set.close();
      throw e;
    }
  }

  private void startSentinel() {
    int port = RedisServer.freePort(0);
    try {
      Path dir = Files.createTempDirectory("tiercache-sentinel-");
      Path config = dir.resolve("sentinel.conf");
      Files.writeString(config, String.join("\n",
          "port " + port,
          "bind 127.0.0.1",
          "daemonize no",
          "dir " + dir,
          "sentinel monitor " + MASTER + " 127.0.0.1 " + primary.port() + " 2",
          "sentinel down-after-milliseconds " + MASTER + " 1000",
          "sentinel failover-timeout " + MASTER + " 5000",
          "sentinel parallel-syncs " + MASTER + " 1", ""));
      Process process = new ProcessBuilder(RedisBinary.chosen().toString(), config.toString(),
          "--sentinel")
          .redirectErrorStream(true)
          .redirectOutput(dir.resolve("sentinel.log").toFile())
          .start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
      sentinels.add(process);
      sentinelPorts.add(port);
      RedisCluster.await("sentinel on port " + port + " answers", () -> {
        try (Jedis sentinel = new Jedis("127.0.0.1", port, 500)) {
          return "PONG".equals(sentinel.ping());
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns {@code redis-sentinel://127.0.0.1:p1,...?master=tiercache-test}. */
  public String uri() {
    return "redis-sentinel://" + sentinelPorts.stream().map(port -> "127.0.0.1:" + port)
        .collect(Collectors.joining(",")) + "?master=" + MASTER;
  }

  /** Returns the primary as started. */
  public RedisServer primary() {
    return primary;
  }

  /** Returns the replica as started. */
  public RedisServer replica() {
    return replica;
  }

  /** Returns the port of the primary the first sentinel names now. */
  public int primaryPort() {
    try (Jedis sentinel = new Jedis("127.0.0.1", sentinelPorts.get(0), 2000)) {
      return Integer.parseInt(sentinel.sentinelGetMasterAddrByName(MASTER).get(1));
    }
  }

  /** Stops the sentinels and the servers through their processes. */
  @Override
  public void close() {
    for (Process sentinel : sentinels) {
      sentinel.destroy();
      try {
        if (!sentinel.waitFor(30, TimeUnit.SECONDS)) {
          sentinel.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    replica.stop();
    primary.stop();
  }
}
