package org.tiercache.redis.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.StatsCounter;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierStats;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.SslOptions;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A cache shared through a Redis server: every process that opens the same server and prefix sees
 * one cache under one byte bound.
 *
 * <p><b>Where the rules live.</b> Each operation is one Lua script ({@link Script}), run atomically
 * by the server in one round trip, over the keys of a {@link Namespace}; get and put queue the
 * script with a plain GET or SET of the content in one MULTI/EXEC, so that content never passes
 * through Lua, which copies it. The bound, the LRU order (a use counter in Redis, so the order is
 * exact for one client and global across clients, whatever their clocks), the reclaiming of
 * expired entries before live ones, and the counts of bytes and entries are all decided there. This
 * class only passes arguments, the time among them: ages are measured on the tier's
 * {@link CacheClock}, so a test moves them without sleeping, and every client of one namespace
 * should run the same TTL, capacity and backstop on clocks that agree.
 *
 * <p><b>Statistics.</b> Hits, misses, puts and refusals are this client's, counted here; evictions
 * and expirations are those its own calls caused, as the scripts report them. Size and count are
 * the namespace's, read from the server.
 *
 * <p><b>Outages.</b> A call that cannot reach the server, or that the server cannot serve now,
 * never throws: a get is a miss, a put is refused, contains is false, remove removes nothing,
 * clear and evictExpired do nothing, size and count are the last read; each get and put is counted
 * as such. {@link Availability} logs the outage once and decides when to try again. Other failures
 * (a refused login, a foreign key of the wrong type under the prefix) raise {@link CacheException}.
 */
final class RedisTier implements CacheTier {
  private static final Object UNAVAILABLE = new Object();
  private static final byte[][] NO_ARGS = new byte[0][];
  private static final byte[] PX = "PX".getBytes(StandardCharsets.US_ASCII);
  // How many entries one clear or evictExpired script handles at most, so that a large namespace
  // does not hold the server for long; the tier calls again until the work is done.
  private static final int BATCH = 1000;
  private static final byte[] BATCH_ARG = EpochDigits.number(BATCH);
  // The namespace's own keys outlive every content key by this much (see common.lua).
  private static final Duration NAMESPACE_MARGIN = Duration.ofMinutes(1);

  private final RedisSettings settings;
  private final RedisClient redis;
  private final Namespace namespace;
  private final Availability availability;
  private final StatsCounter stats = new StatsCounter();
  private final CacheClock clock;
  private final long capacityBytes;
  private final long ttlNanos;
  private final byte[] capacityArg;
  private final byte[] backstopArg;
  // With a TTL a read must not lengthen an entry's life, so it leaves the content's expiry alone;
  // without one the backstop is an idle time, renewed by each read.
  private final byte[] renewArg;
  private final byte[] namespaceExpiryArg;
  private final AtomicBoolean closed = new AtomicBoolean();
  // The occupancy last read from the server, reported while it cannot be reached.
  private volatile long lastSizeBytes;
  private volatile long lastEntryCount;

  private RedisTier(RedisSettings settings, RedisClient redis) {
    this.settings = settings;
    this.redis = redis;
    this.namespace = new Namespace(settings.namespace());
    this.availability = new Availability(settings.where(), settings.retryInterval(),
        System::nanoTime);
    this.clock = settings.clock();
    this.capacityBytes = settings.capacityBytes();
    this.ttlNanos = settings.ttlNanos();
    this.capacityArg = EpochDigits.number(capacityBytes);
    long backstopMillis = settings.backstop().toMillis();
    this.backstopArg = EpochDigits.number(backstopMillis);
    this.renewArg = ttlNanos == 0 ? backstopArg : EpochDigits.none();
    this.namespaceExpiryArg =
        EpochDigits.number(backstopMillis + NAMESPACE_MARGIN.toMillis());
  }

  /**
   * Opens a tier: makes the connection pool and asks the server once whether it answers. An
   * unreachable server is an outage, logged, not an error: the tier starts serving when the server
   * does.
   *
   * @throws CacheException if the server answers but refuses the tier (a wrong password, say)
   */
  static RedisTier open(RedisSettings settings) {
    ServerAddress server = settings.server();
    DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis((int) settings.connectTimeout().toMillis())
        .socketTimeoutMillis((int) settings.readTimeout().toMillis())
        .database(server.database())
        .clientName("tiercache");
    if (server.tls()) {
      client.sslOptions(SslOptions.defaults());
    }
    if (server.password() != null) {
      client.user(server.user()).password(server.password());
    }
    ConnectionPoolConfig pool = new ConnectionPoolConfig();
    pool.setMaxTotal(settings.poolSize());
    pool.setMaxIdle(settings.poolSize());
    pool.setMinIdle(0);
    // A caller waits for a free connection no longer than for a reply.
    pool.setMaxWait(settings.readTimeout());
    pool.setTestOnBorrow(false);
    pool.setTestWhileIdle(false);
    pool.setJmxEnabled(false);
    RedisClient redis = RedisClient.builder()
        .hostAndPort(new HostAndPort(server.host(), server.port()))
        .clientConfig(client.build())
        .poolConfig(pool)
        .build();
    RedisTier tier = new RedisTier(settings, redis);
    try {
      tier.occupancy();
    } catch (RuntimeException e) {
      redis.close();
      throw e;
    }
    return tier;
  }

  @Override
  public String id() {
    return RedisTierProvider.ID;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One round trip, one transaction: the script checks the entry's age, reclaims it if expired
   * or if its content vanished, and otherwise marks it used; a GET of the content follows it.
   */
  @Override
  public ByteBuffer get(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    byte[] contentKey = namespace.contentKey(key);
    Object[] reply = attempt("get", () -> scriptThen(Script.GET,
        args(Namespace.id(key), cutoff(clock.epochNanos()), renewArg, namespaceExpiryArg),
        Protocol.Command.GET, contentKey));
    if (reply == null) {
      stats.recordMiss();
      return null;
    }
    long status = (Long) reply[0];
    if (status == 1 && reply[1] != null) {
      stats.recordHit();
      return ByteBuffer.wrap((byte[]) reply[1]).asReadOnlyBuffer();
    }
    if (status > 1) {
      stats.recordExpirations(1);
    }
    stats.recordMiss();
    return null;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One round trip, one transaction: the script drops the key's old entry, reclaims expired
   * entries (oldest write first), then evicts least recently used ones until the content fits, and
   * records the entry; a SET of the content with its backstop expiry follows it. Content larger
   * than the capacity is refused here, without a call.
   */
  @Override
  public boolean put(ContentKey key, byte[] content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    if (content.length > capacityBytes) {
      stats.recordRejectedPut();
      return false;
    }
    long now = clock.epochNanos();
    long written = Math.max(now, 0);
    byte[] contentKey = namespace.contentKey(key);
    Object[] reply = attempt("put", () -> scriptThen(Script.PUT,
        args(Namespace.id(key), EpochDigits.number(content.length), capacityArg,
            EpochDigits.exact(written), EpochDigits.micros(written), cutoff(now),
            cutoffMicros(now), namespaceExpiryArg),
        Protocol.Command.SET, contentKey, content, PX, backstopArg));
    if (reply == null) {
      stats.recordRejectedPut();
      return false;
    }
    List<?> answer = (List<?>) reply[0];
    if ((Long) answer.get(0) != 1) {
      stats.recordRejectedPut();
      return false;
    }
    stats.recordPut();
    stats.recordEvictions((Long) answer.get(1));
    stats.recordExpirations((Long) answer.get(2));
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>An expired entry, or one whose content vanished, is removed too, counted as an expiration,
   * and this returns {@code false}.
   */
  @Override
  public boolean remove(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Object reply = run("remove", Script.REMOVE, Namespace.id(key), cutoff(clock.epochNanos()));
    if (reply == UNAVAILABLE) {
      return false;
    }
    long status = (Long) reply;
    if (status == 2) {
      stats.recordExpirations(1);
    }
    return status == 1;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads only: neither recency nor counters change.
   */
  @Override
  public boolean contains(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Object reply = run("contains", Script.CONTAINS, Namespace.id(key), cutoff(clock.epochNanos()));
    return reply != UNAVAILABLE && (Long) reply == 1;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Removes the entries of this namespace only, a batch per call so that the server stays
   * responsive; entries other clients put meanwhile may stay.
   */
  @Override
  public void clear() {
    while (true) {
      Object reply = run("clear", Script.CLEAR, BATCH_ARG);
      if (reply == UNAVAILABLE || (Long) reply < BATCH) {
        return;
      }
    }
  }

  @Override
  public long evictExpired() {
    if (ttlNanos == 0) {
      return 0;
    }
    long now = clock.epochNanos();
    byte[] cutoff = cutoff(now);
    if (cutoff.length == 0) {
      return 0;
    }
    long reclaimed = 0;
    while (true) {
      Object reply = run("evictExpired", Script.EVICT_EXPIRED, cutoff, cutoffMicros(now),
          BATCH_ARG);
      if (reply == UNAVAILABLE) {
        break;
      }
      List<?> answer = (List<?>) reply;
      reclaimed += (Long) answer.get(0);
      if ((Long) answer.get(1) == 0) {
        break;
      }
    }
    stats.recordExpirations(reclaimed);
    return reclaimed;
  }

  @Override
  public long sizeBytes() {
    return occupancy()[0];
  }

  @Override
  public long entryCount() {
    return occupancy()[1];
  }

  @Override
  public long capacityBytes() {
    return capacityBytes;
  }

  @Override
  public TierStats stats() {
    long[] occupancy = occupancy();
    return stats.snapshot(occupancy[0], occupancy[1]);
  }

  /** Returns {@link TierCapability#SHARED}: every process on the same prefix sees one cache. */
  @Override
  public Set<TierCapability> capabilities() {
    return Set.of(TierCapability.SHARED);
  }

  /** Closes the connections; the entries stay on the server for the other clients. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      redis.close();
    }
  }

  @Override
  public String toString() {
    return "redis tier at " + settings.where() + " (capacity " + capacityBytes + " B, ttl "
        + (settings.ttl() == null ? "none" : settings.ttl()) + ")";
  }

  // Bytes and entries as one reading of the server, or the last reading during an outage.
  private long[] occupancy() {
    Object reply = run("occupancy", Script.OCCUPANCY);
    if (reply == UNAVAILABLE) {
      return new long[] {lastSizeBytes, lastEntryCount};
    }
    List<?> answer = (List<?>) reply;
    // Never negative, even if someone changed the counter behind the scripts' back.
    long size = Math.max(0, (Long) answer.get(0));
    long count = (Long) answer.get(1);
    lastSizeBytes = size;
    lastEntryCount = count;
    return new long[] {size, count};
  }

  // now - ttl as 19 digits, or no cutoff: without a TTL, or before any write time could expire.
  private byte[] cutoff(long now) {
    long cutoff = cutoffNanos(now);
    return cutoff < 0 ? EpochDigits.none() : EpochDigits.exact(cutoff);
  }

  private byte[] cutoffMicros(long now) {
    long cutoff = cutoffNanos(now);
    return cutoff < 0 ? EpochDigits.none() : EpochDigits.micros(cutoff);
  }

  private long cutoffNanos(long now) {
    if (ttlNanos == 0 || now < ttlNanos) {
      return -1;
    }
    return now - ttlNanos;
  }

  private Object run(String operation, Script script, byte[]... args) {
    Object reply = attempt(operation, () -> script.run(redis, namespace.scriptKeys(), args(args)));
    return reply == null ? UNAVAILABLE : reply;
  }

  // The content prefix, which every script takes first, then the arguments.
  private List<byte[]> args(byte[]... args) {
    byte[][] all = new byte[args.length + 1][];
    all[0] = namespace.contentPrefix();
    System.arraycopy(args, 0, all, 1, args.length);
    return Arrays.asList(all);
  }

  // A script, then a command on an entry's content, as one MULTI/EXEC written at once: one round
  // trip (Jedis's own transactions wait for the QUEUED replies before EXEC, two), atomic, and the
  // content never passes through Lua (see get.lua). Returns both replies.
  private Object[] scriptThen(Script script, List<byte[]> args, Protocol.Command command,
      byte[]... commandArgs) {
    for (int attempt = 0; ; attempt++) {
      Response<Object> exec;
      try (AbstractPipeline pipeline = redis.pipelined()) {
        pipeline.sendCommand(Protocol.Command.MULTI, NO_ARGS);
        script.queue(pipeline, namespace.scriptKeys(), args);
        pipeline.sendCommand(command, commandArgs);
        exec = pipeline.sendCommand(Protocol.Command.EXEC, NO_ARGS);
        pipeline.sync();
      }
      List<?> replies = (List<?>) exec.get();
      if (replies.get(0) instanceof JedisNoScriptException && attempt == 0) {
        // The server forgot its scripts (a restart, SCRIPT FLUSH): the command after the script
        // ran alone, which the script run again now puts right.
        script.load(redis);
        continue;
      }
      for (Object reply : replies) {
        if (reply instanceof RuntimeException) {
          throw (RuntimeException) reply;
        }
      }
      return new Object[] {replies.get(0), replies.get(1)};
    }
  }

  // Runs a call to the server; null when the server cannot be used now (an outage).
  private <T> T attempt(String operation, Supplier<T> call) {
    if (!availability.mayTry()) {
      return null;
    }
    T reply;
    try {
      reply = call.get();
    } catch (RuntimeException e) {
      if (Availability.isOutage(e)) {
        availability.failed(operation, e);
        // Idle connections to a server that went away are dead too: drop them now, or each would
        // fail one call after the server is back and start a new outage of its own.
        redis.getPool().clear();
        return null;
      }
      throw new CacheException("redis tier at " + settings.where() + ": " + operation
          + " failed: " + e.getMessage(), e);
    }
    availability.succeeded();
    return reply;
  }
}
