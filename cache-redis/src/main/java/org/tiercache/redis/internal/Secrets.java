package org.tiercache.redis.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.tiercache.api.CacheException;

/**
 * The secret texts of a tier's settings (the password, in every form it was given), and the means
 * to keep them out of everything the tier says: its exception messages, the causes it wraps, its
 * logs and its {@code toString}. Messages are built without secrets in the first place; this is
 * the second line, for text that comes from elsewhere (Jedis, the server, the API's setting
 * parser) and may quote a value.
 */
final class Secrets {
  private static final String MASK = "***";
  private static final Secrets NONE = new Secrets(List.of());
  // Chains longer than this are cut: a cause cycle must not loop, and no real chain is this deep.
  private static final int MAX_DEPTH = 16;

  // Longest first, so that a secret containing another is masked whole.
  private final List<String> texts;

  private Secrets(List<String> texts) {
    this.texts = texts;
  }

  /** Returns the secrets of no settings: nothing is masked. */
  static Secrets none() {
    return NONE;
  }

  /**
   * Returns the given secrets, with the percent-decoded form of each (a URI's password reaches
   * Jedis decoded); {@code null} and empty texts are skipped.
   */
  static Secrets of(Collection<String> candidates) {
    List<String> texts = new ArrayList<>();
    for (String text : candidates) {
      if (text == null || text.isEmpty()) {
        continue;
      }
      texts.add(text);
      String decoded = decode(text);
      if (!decoded.isEmpty() && !decoded.equals(text)) {
        texts.add(decoded);
      }
    }
    texts.sort(Comparator.comparingInt(String::length).reversed());
    return texts.isEmpty() ? NONE : new Secrets(List.copyOf(texts));
  }

  /**
   * Returns the login part of a URI's text: everything between {@code ://} and the last {@code @},
   * and the password after its first {@code :}; empty if the text has none. Works on text that
   * does not parse as a URI too, since that is when a message would quote it.
   */
  static List<String> loginOf(String uriText) {
    if (uriText == null) {
      return List.of();
    }
    int start = uriText.indexOf("://");
    int at = uriText.lastIndexOf('@');
    if (start < 0 || at < start + 3) {
      return List.of();
    }
    String login = uriText.substring(start + 3, at);
    int colon = login.indexOf(':');
    return colon < 0 ? List.of(login) : List.of(login, login.substring(colon + 1));
  }

  /** Returns the text with every secret replaced by {@code ***}. */
  String scrub(String text) {
    if (text == null) {
      return null;
    }
    String scrubbed = text;
    for (String secret : texts) {
      scrubbed = scrubbed.replace(secret, MASK);
    }
    return scrubbed;
  }

  /**
   * Returns the exception itself when no secret appears in it or in its causes, else one with the
   * same message and cause with the secrets masked.
   */
  CacheException scrub(CacheException failure) {
    if (!appearsIn(failure)) {
      return failure;
    }
    CacheException scrubbed = new CacheException(scrub(failure.getMessage()),
        failure.getCause() == null ? null : redacted(failure.getCause(), 0));
    scrubbed.setStackTrace(failure.getStackTrace());
    return scrubbed;
  }

  /**
   * Returns the failure itself when no secret appears in it or in its causes, else a stand-in
   * that carries its class name, its masked message, its stack and its masked causes.
   */
  Throwable scrub(Throwable failure) {
    return appearsIn(failure) ? redacted(failure, 0) : failure;
  }

  /** Tells whether a secret appears in the text of a failure, its causes or their suppressed. */
  boolean appearsIn(Throwable failure) {
    if (texts.isEmpty()) {
      return false;
    }
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    List<Throwable> pending = new ArrayList<>(List.of(failure));
    while (!pending.isEmpty()) {
      Throwable next = pending.remove(pending.size() - 1);
      if (next == null || seen.put(next, Boolean.TRUE) != null || seen.size() > MAX_DEPTH * 4) {
        continue;
      }
      if (contains(String.valueOf(next))) {
        return true;
      }
      pending.add(next.getCause());
      pending.addAll(List.of(next.getSuppressed()));
    }
    return false;
  }

  /** Tells whether a secret appears in a text. */
  boolean contains(String text) {
    if (text == null) {
      return false;
    }
    for (String secret : texts) {
      if (text.contains(secret)) {
        return true;
      }
    }
    return false;
  }

  /** Never shows the secrets themselves. */
  @Override
  public String toString() {
    return texts.size() + " secret text(s), never shown";
  }

  private Throwable redacted(Throwable failure, int depth) {
    Throwable cause = failure.getCause();
    Throwable scrubbedCause = cause == null || cause == failure || depth >= MAX_DEPTH
        ? null : redacted(cause, depth + 1);
    Redacted redacted = new Redacted(failure.getClass().getName() + ": "
        + scrub(String.valueOf(failure.getMessage())), scrubbedCause);
    redacted.setStackTrace(failure.getStackTrace());
    if (depth < MAX_DEPTH) {
      for (Throwable suppressed : failure.getSuppressed()) {
        redacted.addSuppressed(redacted(suppressed, depth + 1));
      }
    }
    return redacted;
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text;
    }
  }

  /** A failure whose text held a secret, told again without it; the original class is named. */
  static final class Redacted extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Redacted(String message, Throwable cause) {
      super(Objects.requireNonNull(message), cause);
    }
  }
}
