package org.tiercache.api.internal;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps secrets (a Redis password, a token) out of text that is shown: messages, logs,
 * {@code toString}. The rules are documented on {@code TierConfig.isSecretKey} and
 * {@code TierConfig.redact}.
 */
public final class Redaction {
  /** What a secret is shown as. */
  public static final String MASK = "***";

  private static final List<String> SECRET_SUFFIXES =
      List.of("password", "passwd", "secret", "token", "credentials");

  /**
   * A secret setting in free text: a key ending in a secret word, {@code =}, then a value, quoted
   * (to its closing quote, or to the end) or bare (up to whitespace, a comma, a semicolon, a
   * closing parenthesis or a quote, which end a value in settings, specs and messages).
   */
  private static final Pattern SECRET_PAIR = Pattern.compile(
      "(?i)(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]*(?:password|passwd|secret|token|credentials))"
          + "(\\s*=\\s*)(\"(?:[^\"\\\\]|\\\\.)*\"?|[^\\s,;)'\"]*)");

  /**
   * The user information of a URI, {@code scheme://user:password@}: everything from {@code //} to
   * the last {@code @} before the host, which ends at a slash, whitespace, a quote or a separator.
   */
  private static final Pattern USERINFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/\\s'\",;()?#]*)@");

  /**
   * The same in a setting's value, which is one piece of text: the user information may hold
   * anything but the characters that end a URI's authority.
   */
  private static final Pattern VALUE_USERINFO =
      Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*://)([^/?#]*)@");

  private Redaction() {}

  /**
   * Tells whether a setting's value is a secret: its key, in any case, ends with {@code password},
   * {@code passwd}, {@code secret}, {@code token} or {@code credentials}.
   *
   * @param key the setting's key
   * @return whether its value must never be shown
   */
  public static boolean isSecretKey(String key) {
    String lower = key.toLowerCase(Locale.ROOT);
    for (String suffix : SECRET_SUFFIXES) {
      if (lower.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Masks the secrets in free text: the value of every {@code key=value} whose key is secret, and
   * the user information of every URI.
   *
   * @param text any text, such as a message or a spec
   * @return the text with each secret replaced by {@link #MASK}
   */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    return maskUserinfo(maskPairs(text));
  }

  private static String maskPairs(String text) {
    Matcher pairs = SECRET_PAIR.matcher(text);
    StringBuilder masked = new StringBuilder(text.length());
    while (pairs.find()) {
      pairs.appendReplacement(masked,
          Matcher.quoteReplacement(pairs.group(1) + pairs.group(2) + MASK));
    }
    pairs.appendTail(masked);
    return masked.toString();
  }

  /**
   * Masks the user information of every URI in a text, {@code redis://:pw@host} becoming
   * {@code redis://***@host}.
   *
   * @param text the text
   * @return the text with each URI's user information replaced by {@link #MASK}
   */
  public static String maskUserinfo(String text) {
    return mask(USERINFO, text);
  }

  private static String mask(Pattern userinfo, String text) {
    Matcher uris = userinfo.matcher(text);
    StringBuilder masked = new StringBuilder(text.length());
    while (uris.find()) {
      uris.appendReplacement(masked, Matcher.quoteReplacement(uris.group(1) + MASK + "@"));
    }
    uris.appendTail(masked);
    return masked.toString();
  }

  /**
   * Returns a setting's value as it may be shown: {@link #MASK} for a secret key, else the value
   * with the user information of any URI and the secret pairs it may hold (a whole stack spec, say)
   * masked.
   *
   * @param key the setting's key
   * @param value its value
   * @return what to show
   */
  public static String shown(String key, String value) {
    return isSecretKey(key) ? MASK : mask(VALUE_USERINFO, maskPairs(value));
  }

  /**
   * Tells whether a setting's value would be changed by {@link #shown}: it is a secret or holds one.
   *
   * @param key the setting's key
   * @param value its value
   * @return whether showing it would need a mask
   */
  public static boolean holdsSecret(String key, String value) {
    return isSecretKey(key) || !shown(key, value).equals(value);
  }
}
