package org.tiercache.api;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The key of a cache entry: the digest of its content, in lowercase hex, with the algorithm that made
 * it.
 *
 * <p>Because a key is validated to be exactly a digest (only {@code 0-9a-f}, exactly the algorithm's
 * length), no key can name a path outside a tier's folder, and any tier can check content against its
 * key with {@link #matches(byte[])}.
 *
 * <p>Instances are immutable and thread-safe. Two keys are equal when their algorithm and digest are.
 *
 * @since 0.1
 */
public final class ContentKey {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final DigestAlgorithm algorithm;
  private final String hex;
  // Derived from the digest itself, which is already uniformly distributed; computed once because
  // keys are hashed on every map lookup.
  private final int hash;

  private ContentKey(DigestAlgorithm algorithm, String hex) {
    this.algorithm = algorithm;
    this.hex = hex;
    this.hash = (int) Long.parseLong(hex.substring(0, 8), 16);
  }

  /**
   * Parses a key from its text: either bare lowercase hex (64 digits for SHA-256, 32 for MD5) or
   * {@code label:hex} as produced by {@link #toString()}.
   *
   * @param text the key text
   * @return the key
   * @throws NullPointerException if {@code text} is {@code null}
   * @throws IllegalArgumentException if {@code text} is not a valid key; the message names it
   */
  public static ContentKey of(String text) {
    Objects.requireNonNull(text, "content key text must not be null");
    int colon = text.indexOf(':');
    if (colon >= 0) {
      DigestAlgorithm algorithm;
      try {
        algorithm = DigestAlgorithm.ofLabel(text.substring(0, colon));
      } catch (IllegalArgumentException e) {
        throw invalid(text, "unknown algorithm prefix '" + text.substring(0, colon)
            + "'; accepted: " + Arrays.stream(DigestAlgorithm.values())
                .map(a -> a.label() + ":").collect(Collectors.joining(", "))
            + " (lowercase)");
      }
      String hex = text.substring(colon + 1);
      if (hex.length() != algorithm.hexLength()) {
        throw invalid(text, "expected " + algorithm.hexLength() + " lowercase hex digits after '"
            + algorithm.label() + ":', got " + hex.length() + " characters");
      }
      return of(algorithm, hex);
    }
    for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
      if (text.length() == algorithm.hexLength()) {
        return of(algorithm, text);
      }
    }
    throw invalid(text, "expected 64 (sha256) or 32 (md5) lowercase hex digits, got "
        + text.length() + " characters");
  }

  /**
   * Makes a key from a digest in lowercase hex.
   *
   * @param algorithm the algorithm that made the digest
   * @param hex the digest in lowercase hex
   * @return the key
   * @throws NullPointerException if either argument is {@code null}
   * @throws IllegalArgumentException if {@code hex} is not a digest of that algorithm; the message
   *     names it
   */
  public static ContentKey of(DigestAlgorithm algorithm, String hex) {
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    Objects.requireNonNull(hex, "content key text must not be null");
    if (hex.length() != algorithm.hexLength()) {
      throw invalid(hex, "expected " + algorithm.hexLength() + " lowercase hex digits for "
          + algorithm.label() + ", got " + hex.length() + " characters");
    }
    for (int i = 0; i < hex.length(); i++) {
      char c = hex.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      boolean lower = c >= 'a' && c <= 'f';
      if (!digit && !lower) {
        String why = c >= 'A' && c <= 'F'
            ? "upper-case hex digit '" + c + "' at index " + i + " (keys are lowercase)"
            : "character '" + printable(c) + "' at index " + i + " is not a hex digit";
        throw invalid(hex, why);
      }
    }
    return new ContentKey(algorithm, hex);
  }

  /**
   * Makes a key from a raw digest.
   *
   * @param algorithm the algorithm that made the digest
   * @param digest the digest bytes; not kept
   * @return the key
   * @throws IllegalArgumentException if the digest has the wrong length for the algorithm
   */
  public static ContentKey ofDigest(DigestAlgorithm algorithm, byte[] digest) {
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    Objects.requireNonNull(digest, "digest must not be null");
    if (digest.length != algorithm.digestLength()) {
      throw new IllegalArgumentException("a " + algorithm.label() + " digest has "
          + algorithm.digestLength() + " bytes, got " + digest.length);
    }
    char[] chars = new char[digest.length * 2];
    for (int i = 0; i < digest.length; i++) {
      chars[2 * i] = HEX[(digest[i] >> 4) & 0xf];
      chars[2 * i + 1] = HEX[digest[i] & 0xf];
    }
    return new ContentKey(algorithm, new String(chars));
  }

  /**
   * Computes the SHA-256 key of some content.
   *
   * @param content the content
   * @return its key
   */
  public static ContentKey sha256(byte[] content) {
    return compute(DigestAlgorithm.SHA_256, content);
  }

  /**
   * Computes the key of some content with the given algorithm.
   *
   * @param algorithm the digest algorithm
   * @param content the content
   * @return its key
   */
  public static ContentKey compute(DigestAlgorithm algorithm, byte[] content) {
    Objects.requireNonNull(content, "content must not be null");
    return ofDigest(algorithm, algorithm.newDigest().digest(content));
  }

  /**
   * Computes the SHA-256 key of a stream's content, reading it to its end without holding it in
   * memory. The stream is not closed.
   *
   * @param content the stream to read
   * @return the key of everything read
   * @throws IOException if reading fails
   */
  public static ContentKey sha256(InputStream content) throws IOException {
    return compute(DigestAlgorithm.SHA_256, content);
  }

  /**
   * Computes the key of a stream's content, reading it to its end without holding it in memory. The
   * stream is not closed.
   *
   * @param algorithm the digest algorithm
   * @param content the stream to read
   * @return the key of everything read
   * @throws IOException if reading fails
   */
  public static ContentKey compute(DigestAlgorithm algorithm, InputStream content)
      throws IOException {
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    Objects.requireNonNull(content, "content must not be null");
    MessageDigest digest = algorithm.newDigest();
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = content.read(buffer)) != -1; ) {
      digest.update(buffer, 0, n);
    }
    return ofDigest(algorithm, digest.digest());
  }

  /**
   * Tells whether the given content has this key: whether its digest, with this key's algorithm, is
   * this key's digest.
   *
   * @param content the content to check
   * @return {@code true} if the content matches this key
   */
  public boolean matches(byte[] content) {
    return equals(compute(algorithm, content));
  }

  /**
   * Returns the algorithm that made this key.
   *
   * @return the algorithm, never {@code null}
   */
  public DigestAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Returns the digest in lowercase hex: only {@code 0-9a-f}, so it is safe as a file name.
   *
   * @return the hex digest, never {@code null}
   */
  public String hex() {
    return hex;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ContentKey
        && ((ContentKey) other).algorithm == algorithm
        && ((ContentKey) other).hex.equals(hex);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /**
   * Returns {@code label:hex}, such as {@code sha256:2cf24d...}; {@link #of(String)} parses it back.
   */
  @Override
  public String toString() {
    return algorithm.label() + ":" + hex;
  }

  private static IllegalArgumentException invalid(String text, String why) {
    return new IllegalArgumentException("invalid content key '" + text + "': " + why);
  }

  private static String printable(char c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
  }
}
