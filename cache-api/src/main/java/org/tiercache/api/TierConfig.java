package org.tiercache.api;

import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The settings a {@link CacheTierProvider} creates a tier from: the common ones every tier reads
 * (capacity, time to live, clock) and any of the tier's own (such as the disk tier's {@code dir}).
 *
 * <p>Built with {@link #builder()} from Java, or parsed from a string with {@link #parse(String)}:
 * {@code key=value} pairs separated by spaces or commas, such as
 * {@code capacity=50MB ttl=5m dir=/var/cache/att}.
 * <ul>
 *   <li>Sizes: a number with a unit {@code B}, {@code KB}, {@code MB}, {@code GB} or {@code TB}
 *       (binary multiples, 1 KB = 1024 B, as the original Python cache counted;
 *       {@code KiB}, {@code MiB}... are accepted too), or a plain number of bytes.
 *   <li>Durations: a number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, or
 *       an ISO-8601 duration such as {@code PT5M}.
 * </ul>
 * A malformed pair, a bad value or (when the provider checks with {@link #requireOnly}) an unknown key
 * raises {@link CacheException} naming the key and the value.
 *
 * <p>Instances are immutable.
 */
public final class TierConfig {
  /** The key of the capacity setting. */
  public static final String CAPACITY = "capacity";
  /** The key of the time-to-live setting. */
  public static final String TTL = "ttl";

  private static final Pattern KEY = Pattern.compile("[a-z][a-zA-Z0-9._-]*");
  private static final Pattern SIZE =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-zA-Z]*)");
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([a-z]+)");

  private final Long capacityBytes;
  private final Duration ttl;
  private final CacheClock clock;
  private final EvictionListener evictionListener;
  private final Map<String, String> settings;

  private TierConfig(Builder builder) {
    this.capacityBytes = builder.capacityBytes;
    this.ttl = builder.ttl;
    this.clock = builder.clock;
    this.evictionListener = builder.evictionListener;
    this.settings = Collections.unmodifiableMap(new TreeMap<>(builder.settings));
  }

  /**
   * Starts a configuration with nothing set: no capacity (the provider's default applies), no time
   * to live, the system clock.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns an empty configuration: every provider's defaults.
   *
   * @return a configuration with nothing set
   */
  public static TierConfig defaults() {
    return builder().build();
  }

  /**
   * Parses the string form, {@code key=value} pairs separated by spaces or commas.
   *
   * @param text such as {@code capacity=50MB ttl=5m}; may be blank
   * @return the configuration, with the system clock
   * @throws NullPointerException if {@code text} is {@code null}
   * @throws CacheException if a pair is malformed, a key repeats, or a capacity or TTL is invalid;
   *     the message names the pair
   */
  public static TierConfig parse(String text) {
    Objects.requireNonNull(text, "configuration text must not be null");
    Builder builder = builder();
    Set<String> seen = new TreeSet<>();
    for (String pair : text.trim().split("[\\s,]+")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new CacheException("malformed setting '" + pair + "' in '" + text
            + "': expected key=value");
      }
      String key = pair.substring(0, eq);
      if (!seen.add(key)) {
        throw new CacheException("setting '" + key + "' is given twice in '" + text + "'");
      }
      builder.set(key, pair.substring(eq + 1));
    }
    return builder.build();
  }

  /**
   * Returns the capacity in bytes, if set.
   *
   * @return the capacity, or empty for the provider's default
   */
  public OptionalLong capacityBytes() {
    return capacityBytes == null ? OptionalLong.empty() : OptionalLong.of(capacityBytes);
  }

  /**
   * Returns the capacity in bytes, or a default.
   *
   * @param defaultBytes the provider's default capacity
   * @return the capacity set, else {@code defaultBytes}
   */
  public long capacityBytes(long defaultBytes) {
    return capacityBytes == null ? defaultBytes : capacityBytes;
  }

  /**
   * Returns the time to live after a put, if set.
   *
   * @return the positive TTL, or empty when entries do not expire
   */
  public Optional<Duration> ttl() {
    return Optional.ofNullable(ttl);
  }

  /**
   * Returns the clock the tier measures ages with.
   *
   * @return the clock, never {@code null}
   */
  public CacheClock clock() {
    return clock;
  }

  /**
   * Returns the listener to tell of entries evicted for room, if any. Tiers that cannot hand back
   * evicted content ignore it.
   *
   * @return the listener, or empty
   */
  public Optional<EvictionListener> evictionListener() {
    return Optional.ofNullable(evictionListener);
  }

  /**
   * Returns a tier-specific setting.
   *
   * @param key the setting's key, such as {@code dir}
   * @return its raw value, or empty if not set
   */
  public Optional<String> get(String key) {
    return Optional.ofNullable(settings.get(key));
  }

  /**
   * Returns a tier-specific setting converted by a parser; a parser's failure becomes a
   * {@link CacheException} naming the key and the value.
   *
   * @param key the setting's key
   * @param parser converts the raw value; throws on a bad value
   * @param <T> the type of the value
   * @return the converted value, or empty if not set
   * @throws CacheException if the parser fails
   */
  public <T> Optional<T> get(String key, Function<String, T> parser) {
    String raw = settings.get(key);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(raw));
    } catch (RuntimeException e) {
      throw new CacheException("invalid value for setting '" + key + "': '" + raw + "' ("
          + e.getMessage() + ")", e);
    }
  }

  /**
   * Returns the tier-specific settings (everything but capacity and TTL), sorted by key.
   *
   * @return an unmodifiable map, possibly empty
   */
  public Map<String, String> settings() {
    return settings;
  }

  /**
   * Checks that every tier-specific setting is one the tier knows, as a provider does before creating
   * a tier. Capacity and TTL are always allowed.
   *
   * @param tierId the tier's id, for the message
   * @param knownKeys the tier-specific keys the tier reads
   * @return this configuration
   * @throws CacheException naming the first unknown key, its value and the keys that are known
   */
  public TierConfig requireOnly(String tierId, Set<String> knownKeys) {
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      if (!knownKeys.contains(setting.getKey())) {
        Set<String> known = new TreeSet<>(knownKeys);
        known.add(CAPACITY);
        known.add(TTL);
        throw new CacheException("unknown setting '" + setting.getKey() + "' (value '"
            + setting.getValue() + "') for tier '" + tierId + "'; known settings: " + known);
      }
    }
    return this;
  }

  /**
   * Returns a builder that starts from this configuration.
   *
   * @return a new builder holding these settings
   */
  public Builder toBuilder() {
    Builder builder = builder().clock(clock);
    builder.evictionListener = evictionListener;
    builder.capacityBytes = capacityBytes;
    builder.ttl = ttl;
    builder.settings.putAll(settings);
    return builder;
  }

  /**
   * Parses a size: a number with an optional unit, {@code B}, {@code KB}, {@code MB}, {@code GB},
   * {@code TB} (binary multiples) or the same with {@code iB}; case does not matter.
   *
   * @param text such as {@code 50MB}, {@code 1.5GB} or {@code 4096}
   * @return the number of bytes, rounded down
   * @throws IllegalArgumentException naming {@code text} if it is not a size
   */
  public static long parseBytes(String text) {
    Objects.requireNonNull(text, "size must not be null");
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a size such as 50MB");
    }
    long multiplier;
    switch (m.group(2).toUpperCase(Locale.ROOT)) {
      case "":
      case "B":
        multiplier = 1L;
        break;
      case "K": case "KB": case "KIB":
        multiplier = 1L << 10;
        break;
      case "M": case "MB": case "MIB":
        multiplier = 1L << 20;
        break;
      case "G": case "GB": case "GIB":
        multiplier = 1L << 30;
        break;
      case "T": case "TB": case "TIB":
        multiplier = 1L << 40;
        break;
      default:
        throw new IllegalArgumentException("'" + text + "' has an unknown size unit '"
            + m.group(2) + "': use B, KB, MB, GB or TB");
    }
    double bytes = Double.parseDouble(m.group(1)) * multiplier;
    if (bytes >= Long.MAX_VALUE) {
      throw new IllegalArgumentException("'" + text + "' is too large a size");
    }
    return (long) bytes;
  }

  /**
   * Parses a duration: a number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or
   * {@code d}, or an ISO-8601 duration such as {@code PT5M}.
   *
   * @param text such as {@code 5m} or {@code 1.5h}
   * @return the duration
   * @throws IllegalArgumentException naming {@code text} if it is not a duration
   */
  public static Duration parseDuration(String text) {
    Objects.requireNonNull(text, "duration must not be null");
    String trimmed = text.trim();
    if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
      try {
        return Duration.parse(trimmed);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration", e);
      }
    }
    Matcher m = DURATION.matcher(trimmed);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + text + "' is not a duration such as 5m");
    }
    long unitNanos;
    switch (m.group(2)) {
      case "ms":
        unitNanos = 1_000_000L;
        break;
      case "s":
        unitNanos = 1_000_000_000L;
        break;
      case "m":
        unitNanos = 60_000_000_000L;
        break;
      case "h":
        unitNanos = 3_600_000_000_000L;
        break;
      case "d":
        unitNanos = 86_400_000_000_000L;
        break;
      default:
        throw new IllegalArgumentException("'" + text + "' has an unknown duration unit '"
            + m.group(2) + "': use ms, s, m, h or d");
    }
    double nanos = Double.parseDouble(m.group(1)) * unitNanos;
    if (nanos >= Long.MAX_VALUE) {
      throw new IllegalArgumentException("'" + text + "' is too long a duration");
    }
    return Duration.ofNanos((long) nanos);
  }

  /**
   * Returns the string form, which {@link #parse(String)} reads back (the clock and the eviction
   * listener are not part of it).
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    if (capacityBytes != null) {
      text.append(CAPACITY).append('=').append(capacityBytes).append('B');
    }
    if (ttl != null) {
      text.append(text.length() == 0 ? "" : " ").append(TTL).append('=').append(ttl);
    }
    settings.forEach((k, v) -> text.append(text.length() == 0 ? "" : " ")
        .append(k).append('=').append(v));
    return text.toString();
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof TierConfig)) {
      return false;
    }
    TierConfig that = (TierConfig) other;
    return Objects.equals(capacityBytes, that.capacityBytes)
        && Objects.equals(ttl, that.ttl)
        && clock.equals(that.clock)
        && Objects.equals(evictionListener, that.evictionListener)
        && settings.equals(that.settings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(capacityBytes, ttl, clock, evictionListener, settings);
  }

  /** Builds a {@link TierConfig}; each setter checks its value at once and names it if bad. */
  public static final class Builder {
    private Long capacityBytes;
    private Duration ttl;
    private CacheClock clock = CacheClock.system();
    private EvictionListener evictionListener;
    private final Map<String, String> settings = new TreeMap<>();

    private Builder() {}

    /**
     * Sets the capacity.
     *
     * @param bytes the most bytes of content the tier holds; zero or more
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder capacity(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("capacity must not be negative: " + bytes);
      }
      this.capacityBytes = bytes;
      return this;
    }

    /**
     * Sets the capacity from its text form.
     *
     * @param size such as {@code 50MB}; see {@link TierConfig#parseBytes}
     * @return this builder
     * @throws CacheException naming the value if it is not a size
     */
    public Builder capacity(String size) {
      return set(CAPACITY, size);
    }

    /**
     * Sets the time to live after a put.
     *
     * @param ttl a positive duration
     * @return this builder
     * @throws IllegalArgumentException if {@code ttl} is zero or negative
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl must not be null");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("ttl must be positive: " + ttl);
      }
      this.ttl = ttl;
      return this;
    }

    /**
     * Sets the clock the tier measures ages with.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(CacheClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /**
     * Sets the listener told of entries evicted for room (see {@link EvictionListener}); it is not
     * part of the string form.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder evictionListener(EvictionListener listener) {
      this.evictionListener = Objects.requireNonNull(listener, "listener must not be null");
      return this;
    }

    /**
     * Sets a setting by its key, as the string form does: {@code capacity} and {@code ttl} are parsed
     * into their typed values, any other key is kept for the tier to read.
     *
     * @param key the key, such as {@code dir}
     * @param value the raw value
     * @return this builder
     * @throws CacheException naming the key and value if the key is malformed or the value invalid
     */
    public Builder set(String key, String value) {
      Objects.requireNonNull(key, "setting key must not be null");
      Objects.requireNonNull(value, "value of setting '" + key + "' must not be null");
      if (!KEY.matcher(key).matches()) {
        throw new CacheException("malformed setting key '" + key + "' (value '" + value
            + "'): keys are a lowercase letter followed by letters, digits, '.', '_' or '-'");
      }
      try {
        switch (key) {
          case CAPACITY:
            return capacity(parseBytes(value));
          case TTL:
            return ttl(parseDuration(value));
          default:
            if (value.isEmpty()) {
              throw new IllegalArgumentException("empty value");
            }
            settings.put(key, value);
            return this;
        }
      } catch (IllegalArgumentException e) {
        throw new CacheException("invalid value for setting '" + key + "': '" + value + "' ("
            + e.getMessage() + ")", e);
      }
    }

    /**
     * Builds the configuration.
     *
     * @return a new immutable configuration
     */
    public TierConfig build() {
      return new TierConfig(this);
    }
  }
}
