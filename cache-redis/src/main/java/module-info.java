/**
 * The Redis tier: one {@link org.tiercache.api.CacheTier} shared by every process that names the
 * same server and prefix, its byte bound, LRU order and expiry kept atomically by Lua scripts on
 * the server (one round trip per get and per put). Provider id {@code redis}; declares
 * {@link org.tiercache.api.TierCapability#SHARED}.
 *
 * <p>Settings (besides {@code capacity}, default 256 MiB, and {@code ttl}, default none):
 * <ul>
 *   <li>{@code uri}: {@code redis://[[user]:password@]host[:port][/database]}, or
 *       {@code rediss://} for TLS; or instead {@code host}, {@code port} (default 6379) and
 *       {@code database} (default 0). Without either, the system property
 *       {@code tiercache.redis.uri}, else the environment variable {@code TIERCACHE_REDIS_URI};
 *       without those, creating the tier fails, naming them.
 *   <li>{@code user}, {@code password}: the login, if the URI does not carry it.
 *   <li>{@code prefix} (default {@code tiercache}): the namespace; clients with the same server and
 *       prefix share one cache and should share capacity, ttl and backstop too.
 *   <li>{@code pool.size} (default 8): connections open at most.
 *   <li>{@code connect.timeout}, {@code read.timeout} (default {@code 2s} each): longer counts as
 *       an outage.
 *   <li>{@code backstop} (default ttl + 1h; without a ttl, 30 days since the last read): the Redis
 *       expiry of each content key, so that nothing the tier forgets lives for ever.
 *   <li>{@code retry.interval} (default {@code 1s}): during an outage, calls fail at once except
 *       one per interval, which tries the server.
 * </ul>
 *
 * <p>A server that cannot be reached is an outage, not an error: gets miss, puts are refused (both
 * counted), the outage is logged once, and the tier recovers by itself. See the module's README for
 * the data layout, the scripts and the reasons for each default.
 *
 * @provides org.tiercache.api.CacheTierProvider the {@code redis} tier
 */
module org.tiercache.redis {
  requires org.tiercache.api;
  requires org.slf4j;
  requires redis.clients.jedis;
  // Jedis's pool configuration extends commons-pool's, whose setters the tier calls.
  requires org.apache.commons.pool2;

  provides org.tiercache.api.CacheTierProvider with
      org.tiercache.redis.internal.RedisTierProvider;
}
