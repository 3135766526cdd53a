package org.tiercache.tiered;

import java.util.Objects;
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.TierConfig;
import org.tiercache.tiered.internal.SizeRange;

/**
 * Which content sizes a tier of a {@link TieredCache} takes: a half-open range of byte counts,
 * {@code [min, max)}.
 *
 * <p>The four shapes, with their string form (what {@link #parse} reads and {@link #toString()}
 * writes):
 * <table>
 *   <caption>Size rules</caption>
 *   <tr><th>Java</th><th>string form</th><th>accepts a size {@code s} when</th></tr>
 *   <tr><td>{@link #below below("100KB")}</td><td>{@code < 100KB}</td><td>{@code s < 100 KB}</td></tr>
 *   <tr><td>{@link #atLeast atLeast("100KB")}</td><td>{@code >= 100KB}</td>
 *       <td>{@code s >= 100 KB}</td></tr>
 *   <tr><td>{@link #between between("1KB", "1MB")}</td><td>{@code 1KB..1MB}</td>
 *       <td>{@code 1 KB <= s < 1 MB}</td></tr>
 *   <tr><td>{@link #any()}</td><td>{@code any}</td><td>always</td></tr>
 * </table>
 * The lower bound is inclusive and the upper one exclusive, so {@code below(n)} and
 * {@code atLeast(n)} split the sizes between two tiers with no gap and no overlap, as the original
 * Python cache split them at its threshold ({@code len(content) < threshold} went to memory).
 *
 * <p>Sizes are written as {@link TierConfig#parseBytes} reads them: a number with an optional unit
 * {@code B}, {@code KB}, {@code MB}, {@code GB}, {@code TB} (binary multiples, 1 KB = 1024 B).
 * Text that is not a rule or not a size ({@link #parse} and the factories taking text) raises a
 * {@link CacheConfigurationException}, as every parser of the configuration does; bounds given as
 * numbers that make no rule raise {@link IllegalArgumentException}, a mistake in the calling code.
 *
 * <p>Instances are immutable; two rules are equal when their bounds are.
 *
 * @since 0.1
 */
public final class SizeRule {
  private static final SizeRule ANY = new SizeRule(0, Long.MAX_VALUE);

  private final SizeRange range;

  private SizeRule(long minBytes, long maxBytes) {
    this.range = new SizeRange(minBytes, maxBytes);
  }

  /**
   * Returns the rule that accepts every size.
   *
   * @return the rule {@code any}
   */
  public static SizeRule any() {
    return ANY;
  }

  /**
   * Returns the rule that accepts sizes strictly below a bound.
   *
   * @param bytes the exclusive upper bound; positive
   * @return the rule {@code < bytes}
   * @throws IllegalArgumentException if {@code bytes} is not positive (no size would be accepted)
   */
  public static SizeRule below(long bytes) {
    if (bytes <= 0) {
      throw new IllegalArgumentException("a rule '< " + bytes + "' accepts no size: the bound must "
          + "be positive");
    }
    return new SizeRule(0, bytes);
  }

  /**
   * Returns the rule that accepts sizes strictly below a bound written with a unit.
   *
   * @param size such as {@code 100KB}
   * @return the rule {@code < size}
   * @throws CacheConfigurationException naming {@code size} if it is not a size or not positive
   */
  public static SizeRule below(String size) {
    long bytes = bytes(size);
    if (bytes <= 0) {
      throw new CacheConfigurationException("a rule '< " + size + "' accepts no size: the bound "
          + "must be positive");
    }
    return below(bytes);
  }

  /**
   * Returns the rule that accepts sizes at or above a bound.
   *
   * @param bytes the inclusive lower bound; zero or more
   * @return the rule {@code >= bytes}
   * @throws IllegalArgumentException if {@code bytes} is negative
   */
  public static SizeRule atLeast(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("a size bound must not be negative: " + bytes);
    }
    return bytes == 0 ? ANY : new SizeRule(bytes, Long.MAX_VALUE);
  }

  /**
   * Returns the rule that accepts sizes at or above a bound written with a unit.
   *
   * @param size such as {@code 100KB}
   * @return the rule {@code >= size}
   * @throws CacheConfigurationException naming {@code size} if it is not a size
   */
  public static SizeRule atLeast(String size) {
    return atLeast(bytes(size));
  }

  /**
   * Returns the rule that accepts sizes from a lower bound (inclusive) to an upper one (exclusive).
   *
   * @param minBytes the inclusive lower bound; zero or more
   * @param maxBytes the exclusive upper bound; greater than {@code minBytes}
   * @return the rule {@code minBytes..maxBytes}
   * @throws IllegalArgumentException if a bound is negative or the range is empty
   */
  public static SizeRule between(long minBytes, long maxBytes) {
    if (minBytes < 0) {
      throw new IllegalArgumentException("a size bound must not be negative: " + minBytes);
    }
    if (maxBytes <= minBytes) {
      throw new IllegalArgumentException("a rule '" + minBytes + ".." + maxBytes
          + "' accepts no size: the upper bound (exclusive) must be above the lower (inclusive)");
    }
    return new SizeRule(minBytes, maxBytes);
  }

  /**
   * Returns the rule that accepts sizes from a lower bound (inclusive) to an upper one (exclusive),
   * both written with units.
   *
   * @param min such as {@code 1KB}
   * @param max such as {@code 1MB}
   * @return the rule {@code min..max}
   * @throws CacheConfigurationException naming the value if a bound is not a size or the range is
   *     empty
   */
  public static SizeRule between(String min, String max) {
    long lo = bytes(min);
    long hi = bytes(max);
    if (hi <= lo) {
      throw new CacheConfigurationException("a rule '" + min + ".." + max + "' accepts no size: the "
          + "upper bound (exclusive) must be above the lower (inclusive)");
    }
    return between(lo, hi);
  }

  /**
   * Parses the string form: {@code < N}, {@code >= N}, {@code N..M} or {@code any}, where {@code N}
   * and {@code M} are sizes such as {@code 100KB}; spaces around the parts are allowed; blank text
   * means {@code any}.
   *
   * @param text the rule
   * @return the rule
   * @throws NullPointerException if {@code text} is {@code null}
   * @throws CacheConfigurationException naming {@code text} if it is not a rule
   */
  public static SizeRule parse(String text) {
    Objects.requireNonNull(text, "size rule must not be null");
    String rule = text.trim();
    try {
      if (rule.isEmpty() || rule.equals("any")) {
        return ANY;
      }
      if (rule.startsWith(">=")) {
        return atLeast(rule.substring(2));
      }
      if (rule.startsWith("<")) {
        return below(rule.substring(1));
      }
      int dots = rule.indexOf("..");
      if (dots > 0) {
        return between(rule.substring(0, dots), rule.substring(dots + 2));
      }
    } catch (CacheConfigurationException | IllegalArgumentException e) {
      throw new CacheConfigurationException("invalid size rule '" + text + "': " + e.getMessage(),
          e);
    }
    throw new CacheConfigurationException("invalid size rule '" + text
        + "': expected '< N', '>= N', 'N..M' or 'any', with sizes such as 100KB");
  }

  /**
   * Tells whether content of a size goes to a tier with this rule.
   *
   * @param sizeBytes the content's length
   * @return {@code true} if {@code min <= sizeBytes < max}
   */
  public boolean accepts(long sizeBytes) {
    return range.accepts(sizeBytes);
  }

  /**
   * Returns the smallest size accepted.
   *
   * @return the inclusive lower bound, 0 when there is none
   */
  public long minBytes() {
    return range.minBytes();
  }

  /**
   * Returns the bound every accepted size is below.
   *
   * @return the exclusive upper bound, {@link Long#MAX_VALUE} when there is none
   */
  public long maxBytes() {
    return range.maxBytes();
  }

  /** Returns the string form, which {@link #parse} reads back, with sizes in bytes. */
  @Override
  public String toString() {
    return range.toString();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SizeRule rule && rule.range.equals(range);
  }

  @Override
  public int hashCode() {
    return range.hashCode();
  }

  /** The bounds as the stack's machinery reads them. */
  SizeRange range() {
    return range;
  }

  /** The rule of bounds the stack's machinery holds. */
  static SizeRule of(SizeRange range) {
    return range.minBytes() == 0 && range.unbounded() ? ANY
        : new SizeRule(range.minBytes(), range.maxBytes());
  }

  private static long bytes(String size) {
    Objects.requireNonNull(size, "size must not be null");
    return TierConfig.parseBytes(size);
  }
}
