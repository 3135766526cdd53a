package org.tiercache.api.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The text form of a tier's settings: reading it into {@code key=value} pairs and writing values so
 * that they read back unchanged. The grammar is documented on {@code TierConfig}.
 *
 * <p>Reading: pairs are separated by ASCII whitespace or commas. A value is made of bare characters,
 * taken as they are (a backslash too, so {@code C:\cache} needs no quoting), and of quoted parts
 * between double quotes, inside which a backslash escapes {@code "}, {@code \}, {@code n}, {@code r},
 * {@code t} or {@code uXXXX}; the parts are joined, as a shell joins them. Separators inside quotes
 * belong to the value.
 *
 * <p>Writing: a value of plain characters only (letters and digits of any script, and
 * {@code / . _ - : + @ % ~ ! * # $ & ? [ ] { } ^ | < >}) is written bare; any other value is quoted,
 * with {@code "} and {@code \} escaped and every character that a terminal would not show as itself
 * (controls, format characters such as bidirectional overrides, line separators, lone surrogates,
 * spaces other than U+0020) written as {@code \}{@code uXXXX}, so the text stays on one line and
 * shows what it holds.
 */
public final class SettingsText {
  private static final String PLAIN_PUNCTUATION = "/._-:+@%~!*#$&?[]{}^|<>";

  private SettingsText() {}

  /**
   * One {@code key=value} pair as read.
   *
   * @param raw the pair as written, for messages
   * @param key the text before the first {@code =} outside quotes, or {@code null} if there is none
   * @param value the value with quotes and escapes resolved, or {@code null} if there is no {@code =}
   */
  public record Pair(String raw, String key, String value) {}

  /**
   * Splits text into pairs.
   *
   * @param text the settings text
   * @return the pairs in order
   * @throws IllegalArgumentException naming the pair if a quote is never closed or an escape is
   *     unknown
   */
  public static List<Pair> read(String text) {
    List<Pair> pairs = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (isSeparator(c)) {
        i++;
        continue;
      }
      int start = i;
      int eq = -1;
      StringBuilder value = new StringBuilder();
      boolean quoted = false;
      while (i < n) {
        c = text.charAt(i);
        if (quoted) {
          if (c == '"') {
            quoted = false;
            i++;
          } else if (c == '\\') {
            i = unescape(text, i, start, value);
          } else {
            value.append(c);
            i++;
          }
          continue;
        }
        if (isSeparator(c)) {
          break;
        }
        if (c == '"') {
          quoted = true;
        } else if (c == '=' && eq < 0) {
          eq = i;
          value.setLength(0);
        } else {
          value.append(c);
        }
        i++;
      }
      String raw = text.substring(start, i);
      if (quoted) {
        throw new IllegalArgumentException("a quote is never closed in '" + raw + "'");
      }
      pairs.add(eq < 0
          ? new Pair(raw, null, null)
          : new Pair(raw, text.substring(start, eq), value.toString()));
    }
    return pairs;
  }

  /**
   * Writes a value so that {@link #read} reads it back unchanged: bare if every character is plain,
   * else quoted and escaped.
   *
   * @param value the value
   * @return its text form
   */
  public static String write(String value) {
    if (!value.isEmpty() && value.chars().allMatch(SettingsText::isPlain)) {
      return value;
    }
    StringBuilder out = new StringBuilder(value.length() + 8).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (isInvisible(value, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * Tells whether a character separates pairs: ASCII whitespace, as {@code \s} matches it, or a
   * comma.
   *
   * @param c the character
   * @return whether it separates pairs outside quotes
   */
  public static boolean isSeparator(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r'
        || c == ',';
  }

  /**
   * Tells whether the character at an index would not show as itself on a terminal: a C0 or C1
   * control or DEL, a format character (bidirectional overrides and isolates, zero-width
   * characters), a line or paragraph separator, a space other than U+0020, or half of a surrogate
   * pair without its other half.
   *
   * @param text the text
   * @param i the index
   * @return whether the character is invisible or changes how the text around it shows
   */
  public static boolean isInvisible(CharSequence text, int i) {
    char c = text.charAt(i);
    if (c == ' ') {
      return false;
    }
    if (Character.isHighSurrogate(c)) {
      return i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1));
    }
    if (Character.isLowSurrogate(c)) {
      return i == 0 || !Character.isHighSurrogate(text.charAt(i - 1));
    }
    return switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR,
          Character.PARAGRAPH_SEPARATOR, Character.SPACE_SEPARATOR, Character.UNASSIGNED,
          Character.PRIVATE_USE -> true;
      default -> false;
    };
  }

  private static boolean isPlain(int c) {
    if (c < 0x80) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || PLAIN_PUNCTUATION.indexOf(c) >= 0;
    }
    // Letters and digits of other scripts stay readable (dir=/home/jürgen); surrogates, marks and
    // symbols are quoted, which costs nothing but two characters.
    return Character.isLetterOrDigit(c);
  }

  /** Resolves the escape at {@code i} (a backslash inside quotes); returns the index after it. */
  private static int unescape(String text, int i, int pairStart, StringBuilder value) {
    if (i + 1 >= text.length()) {
      throw new IllegalArgumentException("a quote is never closed in '"
          + text.substring(pairStart) + "'");
    }
    char e = text.charAt(i + 1);
    switch (e) {
      case '"', '\\' -> value.append(e);
      case 'n' -> value.append('\n');
      case 'r' -> value.append('\r');
      case 't' -> value.append('\t');
      case 'u' -> {
        if (i + 6 > text.length()) {
          throw badEscape(text, i, pairStart);
        }
        int code = 0;
        for (int k = i + 2; k < i + 6; k++) {
          int digit = Character.digit(text.charAt(k), 16);
          if (digit < 0 || text.charAt(k) > 'f') {
            throw badEscape(text, i, pairStart);
          }
          code = code * 16 + digit;
        }
        value.append((char) code);
        return i + 6;
      }
      default -> throw badEscape(text, i, pairStart);
    }
    return i + 2;
  }

  private static IllegalArgumentException badEscape(String text, int i, int pairStart) {
    String escape = text.substring(i, Math.min(text.length(), i + 6));
    return new IllegalArgumentException("unknown escape '" + escape + "' in '"
        + text.substring(pairStart, Math.min(text.length(), i + 6)) + "...': inside quotes use"
        + " \\\", \\\\, \\n, \\r, \\t or \\uXXXX");
  }
}
