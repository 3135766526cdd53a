package org.tiercache.api;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The digest algorithms a {@link ContentKey} can be made with.
 *
 * <p>SHA-256 is the default. MD5 is here only so that stores keyed like the original Python cache can
 * be read; MD5 collisions can be crafted, so an MD5-keyed cache must not hold untrusted content.
 *
 * @since 0.1
 */
public enum DigestAlgorithm {
  /** SHA-256: 32-byte digests, 64 hex digits. The default. */
  SHA_256("SHA-256", "sha256", 32),
  /** MD5: 16-byte digests, 32 hex digits. For compatibility only; collisions can be crafted. */
  MD5("MD5", "md5", 16);

  private final String javaName;
  private final String label;
  private final int digestLength;

  DigestAlgorithm(String javaName, String label, int digestLength) {
    this.javaName = javaName;
    this.label = label;
    this.digestLength = digestLength;
  }

  /**
   * Returns the short label used in a key's text form, such as {@code sha256}.
   *
   * @return the label, never {@code null}
   */
  public String label() {
    return label;
  }

  /**
   * Returns the number of bytes in a digest of this algorithm.
   *
   * @return the digest length in bytes
   */
  public int digestLength() {
    return digestLength;
  }

  /**
   * Returns the number of lowercase hex digits in a key of this algorithm.
   *
   * @return twice the digest length
   */
  public int hexLength() {
    return digestLength * 2;
  }

  /**
   * Creates a fresh {@link MessageDigest} for this algorithm.
   *
   * @return a new digest, never shared
   */
  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(javaName);
    } catch (NoSuchAlgorithmException e) {
      // Every Java platform is required to provide SHA-256 and MD5.
      throw new IllegalStateException("the JDK lacks the required digest " + javaName, e);
    }
  }

  /**
   * Finds the algorithm with the given label ({@code sha256} or {@code md5}).
   *
   * @param label the label, as returned by {@link #label()}
   * @return the algorithm
   * @throws IllegalArgumentException if no algorithm has that label
   */
  public static DigestAlgorithm ofLabel(String label) {
    for (DigestAlgorithm algorithm : values()) {
      if (algorithm.label.equals(label)) {
        return algorithm;
      }
    }
    throw new IllegalArgumentException(
        "unknown digest algorithm '" + label + "': expected sha256 or md5");
  }
}
