package org.tiercache.redis.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import org.tiercache.api.CacheException;
import redis.clients.jedis.ConnectionPool;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The client the tier talks through, made for the kind of server its settings name: one server
 * ({@code redis://}), a Redis Cluster ({@code redis-cluster://}: the client follows {@code MOVED}
 * and {@code ASK} and learns a new topology by itself) or a primary found through Sentinel
 * ({@code redis-sentinel://}: the client follows the primary Sentinel names after a failover).
 *
 * @param redis the client
 * @param dropIdle drops the idle connections, once a call found the server gone: each would fail
 *     one call after the server is back and start a new outage of its own
 */
record Connections(UnifiedJedis redis, Runnable dropIdle) {

  /**
   * Makes the client the settings ask for. For one server nothing is sent yet (a server that does
   * not answer is an outage, which the tier rides out); a cluster client asks a seed node for the
   * slots' map, a Sentinel client asks the sentinels for the primary, now.
   *
   * @throws CacheException if the client of a cluster or of Sentinel cannot be made: no seed node
   *     or no sentinel answered, or they refused the login (the message names them, never the
   *     password)
   */
  static Connections open(RedisSettings settings) {
    try {
      return make(settings);
    } catch (JedisException e) {
      String what = refusedLogin(e) ? " refused the login (cannot open the tier on prefix '"
          : " unavailable (cannot open the tier on prefix '";
      throw settings.secrets().scrub(new CacheException("redis at " + settings.hostAndPort()
          + what + settings.namespace() + "': " + e.getMessage() + ")", e));
    }
  }

  // Whether the failure, or one the client gave up after, is a login the server refused.
  private static boolean refusedLogin(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof JedisAccessControlException) {
        return true;
      }
      for (Throwable suppressed : t.getSuppressed()) {
        if (refusedLogin(suppressed)) {
          return true;
        }
      }
    }
    return false;
  }

  private static Connections make(RedisSettings settings) {
    ServerAddress server = settings.server();
    JedisClientConfig client = clientConfig(settings, server.database(), true);
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(settings.poolSize());
    pool.setMaxIdle(settings.poolSize());
    pool.setMinIdle(0);
    // A caller waits for a free connection no longer than for a reply.
    pool.setMaxWait(settings.readTimeout());
    pool.setTestOnBorrow(false);
    pool.setTestWhileIdle(false);
    pool.setJmxEnabled(false);
    Set<HostAndPort> nodes = new LinkedHashSet<>();
    for (String node : server.nodes()) {
      nodes.add(HostAndPort.from(node));
    }
    switch (server.kind()) {
      case CLUSTER -> {
        RedisClusterClient cluster = RedisClusterClient.builder()
            .nodes(nodes)
            .clientConfig(client)
            .poolConfig(pool)
            .build();
        return new Connections(cluster,
            () -> cluster.getClusterNodes().values().forEach(ConnectionPool::clear));
      }
      case SENTINEL -> {
        // Sentinels themselves take the same timeouts and TLS; a password is the data nodes'.
        RedisSentinelClient sentineled = RedisSentinelClient.builder()
            .masterName(server.master())
            .sentinels(nodes)
            .clientConfig(client)
            .sentinelClientConfig(clientConfig(settings, 0, false))
            .poolConfig(pool)
            .build();
        return new Connections(sentineled, () -> { });
      }
      default -> {
        RedisClient single = RedisClient.builder()
            .hostAndPort(new HostAndPort(server.host(), server.port()))
            .clientConfig(client)
            .poolConfig(pool)
            .build();
        return new Connections(single, () -> single.getPool().clear());
      }
    }
  }

  private static JedisClientConfig clientConfig(RedisSettings settings, int database,
      boolean login) {
    ServerAddress server = settings.server();
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis((int) settings.connectTimeout().toMillis())
        .socketTimeoutMillis((int) settings.readTimeout().toMillis())
        .database(database)
        .clientName("tiercache");
    if (server.tls()) {
      client.sslOptions(SslOptions.defaults());
    }
    if (login && server.password() != null) {
      client.user(server.user()).password(server.password());
    }
    return client.build();
  }
}
