package org.tiercache.redis.internal;

import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheException;
import org.tiercache.api.TierConfig;

/**
 * The Redis tier's settings, read and checked from a {@link TierConfig}.
 *
 * @param server the server and the login
 * @param namespace the key prefix: every key of this cache is under it
 * @param poolSize the most connections open at once
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout how long to wait for a reply; a slower server counts as down
 * @param capacityBytes the most bytes of content the namespace holds
 * @param ttl the time to live after a put, or {@code null} for none
 * @param backstop the Redis expiry of each content key (see the module's README)
 * @param retryInterval how long calls fail fast after a failed one, during an outage
 * @param clock the clock of write times and expiry
 */
record RedisSettings(
    ServerAddress server,
    String namespace,
    int poolSize,
    Duration connectTimeout,
    Duration readTimeout,
    long capacityBytes,
    Duration ttl,
    Duration backstop,
    Duration retryInterval,
    CacheClock clock) {

  static final String URI = "uri";
  static final String HOST = "host";
  static final String PORT = "port";
  static final String USER = "user";
  static final String PASSWORD = "password";
  static final String DATABASE = "database";
  static final String PREFIX = "prefix";
  static final String POOL_SIZE = "pool.size";
  static final String CONNECT_TIMEOUT = "connect.timeout";
  static final String READ_TIMEOUT = "read.timeout";
  static final String BACKSTOP = "backstop";
  static final String RETRY_INTERVAL = "retry.interval";
  static final Set<String> KEYS = Set.of(URI, HOST, PORT, USER, PASSWORD, DATABASE, PREFIX,
      POOL_SIZE, CONNECT_TIMEOUT, READ_TIMEOUT, BACKSTOP, RETRY_INTERVAL);

  /** The system property naming the server when the settings do not. */
  static final String URI_PROPERTY = "tiercache.redis.uri";
  /** The environment variable naming the server when neither the settings nor the property do. */
  static final String URI_VARIABLE = "TIERCACHE_REDIS_URI";

  static final long DEFAULT_CAPACITY = 256L << 20;
  static final String DEFAULT_PREFIX = "tiercache";
  static final int DEFAULT_POOL_SIZE = 8;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);
  /** Added to the TTL for the default backstop, so that clocks a bit apart never cut an entry. */
  static final Duration BACKSTOP_MARGIN = Duration.ofHours(1);
  /** The backstop without a TTL: content unread for this long goes. */
  static final Duration IDLE_BACKSTOP = Duration.ofDays(30);

  // Braces are the tier's own (the prefix becomes a hash tag); spaces and quotes only confuse.
  private static final Pattern PREFIX_TEXT = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

  /**
   * Reads the settings, taking the server from the system property {@value #URI_PROPERTY}, else the
   * environment variable {@value #URI_VARIABLE}, when they name none.
   */
  static RedisSettings from(TierConfig config) {
    return from(config, System::getProperty, System::getenv);
  }

  static RedisSettings from(
      TierConfig config, UnaryOperator<String> properties, UnaryOperator<String> environment) {
    config.requireOnly(RedisTierProvider.ID, KEYS);
    Duration ttl = config.ttl().orElse(null);
    Duration backstop = config.get(BACKSTOP, RedisSettings::backstop)
        .orElse(ttl == null ? IDLE_BACKSTOP : ttl.plus(BACKSTOP_MARGIN));
    if (ttl != null && backstop.compareTo(ttl) < 0) {
      throw new CacheException("setting '" + BACKSTOP + "' (" + backstop + ") of tier 'redis' is "
          + "shorter than the ttl (" + ttl + "): content would vanish while still live");
    }
    return new RedisSettings(
        server(config, properties, environment),
        config.get(PREFIX, RedisSettings::prefix).orElse(DEFAULT_PREFIX),
        config.get(POOL_SIZE, RedisSettings::poolSize).orElse(DEFAULT_POOL_SIZE),
        config.get(CONNECT_TIMEOUT, RedisSettings::timeout).orElse(DEFAULT_TIMEOUT),
        config.get(READ_TIMEOUT, RedisSettings::timeout).orElse(DEFAULT_TIMEOUT),
        config.capacityBytes(DEFAULT_CAPACITY),
        ttl,
        backstop,
        config.get(RETRY_INTERVAL, RedisSettings::notNegative).orElse(DEFAULT_RETRY_INTERVAL),
        config.clock());
  }

  private static ServerAddress server(
      TierConfig config, UnaryOperator<String> properties, UnaryOperator<String> environment) {
    if (config.get(URI).isPresent()) {
      for (String key : new String[] {HOST, PORT, USER, PASSWORD, DATABASE}) {
        if (config.get(key).isPresent()) {
          throw new CacheException("tier 'redis' has both '" + URI + "' and '" + key
              + "': give the server either as a URI or as host, port, user, password, database");
        }
      }
      return parseUri(config.get(URI).orElseThrow(), "setting '" + URI + "'");
    }
    ServerAddress server;
    if (config.get(HOST).isPresent()) {
      server = new ServerAddress(false, config.get(HOST).orElseThrow(),
          config.get(PORT, RedisSettings::port).orElse(ServerAddress.DEFAULT_PORT), null, null,
          config.get(DATABASE, ServerAddress::parseDatabase).orElse(0));
    } else {
      for (String key : new String[] {PORT, DATABASE}) {
        if (config.get(key).isPresent()) {
          throw new CacheException("tier 'redis' has '" + key + "' but no '" + HOST + "'");
        }
      }
      server = defaultServer(properties, environment);
    }
    if (config.get(USER).isPresent() || config.get(PASSWORD).isPresent()) {
      server = server.withLogin(config.get(USER).orElse(server.user()),
          config.get(PASSWORD).orElse(server.password()));
    }
    return server;
  }

  private static ServerAddress defaultServer(
      UnaryOperator<String> properties, UnaryOperator<String> environment) {
    String source = "system property " + URI_PROPERTY;
    String text = properties.apply(URI_PROPERTY);
    if (text == null || text.isBlank()) {
      source = "environment variable " + URI_VARIABLE;
      text = environment.apply(URI_VARIABLE);
    }
    if (text == null || text.isBlank()) {
      throw new CacheException("tier 'redis' names no server: set '" + URI
          + "=redis://host:port' (or '" + HOST + "' and '" + PORT + "'), or the system property "
          + URI_PROPERTY + ", or the environment variable " + URI_VARIABLE);
    }
    return parseUri(text.trim(), "the " + source);
  }

  // Not TierConfig.get(key, parser): its message repeats the value, and a URI may hold a password.
  private static ServerAddress parseUri(String text, String source) {
    try {
      return ServerAddress.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CacheException("invalid Redis URI '" + ServerAddress.redact(text) + "' in "
          + source + " of tier 'redis': " + e.getMessage(), e);
    }
  }

  private static String prefix(String text) {
    if (!PREFIX_TEXT.matcher(text).matches()) {
      throw new IllegalArgumentException("use 1 to 128 of A-Z a-z 0-9 . _ : / -");
    }
    return text;
  }

  private static int poolSize(String text) {
    int size = Integer.parseInt(text);
    if (size < 1) {
      throw new IllegalArgumentException("must be at least 1");
    }
    return size;
  }

  private static int port(String text) {
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("must be from 1 to 65535");
    }
    return port;
  }

  private static Duration timeout(String text) {
    Duration duration = TierConfig.parseDuration(text);
    if (duration.toMillis() < 1 || duration.toMillis() > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("must be from 1ms to " + Integer.MAX_VALUE + "ms");
    }
    return duration;
  }

  private static Duration backstop(String text) {
    Duration duration = TierConfig.parseDuration(text);
    if (duration.toMillis() < 1) {
      throw new IllegalArgumentException("must be at least 1ms");
    }
    return duration;
  }

  private static Duration notNegative(String text) {
    if (text.equals("0")) {
      return Duration.ZERO;
    }
    Duration duration = TierConfig.parseDuration(text);
    if (duration.isNegative()) {
      throw new IllegalArgumentException("must not be negative");
    }
    return duration;
  }

  /** Returns the TTL in nanoseconds, saturated, or 0 without a TTL. */
  long ttlNanos() {
    if (ttl == null) {
      return 0;
    }
    try {
      return ttl.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /** Returns where the tier keeps its keys, for messages: server, database and prefix. */
  String where() {
    return server + " prefix '" + namespace + "'";
  }
}
