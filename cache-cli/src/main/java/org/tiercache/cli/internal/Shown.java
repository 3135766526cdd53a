package org.tiercache.cli.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tiercache.api.TierConfig;

/**
 * Text the command shows that a user, a file system or a tier supplied (keys, file names, spec
 * text, tiers' messages), made safe to print: every secret masked and every character a terminal
 * would act on instead of showing written as an escape. The command prints such text only through
 * {@link #text}, and everything on standard error passes through {@link SafeOutput}, which applies
 * it line by line.
 *
 * <p><b>Control characters.</b> C0 controls (ESC starts the sequences that recolour, move the
 * cursor, retitle the window or, on some terminals, write files), DEL, C1 controls (U+009B is a
 * one-character CSI), format characters (U+202E and the other bidirectional overrides, which make
 * {@code txt.exe} read {@code exe.txt}), line and paragraph separators and lone surrogates are
 * written {@code \xNN} or {@code \}{@code uNNNN}. A backslash is left as it is.
 *
 * <p><b>Secrets.</b> {@link TierConfig#redact} masks the shapes it knows ({@code password=...},
 * {@code scheme://user:pw@host}); on top of that, every secret value of the stack's settings (and of
 * {@code TIERCACHE_REDIS_URI}) is {@linkplain #remember remembered} when the stack is read, and
 * masked wherever it appears, even in a tier's message that quotes it alone. Values shorter than
 * {@value #SHORTEST_REMEMBERED} characters are not remembered, since masking every occurrence of
 * two letters would mangle the output; the shapes above still mask them.
 */
public final class Shown {
  /** Secrets shorter than this are masked by shape only. */
  static final int SHORTEST_REMEMBERED = 4;

  private static final String MASK = "***";
  /** Longest first, so that a secret holding another is masked whole. */
  private static final Set<String> SECRETS = new ConcurrentSkipListSet<>(
      Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));

  /** A {@code key=value} pair in raw text, its value quoted or bare. */
  private static final Pattern PAIR = Pattern.compile(
      "([A-Za-z0-9_.-]+)\\s*=\\s*(\"(?:[^\"\\\\]|\\\\.)*\"?|[^\\s,;()'\"]+)");

  private Shown() {}

  /**
   * Makes text safe to print: secrets masked, control characters escaped (tabs and line breaks
   * too, so that the text stays on its line).
   *
   * @param text any text, or {@code null}
   * @return the text as it may be shown; {@code "null"} for {@code null}
   */
  public static String text(Object text) {
    return escape(mask(String.valueOf(text)), false);
  }

  /**
   * Makes a line of output safe to print, keeping its tabs (a stack trace's indentation).
   *
   * @param line a line, without its line break
   * @return the line as it may be shown
   */
  static String line(String line) {
    return escape(mask(line), true);
  }

  /**
   * Remembers the secrets of a stack's settings, to mask them wherever they appear: the values of
   * secret keys, and the user information (and its password part) of URI values.
   *
   * @param settings a tier's settings
   */
  public static void rememberSecretsOf(Map<String, String> settings) {
    settings.forEach((key, value) -> {
      if (TierConfig.isSecretKey(key)) {
        remember(value);
      }
      rememberUserinfo(value);
    });
  }

  /**
   * Remembers the user information of a URI, such as {@code TIERCACHE_REDIS_URI}'s.
   *
   * @param value a URI or any value, or {@code null}
   */
  public static void rememberUserinfo(String value) {
    if (value == null) {
      return;
    }
    int scheme = value.indexOf("://");
    while (scheme >= 0) {
      int hostEnd = indexOfAny(value, "/?#", scheme + 3);
      int at = value.lastIndexOf('@', hostEnd - 1);
      if (at > scheme + 3) {
        String userinfo = value.substring(scheme + 3, at);
        remember(userinfo);
        int colon = userinfo.indexOf(':');
        if (colon >= 0) {
          remember(userinfo.substring(colon + 1));
          remember(decoded(userinfo.substring(colon + 1)));
        }
      }
      scheme = value.indexOf("://", scheme + 3);
    }
  }

  /**
   * Remembers one secret.
   *
   * @param secret the secret
   */
  static void remember(String secret) {
    if (secret != null && secret.length() >= SHORTEST_REMEMBERED && !secret.equals(MASK)) {
      SECRETS.add(secret);
    }
  }

  /**
   * Masks the secrets in text without escaping anything, for output that escapes in its own way
   * (JSON).
   *
   * @param text any text, or {@code null}
   * @return the text with every secret masked, or {@code null}
   */
  public static String masked(String text) {
    return text == null ? null : mask(text);
  }

  /**
   * Remembers the secrets written in the text of settings or a spec that may not parse: the value
   * of every {@code key=value} whose key is secret, and the user information of every URI.
   *
   * @param text the text as given
   */
  public static void rememberSecretsIn(String text) {
    Matcher pairs = PAIR.matcher(text);
    while (pairs.find()) {
      if (TierConfig.isSecretKey(pairs.group(1))) {
        String value = pairs.group(2);
        remember(value);
        if (value.startsWith("\"")) {
          try {
            TierConfig.parse("k=" + value).get("k").ifPresent(Shown::remember);
          } catch (RuntimeException unreadable) {
            remember(value.substring(1));
          }
        }
      }
    }
    rememberUserinfo(text);
  }

  private static String mask(String text) {
    String masked = text;
    for (String secret : SECRETS) {
      masked = masked.replace(secret, MASK);
    }
    return TierConfig.redact(masked);
  }

  private static String escape(String text, boolean keepTabs) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean hostile = isHostile(text, i) && !(keepTabs && c == '\t');
      if (hostile && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out != null) {
        if (hostile) {
          out.append(String.format(c <= 0xff ? "\\x%02x" : "\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
    }
    return out == null ? text : out.toString();
  }

  /**
   * Tells whether a terminal would act on the character at an index rather than show it.
   *
   * @param text the text
   * @param i the index
   * @return whether it must be escaped
   */
  static boolean isHostile(CharSequence text, int i) {
    char c = text.charAt(i);
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
    }
    int type = Character.getType(c);
    return type == Character.CONTROL || type == Character.FORMAT
        || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
  }

  private static int indexOfAny(String text, String chars, int from) {
    for (int i = from; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  /** A password as the server gets it: percent escapes resolved ({@code +} stays a plus). */
  private static String decoded(String percentEncoded) {
    try {
      return URLDecoder.decode(percentEncoded.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return percentEncoded;
    }
  }
}
