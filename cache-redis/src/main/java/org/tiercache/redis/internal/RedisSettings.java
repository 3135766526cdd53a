package org.tiercache.redis.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheConfigurationException;
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
 * @param reconcileInterval how often a full reconciliation is due, or zero for only when an
 *     inconsistency is seen
 * @param shards how many shards the namespace is split into (see {@link Namespace})
 * @param clock the clock of write times and expiry
 * @param secrets the password in every form it was given, which nothing the tier says may show
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
    Duration reconcileInterval,
    int shards,
    CacheClock clock,
    Secrets secrets) {

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
  static final String RECONCILE_INTERVAL = "reconcile.interval";
  static final String SHARDS = "shards";
  static final Set<String> KEYS = Set.of(URI, HOST, PORT, USER, PASSWORD, DATABASE, PREFIX,
      POOL_SIZE, CONNECT_TIMEOUT, READ_TIMEOUT, BACKSTOP, RETRY_INTERVAL, RECONCILE_INTERVAL,
      SHARDS);

  /** The system property naming the server when the settings do not. */
  static final String URI_PROPERTY = "tiercache.redis.uri";
  /** The environment variable naming the server when neither the settings nor the property do. */
  static final String URI_VARIABLE = "TIERCACHE_REDIS_URI";

  static final long DEFAULT_CAPACITY = 256L << 20;
  static final String DEFAULT_PREFIX = "tiercache";
  static final int DEFAULT_POOL_SIZE = 8;
  static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
  static final Duration DEFAULT_RETRY_INTERVAL = Duration.ofSeconds(1);
  static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofHours(1);
  /**
   * The shards of a namespace on a cluster when the settings say none: 24 is a multiple of 3, 4,
   * 6, 8 and 12, so clusters of that many masters (with equal runs of slots, as
   * {@code redis-cli --cluster create} makes them) hold equal numbers of shards on each, and
   * clusters of 5 to 11 masters hold 24/M rounded up or down on each. On one server (or Sentinel)
   * the default is 1: the layout of a tier without shards, byte for byte.
   */
  static final int DEFAULT_CLUSTER_SHARDS = 24;
  /** The most shards: each costs a round trip of clear, evictExpired and the occupancy. */
  static final int MAX_SHARDS = 1024;
  /** Added to the TTL for the default backstop, so that clocks a bit apart never cut an entry. */
  static final Duration BACKSTOP_MARGIN = Duration.ofHours(1);
  /** The backstop without a TTL: content unread for this long goes. */
  static final Duration IDLE_BACKSTOP = Duration.ofDays(30);
  /**
   * The longest backstop: an expiry Redis takes in milliseconds for certain. A longer ttl gets this
   * backstop (content then outlives every client anyway); a longer {@code backstop} is refused.
   */
  static final Duration MAX_BACKSTOP = Duration.ofDays(36_500);
  private static final Duration MAX_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

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
    // Collected before anything is checked, so that no message about any setting can show them.
    Secrets candidates = Secrets.of(secretCandidates(config, properties, environment));
    try {
      return read(config, properties, environment);
    } catch (CacheException e) {
      throw candidates.scrub(e);
    }
  }

  private static RedisSettings read(
      TierConfig config, UnaryOperator<String> properties, UnaryOperator<String> environment) {
    for (String key : config.settings().keySet()) {
      if (!KEYS.contains(key)) {
        // Not requireOnly: its message quotes the value, and a mistyped 'password' holds one.
        Set<String> known = new TreeSet<>(KEYS);
        known.add(TierConfig.CAPACITY);
        known.add(TierConfig.TTL);
        throw new CacheConfigurationException("unknown setting '" + key + "' for tier '"
            + RedisTierProvider.ID
            + "' (its value is not shown: it may be a password); known settings: " + known);
      }
    }
    Duration ttl = config.ttl().orElse(null);
    Duration backstop;
    Optional<Duration> given = config.get(BACKSTOP, RedisSettings::backstop);
    if (given.isPresent()) {
      backstop = given.get();
      if (ttl != null && backstop.compareTo(ttl) < 0) {
        throw new CacheConfigurationException("setting '" + BACKSTOP + "' (" + backstop
            + ") of tier 'redis' is "
            + "shorter than the ttl (" + ttl + "): content would vanish while still live");
      }
    } else if (ttl == null) {
      backstop = IDLE_BACKSTOP;
    } else {
      backstop = ttl.compareTo(MAX_BACKSTOP.minus(BACKSTOP_MARGIN)) >= 0
          ? MAX_BACKSTOP : ttl.plus(BACKSTOP_MARGIN);
    }
    ServerAddress server = server(config, properties, environment);
    return new RedisSettings(
        server,
        config.get(PREFIX, RedisSettings::prefix).orElse(DEFAULT_PREFIX),
        config.get(POOL_SIZE, RedisSettings::poolSize).orElse(DEFAULT_POOL_SIZE),
        config.get(CONNECT_TIMEOUT, RedisSettings::timeout).orElse(DEFAULT_TIMEOUT),
        config.get(READ_TIMEOUT, RedisSettings::timeout).orElse(DEFAULT_TIMEOUT),
        config.capacityBytes(DEFAULT_CAPACITY),
        ttl,
        backstop,
        config.get(RETRY_INTERVAL, RedisSettings::notNegative).orElse(DEFAULT_RETRY_INTERVAL),
        config.get(RECONCILE_INTERVAL, RedisSettings::notNegative)
            .orElse(DEFAULT_RECONCILE_INTERVAL),
        config.get(SHARDS, RedisSettings::shards).orElse(
            server.kind() == ServerAddress.Kind.CLUSTER ? DEFAULT_CLUSTER_SHARDS : 1),
        config.clock(),
        Secrets.of(Arrays.asList(server.password())));
  }

  // Every text that may be a password: the password setting, the login of every URI the tier may
  // read, and the value of any setting whose name says it is one (a mistyped 'pasword', say, which
  // the unknown-setting message would quote).
  private static List<String> secretCandidates(
      TierConfig config, UnaryOperator<String> properties, UnaryOperator<String> environment) {
    List<String> candidates = new ArrayList<>();
    config.settings().forEach((key, value) -> {
      String name = key.toLowerCase(Locale.ROOT);
      if (name.contains("pas") || name.contains("pw") || name.contains("secret")
          || name.contains("token") || name.contains("auth") || name.contains("cred")) {
        candidates.add(value);
      }
    });
    config.get(URI).ifPresent(uri -> candidates.addAll(Secrets.loginOf(uri)));
    candidates.addAll(Secrets.loginOf(properties.apply(URI_PROPERTY)));
    candidates.addAll(Secrets.loginOf(environment.apply(URI_VARIABLE)));
    return candidates;
  }

  private static ServerAddress server(
      TierConfig config, UnaryOperator<String> properties, UnaryOperator<String> environment) {
    if (config.get(URI).isPresent()) {
      for (String key : new String[] {HOST, PORT, USER, PASSWORD, DATABASE}) {
        if (config.get(key).isPresent()) {
          throw new CacheConfigurationException("tier 'redis' has both '" + URI + "' and '" + key
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
          throw new CacheConfigurationException(
              "tier 'redis' has '" + key + "' but no '" + HOST + "'");
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
      throw new CacheConfigurationException("tier 'redis' names no server: set '" + URI
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
      throw new CacheConfigurationException("invalid Redis URI '" + ServerAddress.redact(text)
          + "' in "
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

  private static int shards(String text) {
    int shards = Integer.parseInt(text);
    if (shards < 1 || shards > MAX_SHARDS) {
      throw new IllegalArgumentException("must be from 1 to " + MAX_SHARDS);
    }
    return shards;
  }

  private static int port(String text) {
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("must be from 1 to 65535");
    }
    return port;
  }

  // Compared as durations: toMillis() of a long one overflows.
  private static Duration timeout(String text) {
    Duration duration = TierConfig.parseDuration(text);
    if (duration.compareTo(Duration.ofMillis(1)) < 0 || duration.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("must be from 1ms to " + Integer.MAX_VALUE + "ms");
    }
    return duration;
  }

  private static Duration backstop(String text) {
    Duration duration = TierConfig.parseDuration(text);
    if (duration.compareTo(Duration.ofMillis(1)) < 0 || duration.compareTo(MAX_BACKSTOP) > 0) {
      throw new IllegalArgumentException("must be from 1ms to " + MAX_BACKSTOP.toDays() + "d");
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

  /**
   * Returns the server as {@code host:port} (a cluster's seed nodes or the sentinels as
   * {@code host:port,host:port}), for the message of an outage.
   */
  String hostAndPort() {
    return server.hostsAndPorts();
  }
}
