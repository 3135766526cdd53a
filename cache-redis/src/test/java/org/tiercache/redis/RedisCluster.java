package org.tiercache.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A real Redis Cluster for the tests: 3 primaries and 3 replicas, each a {@link RedisServer} on
 * 127.0.0.1 and a free port whose bus port (port + 10000) is free too, joined with {@code CLUSTER
 * MEET}, the 16384 slots given with {@code CLUSTER ADDSLOTS} in three equal runs (as
 * {@code redis-cli --cluster create} gives them), each replica set with {@code CLUSTER REPLICATE};
 * no {@code redis-cli} needed. Ready once every node reports {@code cluster_state:ok} and every
 * replica its link to its primary up. Stopped by pid, node by node. Node timeout 1 s, so a failover
 * takes a couple of seconds; {@code cluster-require-full-coverage no}, as the module's README
 * recommends, so the slots of a lost primary are the only ones refused.
 */
public final class RedisCluster implements AutoCloseable {
  private static final Duration READY_BOUND = Duration.ofSeconds(60);
  private static final int SLOTS = 16_384;

  private final List<RedisServer> primaries = new ArrayList<>();
  private final List<RedisServer> replicas = new ArrayList<>();
  private final String password;

  private RedisCluster(String password) {
    this.password = password;
  }

  /** Starts and joins a cluster of 3 primaries, each with a replica. */
  public static RedisCluster start() {
    return start(3, null);
  }

  /**
   * Starts and joins a cluster of the given number of primaries, each with a replica, every node
   * requiring the password when one is given ({@code --requirepass}, {@code --masterauth}).
   */
  public static RedisCluster start(int masters, String password) {
    RedisCluster cluster = new RedisCluster(password);
    try {
      cluster.create(masters);
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  private void create(int masters) {
    List<RedisServer> all = new ArrayList<>();
    for (int i = 0; i < 2 * masters; i++) {
      RedisServer node = startNode(password);
      all.add(node);
      (i < masters ? primaries : replicas).add(node);
    }
    for (int i = 0; i < all.size(); i++) {
      try (Jedis jedis = admin(all.get(i))) {
        jedis.clusterSetConfigEpoch(i + 1);
      }
    }
    try (Jedis first = admin(all.get(0))) {
      for (RedisServer node : all.subList(1, all.size())) {
        first.clusterMeet("127.0.0.1", node.port());
      }
    }
    for (int i = 0; i < masters; i++) {
      int from = i * SLOTS / masters;
      int to = (i + 1) * SLOTS / masters;
      try (Jedis primary = admin(primaries.get(i))) {
        primary.clusterAddSlots(IntStream.range(from, to).toArray());
      }
    }
    await("every node knows the others", () -> all.stream().allMatch(node -> {
      try (Jedis jedis = admin(node)) {
        return jedis.clusterNodes().lines().filter(line -> !line.contains("handshake")).count()
            == all.size();
      }
    }));
    for (int i = 0; i < masters; i++) {
      String primaryId;
      try (Jedis primary = admin(primaries.get(i))) {
        primaryId = primary.clusterMyId();
      }
      try (Jedis replica = admin(replicas.get(i))) {
        replica.clusterReplicate(primaryId);
      }
    }
    awaitHealthy();
  }

  private static RedisServer startNode(String password) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      int port = RedisServer.freePort(10_000);
      List<String> arguments = new ArrayList<>(List.of("--cluster-enabled", "yes",
          "--cluster-config-file", "nodes-" + port + ".conf", "--cluster-node-timeout", "1000",
          "--cluster-require-full-coverage", "no"));
      if (password != null) {
        arguments.addAll(List.of("--requirepass", password, "--masterauth", password));
      }
      try {
        return RedisServer.startOn(port, arguments.toArray(new String[0]));
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  /** Waits until every running node says {@code cluster_state:ok} and every replica is linked. */
  public void awaitHealthy() {
    await("cluster_state:ok on every node, every replica linked", () -> {
      for (RedisServer node : nodes()) {
        if (!node.isRunning()) {
          continue;
        }
        try (Jedis jedis = admin(node)) {
          if (!jedis.clusterInfo().contains("cluster_state:ok")) {
            return false;
          }
          String replication = jedis.info("replication");
          if (replication.contains("role:slave")
              && !replication.contains("master_link_status:up")) {
            return false;
          }
        }
      }
      return true;
    });
  }

  /** Returns {@code redis-cluster://127.0.0.1:p1,127.0.0.1:p2,...} of every node. */
  public String uri() {
    return "redis-cluster://" + nodes().stream().map(node -> "127.0.0.1:" + node.port())
        .collect(Collectors.joining(","));
  }

  /** Returns the primaries as started (a failover may have changed their roles). */
  public List<RedisServer> primaries() {
    return List.copyOf(primaries);
  }

  /** Returns the replicas as started. */
  public List<RedisServer> replicas() {
    return List.copyOf(replicas);
  }

  /** Returns every node. */
  public List<RedisServer> nodes() {
    List<RedisServer> all = new ArrayList<>(primaries);
    all.addAll(replicas);
    return all;
  }

  /** Returns the node that serves a slot now, as a running node sees it. */
  public RedisServer primaryOf(int slot) {
    for (RedisServer asked : nodes()) {
      if (!asked.isRunning()) {
        continue;
      }
      try (Jedis jedis = admin(asked)) {
        for (Object range : jedis.clusterSlots()) {
          List<?> parts = (List<?>) range;
          long from = (Long) parts.get(0);
          long to = (Long) parts.get(1);
          if (slot >= from && slot <= to) {
            long port = (Long) ((List<?>) parts.get(2)).get(1);
            return nodes().stream().filter(node -> node.port() == port).findFirst()
                .orElseThrow();
          }
        }
      }
    }
    throw new IllegalStateException("no node serves slot " + slot);
  }

  // A connection to a node, logged in when the cluster has a password.
  private Jedis admin(RedisServer node) {
    Jedis jedis = jedis(node);
    if (password != null) {
      jedis.auth(password);
    }
    return jedis;
  }

  /** Returns a plain connection to a node (closed by the caller). */
  public static Jedis jedis(RedisServer node) {
    return new Jedis("127.0.0.1", node.port(), 2000);
  }

  /** Reads {@code INFO} fields of a node as a map. */
  public static Map<String, String> info(RedisServer node, String section) {
    try (Jedis jedis = jedis(node)) {
      return jedis.info(section).lines().filter(line -> line.contains(":"))
          .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(':')),
              line -> line.substring(line.indexOf(':') + 1).trim(), (a, b) -> b));
    }
  }

  /** Stops every node through its process. */
  @Override
  public void close() {
    nodes().forEach(RedisServer::stop);
  }

  /**
   * Polls until the condition holds, a failure to reach a node counted as not yet: bounded (a
   * minute), never a timing assertion.
   *
   * @throws IllegalStateException naming what was awaited, if it does not come
   */
  public static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + READY_BOUND.toNanos();
    while (true) {
      try {
        if (condition.getAsBoolean()) {
          return;
        }
      } catch (JedisException e) {
        // Not ready yet.
      }
      if (System.nanoTime() - deadline > 0) {
        throw new IllegalStateException("the test cluster did not reach: " + what + " within "
            + READY_BOUND);
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
  }
}
