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
 *       expiry of each content key, so that nothing the tier forgets lives for ever; at most
 *       100 years (a longer ttl gets that backstop).
 *   <li>{@code retry.interval} (default {@code 1s}): during an outage, calls fail at once except
 *       one per interval, which tries the server.
 *   <li>{@code reconcile.interval} (default {@code 1h}): how often a full reconciliation of the
 *       namespace's bookkeeping is due (across its clients); {@code 0} for only when a call sees
 *       it wrong.
 * </ul>
 *
 * <p>A put the server cannot take for an outage fails with a
 * {@link org.tiercache.api.CacheException} ({@code redis at host:port unavailable}), a failure and
 * not a rejected put (which counts content refused); gets miss
 * meanwhile, the outage is logged once, and the tier recovers by itself. A server out of memory
 * refuses puts ({@code false}). Bookkeeping that no longer matches the content (a server evicting
 * it, keys deleted by hand) heals itself. A password never shows in a message, a log or a
 * {@code toString}. See the module's README for the data layout, the scripts, the recommended
 * server configuration and the reasons for each default.
 *
 * <p>JFR events (category {@code tiercache}; it requires {@code jdk.jfr}):
 * {@code org.tiercache.redis.OutageBegan} (server, the call that met the outage, the failure, the
 * retry interval) and {@code org.tiercache.redis.OutageEnded} (server, the outage's length, puts and
 * other calls that failed meanwhile).
 *
 * @provides org.tiercache.api.CacheTierProvider the {@code redis} tier
 */
module org.tiercache.redis {
  requires org.tiercache.api;
  requires org.slf4j;
  requires jdk.jfr;
  requires static com.google.errorprone.annotations; // @GuardedBy, checked at compile time
  requires redis.clients.jedis;
  // Jedis's pool configuration extends commons-pool's, whose setters the tier calls.
  requires org.apache.commons.pool2;

  provides org.tiercache.api.CacheTierProvider with
      org.tiercache.redis.internal.RedisTierProvider;
}
