package org.tiercache.api;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
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
import org.tiercache.api.internal.Redaction;
import org.tiercache.api.internal.SettingsText;

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
 *       {@code KiB}, {@code MiB}... are accepted too), or a plain number of bytes; at most
 *       {@link Long#MAX_VALUE} bytes.
 *   <li>Durations: a number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or {@code d}, or
 *       an ISO-8601 duration such as {@code PT5M}; at most {@link Long#MAX_VALUE} nanoseconds (about
 *       292 years), the longest age a tier's nanosecond {@link CacheClock} can measure. For entries
 *       that never expire, leave {@code ttl} unset.
 * </ul>
 * A malformed pair, a bad value or (when the provider checks with {@link #requireOnly}) an unknown key
 * raises {@link CacheConfigurationException} naming the key and the value (a secret value is never
 * named, see below).
 *
 * <p><b>Grammar of the string form.</b>
 * <pre>
 * settings = *sep [ pair *( 1*sep pair ) ] *sep
 * sep      = ASCII whitespace / ","
 * pair     = key "=" value
 * key      = lowercase letter *( letter / digit / "." / "_" / "-" )
 * value    = 1*( bare / quoted )           ; the parts are joined, as a shell joins them
 * bare     = any character but sep and DQUOTE, taken as it is (a backslash too: C:\cache)
 * quoted   = DQUOTE *( any character but DQUOTE and "\" / escape ) DQUOTE
 * escape   = "\" ( DQUOTE / "\" / "n" / "r" / "t" / "u" 4HEXDIG )
 * </pre>
 * So a value holding a space, a comma, a semicolon, parentheses or a quote is written in quotes:
 * {@code dir="/srv/my cache" password="a;b\"c"}. {@link #toSpecString()} writes that form, quoting
 * exactly the values that need it, so that {@code parse(config.toSpecString())} equals the
 * configuration (clock and eviction listener aside), and so that it can stand between the
 * parentheses of a tier in the composer's string form.
 *
 * <p><b>Secrets.</b> The value of a setting whose key {@linkplain #isSecretKey is secret}
 * ({@code password}, {@code redis.token}...) and the user information of any URI value
 * ({@code redis://:pw@host}) are never shown: {@link #toString()} and every message of this class
 * write them as {@code ***}, and {@link #redact(String)} does the same to any text. Only
 * {@link #toSpecString()} holds them, for a program to hand the settings on; never log or print it.
 *
 * <p>Instances are immutable.
 *
 * @since 0.1
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
  /** The longest duration: ages are nanoseconds in a {@code long} on a tier's clock. */
  private static final Duration MAX_DURATION = Duration.ofNanos(Long.MAX_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

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
   * Parses the string form, {@code key=value} pairs separated by spaces or commas, values quoted
   * where they need it (see the grammar above).
   *
   * @param text such as {@code capacity=50MB ttl=5m}; may be blank
   * @return the configuration, with the system clock
   * @throws NullPointerException if {@code text} is {@code null}
   * @throws CacheConfigurationException if a pair is malformed, a quote is never closed, a key
   *     repeats, or a capacity or TTL is invalid; the message names the pair, with any secret masked
   */
  public static TierConfig parse(String text) {
    Objects.requireNonNull(text, "configuration text must not be null");
    List<SettingsText.Pair> pairs;
    try {
      pairs = SettingsText.read(text);
    } catch (IllegalArgumentException e) {
      throw new CacheConfigurationException("malformed settings '" + redact(text) + "': "
          + redact(e.getMessage()));
    }
    Builder builder = builder();
    Set<String> seen = new TreeSet<>();
    for (SettingsText.Pair pair : pairs) {
      if (pair.key() == null || pair.key().isEmpty()) {
        throw new CacheConfigurationException("malformed setting '" + redact(pair.raw()) + "' in '"
            + redact(text) + "': expected key=value");
      }
      if (!seen.add(pair.key())) {
        throw new CacheConfigurationException("setting '" + pair.key() + "' is given twice in '"
            + redact(text) + "'");
      }
      builder.set(pair.key(), pair.value());
    }
    return builder.build();
  }

  /**
   * Tells whether a setting's value is a secret, never to be shown: its key, in any case, ends with
   * {@code password}, {@code passwd}, {@code secret}, {@code token} or {@code credentials}
   * ({@code password}, {@code redis.password}, {@code apiToken}...).
   *
   * @param key a setting's key
   * @return whether its value is a secret
   * @throws NullPointerException if {@code key} is {@code null}
   * @since 0.2
   */
  public static boolean isSecretKey(String key) {
    Objects.requireNonNull(key, "key must not be null");
    return Redaction.isSecretKey(key);
  }

  /**
   * Masks the secrets in any text that may hold settings, such as a stack spec or a message quoting
   * one: the value of every {@code key=value} whose key {@linkplain #isSecretKey is secret}, and the
   * user information of every URI ({@code redis://user:pw@host} becomes {@code redis://***@host}),
   * are replaced by {@code ***}. It recognises those two shapes only: a secret written any other way
   * is left as it is.
   *
   * @param text the text, or {@code null}
   * @return the text with its secrets masked, or {@code null} for {@code null}
   * @since 0.2
   */
  public static String redact(String text) {
    return Redaction.redact(text);
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
   * Returns a tier-specific setting converted by a parser; a parser's failure (any
   * {@link RuntimeException}) becomes a {@link CacheConfigurationException} naming the key and the
   * value. When the value is or holds a secret, it is
   * shown masked, the parser's message is masked too and the parser's exception is not attached
   * (its message, a URI parser's say, may quote the raw value).
   *
   * @param key the setting's key
   * @param parser converts the raw value; throws on a bad value
   * @param <T> the type of the value
   * @return the converted value, or empty if not set
   * @throws CacheConfigurationException if the parser fails
   */
  public <T> Optional<T> get(String key, Function<String, T> parser) {
    String raw = settings.get(key);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(parser.apply(raw));
    } catch (RuntimeException e) {
      throw invalidValue(key, raw, e);
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
   * @throws CacheConfigurationException naming the first unknown key, its value and the keys that
   *     are known
   */
  public TierConfig requireOnly(String tierId, Set<String> knownKeys) {
    for (Map.Entry<String, String> setting : settings.entrySet()) {
      if (!knownKeys.contains(setting.getKey())) {
        Set<String> known = new TreeSet<>(knownKeys);
        known.add(CAPACITY);
        known.add(TTL);
        throw new CacheConfigurationException("unknown setting '" + setting.getKey() + "' (value '"
            + show(setting.getKey(), setting.getValue()) + "') for tier '" + tierId
            + "'; known settings: " + known);
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
   * @throws NullPointerException if {@code text} is {@code null}
   * @throws CacheConfigurationException naming {@code text} if it is not a size or is more than
   *     {@link Long#MAX_VALUE} bytes
   */
  public static long parseBytes(String text) {
    Objects.requireNonNull(text, "size must not be null");
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new CacheConfigurationException("'" + text + "' is not a size such as 50MB");
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
        throw new CacheConfigurationException("'" + text + "' has an unknown size unit '"
            + m.group(2) + "': use B, KB, MB, GB or TB");
    }
    // Exact decimal arithmetic: a double would round a large count of bytes (so that a capacity
    // written back in bytes would not read back equal) and overflow silently.
    BigInteger bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier))
        .toBigInteger();
    if (bytes.compareTo(LONG_MAX) > 0) {
      throw new CacheConfigurationException("'" + text + "' is too large a size: at most "
          + Long.MAX_VALUE + " bytes");
    }
    return bytes.longValue();
  }

  /**
   * Parses a duration: a number with a unit {@code ms}, {@code s}, {@code m}, {@code h} or
   * {@code d}, or an ISO-8601 duration such as {@code PT5M}.
   *
   * @param text such as {@code 5m} or {@code 1.5h}
   * @return the duration, rounded down to the nanosecond
   * @throws NullPointerException if {@code text} is {@code null}
   * @throws CacheConfigurationException naming {@code text} if it is not a duration or is longer
   *     than {@link Long#MAX_VALUE} nanoseconds
   */
  public static Duration parseDuration(String text) {
    Objects.requireNonNull(text, "duration must not be null");
    String trimmed = text.trim();
    if (trimmed.startsWith("P") || trimmed.startsWith("p")) {
      Duration duration;
      try {
        duration = Duration.parse(trimmed);
      } catch (RuntimeException e) {
        throw new CacheConfigurationException("'" + text + "' is not an ISO-8601 duration", e);
      }
      if (!fitsNanos(duration)) {
        throw new CacheConfigurationException("'" + text + "' is too long a duration: at most "
            + MAX_DURATION + " (Long.MAX_VALUE nanoseconds, about 292 years)");
      }
      return duration;
    }
    Matcher m = DURATION.matcher(trimmed);
    if (!m.matches()) {
      throw new CacheConfigurationException("'" + text + "' is not a duration such as 5m");
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
        throw new CacheConfigurationException("'" + text + "' has an unknown duration unit '"
            + m.group(2) + "': use ms, s, m, h or d");
    }
    BigInteger nanos = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unitNanos))
        .toBigInteger();
    if (nanos.compareTo(LONG_MAX) > 0) {
      throw new CacheConfigurationException("'" + text + "' is too long a duration: at most "
          + MAX_DURATION + " (Long.MAX_VALUE nanoseconds, about 292 years)");
    }
    return Duration.ofNanos(nanos.longValue());
  }

  /**
   * Returns the string form with every secret masked: the value of a {@linkplain #isSecretKey
   * secret key} and the user information of a URI are written {@code ***}. Without secrets it
   * equals {@link #toSpecString()}, which {@link #parse(String)} reads back; with secrets, reading
   * it back gives {@code ***} for them, so hand settings on with {@link #toSpecString()} instead.
   * The clock and the eviction listener are not part of it.
   *
   * @return the settings, such as {@code capacity=52428800B ttl=PT5M password=*** uri=redis://***@h}
   */
  @Override
  public String toString() {
    return write(true);
  }

  /**
   * Returns the string form that {@link #parse(String)} reads back into an equal configuration (the
   * clock and the eviction listener are not part of it): capacity in bytes, TTL in ISO-8601, then
   * the tier's settings by key, each value quoted and escaped only if it needs it (see the grammar
   * above). It holds secrets as they are: give it to a program, never to a log or a person; use
   * {@link #toString()} for those.
   *
   * @return the settings, such as {@code capacity=52428800B ttl=PT5M dir="/srv/my cache"}
   * @since 0.2
   */
  public String toSpecString() {
    return write(false);
  }

  private String write(boolean masked) {
    StringBuilder text = new StringBuilder();
    if (capacityBytes != null) {
      text.append(CAPACITY).append('=').append(capacityBytes).append('B');
    }
    if (ttl != null) {
      text.append(text.length() == 0 ? "" : " ").append(TTL).append('=').append(ttl);
    }
    settings.forEach((k, v) -> text.append(text.length() == 0 ? "" : " ")
        .append(k).append('=').append(masked ? show(k, v) : SettingsText.write(v)));
    return text.toString();
  }

  /** A value as messages and {@link #toString()} show it: secrets masked, quoted if it needs it. */
  private static String show(String key, String value) {
    return SettingsText.write(Redaction.shown(key, value));
  }

  private static boolean fitsNanos(Duration duration) {
    return duration.compareTo(MAX_DURATION) <= 0;
  }

  /**
   * The failure of a setting's value, naming the key and the value as {@link #show} shows it; when
   * the value is or holds a secret, the parser's message is masked and its exception left out, since
   * a parser's message (a URI's, say) may quote the raw value.
   */
  private static CacheConfigurationException invalidValue(String key, String value,
      RuntimeException e) {
    String shown = show(key, value);
    boolean secret = Redaction.holdsSecret(key, value);
    String why = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    if (secret) {
      why = Redaction.redact(value.isEmpty() ? why : why.replace(value, Redaction.MASK));
    }
    return new CacheConfigurationException("invalid value for setting '" + key + "': '" + shown + "' (" + why
        + ")", secret ? null : e);
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
     * @throws CacheConfigurationException naming the value if it is not a size
     */
    public Builder capacity(String size) {
      return set(CAPACITY, size);
    }

    /**
     * Sets the time to live after a put.
     *
     * @param ttl a positive duration, at most {@link Long#MAX_VALUE} nanoseconds
     * @return this builder
     * @throws IllegalArgumentException if {@code ttl} is zero, negative or longer than that
     */
    public Builder ttl(Duration ttl) {
      Objects.requireNonNull(ttl, "ttl must not be null");
      if (ttl.isNegative() || ttl.isZero()) {
        throw new IllegalArgumentException("ttl must be positive: " + ttl);
      }
      if (!fitsNanos(ttl)) {
        throw new IllegalArgumentException("ttl must be at most " + MAX_DURATION
            + " (Long.MAX_VALUE nanoseconds, about 292 years; leave it unset for entries that"
            + " never expire): " + ttl);
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
     * @throws CacheConfigurationException naming the key and value if the key is malformed or the
     *     value invalid
     */
    public Builder set(String key, String value) {
      Objects.requireNonNull(key, "setting key must not be null");
      Objects.requireNonNull(value, "value of setting '" + Redaction.redact(key)
          + "' must not be null");
      if (!KEY.matcher(key).matches()) {
        throw new CacheConfigurationException("malformed setting key '" + SettingsText.write(Redaction.redact(key))
            + "' (value '" + show(key, value) + "'): keys are a lowercase letter followed by"
            + " letters, digits, '.', '_' or '-'");
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
      } catch (IllegalArgumentException | CacheConfigurationException e) {
        // The parsers' own refusals and the typed setters' (a TTL too long) alike.
        throw invalidValue(key, value, e);
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
