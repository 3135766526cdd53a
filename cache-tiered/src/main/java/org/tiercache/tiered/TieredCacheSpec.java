package org.tiercache.tiered;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.TierDiscovery;
import org.tiercache.api.TierConfig;

/**
 * The string form of a {@link TieredCache}, for configuration files, system properties and the
 * command line: the tiers by provider id with their settings and size rules, and the options.
 *
 * <pre>{@code
 * memory(capacity=50MB,ttl=5m) < 100KB ; disk(dir=/var/cache/att,capacity=500MB,ttl=1h)
 * options(write-through) ; memory(capacity=64MB) < 1MB ; disk(dir=/srv/cache) any
 * memory(capacity=8MB) < 16KB ; memory(capacity=256MB) 16KB..4MB ; disk(dir=/srv/c) >= 4MB ; options(spill)
 * }</pre>
 *
 * <p><b>Grammar</b> (ABNF-like; spaces, tabs and line breaks are allowed between any two tokens):
 * <pre>
 * spec     = element *( ";" element )         ; tiers fastest first; empty elements are ignored
 * element  = tier / options
 * tier     = id [ "(" settings ")" ] [ rule ]
 * id       = a provider id: lowercase letter *( lowercase letter / digit / "-" ), not "options"
 * settings = key=value pairs separated by commas or spaces, as TierConfig.parse reads them
 *            (capacity=50MB, ttl=5m, and the tier's own such as dir=/var/cache/att);
 *            a value holding whitespace, ",", ";", "(", ")" or a quote is written in double
 *            quotes, with \" and \\ inside (dir="/srv/my cache"), as TierConfig's grammar says
 * rule     = "&lt;" size          ; sizes below it
 *          / "&gt;=" size         ; sizes at or above it
 *          / size ".." size    ; from the first (inclusive) to the second (exclusive)
 *          / "any"             ; every size; also what a tier without a rule gets
 * size     = number [ unit ]   ; unit B, KB, MB, GB, TB (1 KB = 1024 B), case-insensitive
 * options  = "options" "(" [ option *( "," option ) ] ")"   ; at most one, anywhere
 * option   = ( "write-through" / "spill" ) [ "=" ( "true" / "false" ) ]
 * </pre>
 * The rules are those of {@link SizeRule}; the options those of {@link TieredCache.Builder#writeThrough}
 * and {@link TieredCache.Builder#spill} (both off unless named). A tier's settings get the system
 * clock. Because {@code options(...)} is an element of its own, no provider can be named
 * {@code options} in this form (the Java builder has no such limit).
 *
 * <p>{@link #toSpecString()} writes a spec that {@link #parse} reads back into the same tiers,
 * rules and options, each tier's settings written by {@link TierConfig#toSpecString()}; it holds
 * secrets (a password) as they are, for a program to hand on. {@link #toString()} and every message
 * mask them ({@link TierConfig#redact}).
 *
 * <p>{@link #parse} checks the syntax, the rules and the settings' values, and raises a
 * {@link CacheConfigurationException} naming the element and the fragment at fault. Providers are
 * looked up only when the stack is built ({@link #toBuilder()}{@code .build()}), so an id with no
 * provider on the module path fails then, with {@link TierDiscovery#provider}'s message listing the
 * ids found and the tier jars that failed to load (a {@code CacheConfigurationException} too).
 *
 * <p>Instances are immutable.
 *
 * @since 0.1
 */
public final class TieredCacheSpec {
  private static final String OPTIONS = "options";
  private static final Pattern ID = Pattern.compile("(?s)\\s*([a-z][a-z0-9-]*)\\s*");
  private static final Pattern OPTION = Pattern.compile("(write-through|spill)(?:\\s*=\\s*(\\S*))?");

  private final String text;
  private final List<Tier> tiers;
  private final boolean writeThrough;
  private final boolean spill;

  private TieredCacheSpec(String text, List<Tier> tiers, boolean writeThrough, boolean spill) {
    this.text = text;
    this.tiers = List.copyOf(tiers);
    this.writeThrough = writeThrough;
    this.spill = spill;
  }

  /**
   * Parses the string form.
   *
   * @param text such as {@code memory(capacity=50MB,ttl=5m) < 100KB ; disk(dir=/var/cache/att)}
   * @return the spec
   * @throws NullPointerException if {@code text} is {@code null}
   * @throws CacheConfigurationException naming the element and fragment if the text does not follow
   *     the grammar, names no tier, repeats {@code options}, or holds an invalid size, rule or
   *     setting
   */
  public static TieredCacheSpec parse(String text) {
    Objects.requireNonNull(text, "tiered cache spec must not be null");
    List<Tier> tiers = new ArrayList<>();
    Boolean writeThrough = null;
    Boolean spill = null;
    boolean sawOptions = false;
    for (String element : elements(text)) {
      String trimmed = element.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      Matcher m = ID.matcher(trimmed);
      if (!m.lookingAt()) {
        throw error(text, trimmed, "expected a provider id such as 'memory', optionally with "
            + "(settings) and a size rule, or options(...)");
      }
      String id = m.group(1);
      String settings = null;
      int after = m.end();
      if (after < trimmed.length() && trimmed.charAt(after) == '(') {
        int close = closingParenthesis(trimmed, after);
        if (close < 0) {
          throw error(text, trimmed, "expected a provider id such as 'memory', optionally with "
              + "(settings) and a size rule, or options(...); a value holding parentheses is "
              + "written in quotes");
        }
        settings = trimmed.substring(after + 1, close);
        after = close + 1;
      }
      String rest = trimmed.substring(after).trim();
      if (id.equals(OPTIONS)) {
        if (sawOptions) {
          throw error(text, trimmed, "options(...) is given twice");
        }
        if (settings == null || !rest.isEmpty()) {
          throw error(text, trimmed, "expected options(write-through, spill)");
        }
        sawOptions = true;
        for (String option : settings.split(",")) {
          String flag = option.trim();
          if (flag.isEmpty()) {
            continue;
          }
          Matcher o = OPTION.matcher(flag);
          if (!o.matches()) {
            throw error(text, flag, "unknown option; known options: write-through, spill");
          }
          boolean value = flagValue(text, flag, o.group(2));
          if (o.group(1).equals("spill")) {
            if (spill != null) {
              throw error(text, flag, "option 'spill' is given twice");
            }
            spill = value;
          } else {
            if (writeThrough != null) {
              throw error(text, flag, "option 'write-through' is given twice");
            }
            writeThrough = value;
          }
        }
        continue;
      }
      if (rest.indexOf('(') >= 0 || rest.indexOf(')') >= 0) {
        throw error(text, trimmed, "unexpected '" + rest + "' after the tier; settings go in one "
            + "pair of parentheses right after the id, and a value holding parentheses is written "
            + "in quotes");
      }
      TierConfig config;
      try {
        config = settings == null ? TierConfig.defaults() : TierConfig.parse(settings);
      } catch (CacheConfigurationException e) {
        throw error(text, trimmed, e.getMessage(), e);
      }
      SizeRule rule;
      try {
        rule = SizeRule.parse(rest);
      } catch (CacheConfigurationException e) {
        throw error(text, trimmed, e.getMessage(), e);
      }
      tiers.add(new Tier(id, config, rule, TierConfig.redact(trimmed)));
    }
    if (tiers.isEmpty()) {
      throw new CacheConfigurationException("tiered cache spec '" + TierConfig.redact(text)
          + "' names no tier: expected e.g. "
          + "'memory(capacity=50MB,ttl=5m) < 100KB ; disk(dir=/var/cache/att)'");
    }
    return new TieredCacheSpec(text, tiers,
        writeThrough != null && writeThrough, spill != null && spill);
  }

  /**
   * Returns a builder holding this spec's tiers and options; more tiers may be added after them.
   *
   * @return a new builder
   */
  public TieredCache.Builder toBuilder() {
    TieredCache.Builder builder = TieredCache.builder().writeThrough(writeThrough).spill(spill);
    for (Tier tier : tiers) {
      builder.tier(tier.rule(), tier.id(), tier.config(), tier.source());
    }
    return builder;
  }

  /**
   * Returns the provider ids of the tiers, fastest first.
   *
   * @return the ids, such as {@code [memory, disk]}
   */
  public List<String> tierIds() {
    return tiers.stream().map(Tier::id).toList();
  }

  /**
   * Returns the tiers as written, fastest first, for callers that build or inspect them themselves.
   *
   * @return the tiers, unmodifiable
   */
  public List<Tier> tiers() {
    return tiers;
  }

  /**
   * Tells whether the spec names the write-through option.
   *
   * @return {@code true} if puts go to every accepting tier
   */
  public boolean writeThrough() {
    return writeThrough;
  }

  /**
   * Tells whether the spec names the spill option.
   *
   * @return {@code true} if evicted entries spill to lower tiers
   */
  public boolean spill() {
    return spill;
  }

  /**
   * Returns the text this spec was parsed from, with every secret masked
   * ({@link TierConfig#redact}); use {@link #toSpecString()} to hand the spec on.
   *
   * @return the text as written, secrets masked
   */
  @Override
  public String toString() {
    return TierConfig.redact(text);
  }

  /**
   * Returns the spec in a form that {@link #parse} reads back into the same tiers, rules and
   * options: {@code id(settings) rule} per tier, settings as {@link TierConfig#toSpecString()}
   * writes them, rules as {@link SizeRule#toString()} does, then the options if any. It holds
   * secrets as they are: never log or print it.
   *
   * @return the re-readable text
   * @since 0.2
   */
  public String toSpecString() {
    StringBuilder out = new StringBuilder();
    for (Tier tier : tiers) {
      out.append(out.length() == 0 ? "" : " ; ").append(tier.id());
      String settings = tier.config().toSpecString();
      if (!settings.isEmpty()) {
        out.append('(').append(settings).append(')');
      }
      out.append(' ').append(tier.rule());
    }
    if (writeThrough || spill) {
      out.append(" ; options(").append(writeThrough ? "write-through" : "")
          .append(writeThrough && spill ? ", " : "").append(spill ? "spill" : "").append(')');
    }
    return out.toString();
  }

  /**
   * Returns the index of the parenthesis closing the one at {@code open}, skipping quoted values;
   * -1 if there is none or another opening parenthesis comes first outside quotes.
   */
  private static int closingParenthesis(String element, int open) {
    boolean quoted = false;
    for (int i = open + 1; i < element.length(); i++) {
      char c = element.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ')') {
        return i;
      } else if (c == '(') {
        return -1;
      }
    }
    return -1;
  }

  /**
   * Splits at the semicolons outside parentheses and quotes, so a setting's value may hold one.
   * Inside quotes, a backslash escapes the next character, as in {@link TierConfig}'s grammar.
   */
  private static List<String> elements(String text) {
    List<String> elements = new ArrayList<>();
    int depth = 0;
    int start = 0;
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
        if (depth < 0) {
          throw error(text, text.substring(start, i + 1).trim(), "')' without a matching '('");
        }
      } else if (c == ';' && depth == 0) {
        elements.add(text.substring(start, i));
        start = i + 1;
      }
    }
    if (quoted) {
      throw error(text, text.substring(start).trim(), "a quote is never closed");
    }
    if (depth > 0) {
      throw error(text, text.substring(start).trim(), "'(' is never closed");
    }
    elements.add(text.substring(start));
    return elements;
  }

  private static boolean flagValue(String text, String flag, String value) {
    if (value == null || value.equals("true")) {
      return true;
    }
    if (value.equals("false")) {
      return false;
    }
    throw error(text, flag, "expected true or false after '='");
  }

  private static CacheConfigurationException error(String text, String fragment, String why) {
    return error(text, fragment, why, null);
  }

  private static CacheConfigurationException error(String text, String fragment, String why,
      Throwable cause) {
    // The settings may hold a password: every piece of the text is masked, and a cause whose
    // message could quote it (TierConfig's own are masked already) is kept only without secrets.
    String masked = TierConfig.redact(text);
    return new CacheConfigurationException("invalid tiered cache spec at '"
        + TierConfig.redact(fragment) + "': " + TierConfig.redact(why) + " (in '" + masked + "')",
        masked.equals(text) || cause instanceof CacheConfigurationException ? cause : null);
  }

  /**
   * One tier of a spec, as written.
   *
   * @param id the provider id, such as {@code disk}
   * @param config the settings in its parentheses (none: {@link TierConfig#defaults()})
   * @param rule its size rule ({@link SizeRule#any()} when none is written)
   * @param source the element of the text it was read from, for messages, with secrets masked
   */
  public record Tier(String id, TierConfig config, SizeRule rule, String source) {
    /**
     * Checks that nothing is {@code null}.
     *
     * @param id the provider id
     * @param config the settings
     * @param rule the size rule
     * @param source the element of the text
     */
    public Tier {
      Objects.requireNonNull(id, "id must not be null");
      Objects.requireNonNull(config, "config must not be null");
      Objects.requireNonNull(rule, "rule must not be null");
      Objects.requireNonNull(source, "source must not be null");
    }
  }
}
