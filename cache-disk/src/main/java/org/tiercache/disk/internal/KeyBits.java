package org.tiercache.disk.internal;

import java.nio.ByteBuffer;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;

/**
 * A key's digest as up to four longs, the form the index and the journal keep it in: 33 bytes per
 * key instead of the 100 or so that a {@link ContentKey} and its hex string take.
 *
 * <p>An MD5 digest fills {@code d0} and {@code d1} and leaves the others zero; {@code md5} tells the
 * two algorithms apart, so equal bits under different algorithms are different keys, as for
 * {@link ContentKey}.
 */
record KeyBits(boolean md5, long d0, long d1, long d2, long d3) {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  static KeyBits of(ContentKey key) {
    String hex = key.hex();
    boolean md5 = key.algorithm() == DigestAlgorithm.MD5;
    return new KeyBits(
        md5,
        hex16(hex, 0),
        hex16(hex, 16),
        md5 ? 0 : hex16(hex, 32),
        md5 ? 0 : hex16(hex, 48));
  }

  /**
   * Sixteen hex digits from {@code from} as a long. A {@link ContentKey}'s hex is lowercase digits
   * only (checked when it was made), so no digit needs checking here: {@code Long.parseUnsignedLong}
   * checked each again and took a fifth of a packed 4 KiB hit (issue 16).
   */
  private static long hex16(String hex, int from) {
    long value = 0;
    for (int i = from; i < from + 16; i++) {
      char c = hex.charAt(i);
      value = (value << 4) | (c <= '9' ? c - '0' : c - ('a' - 10));
    }
    return value;
  }

  /** Makes a key from a raw digest of the given algorithm's length. */
  static KeyBits ofDigest(boolean md5, byte[] digest) {
    return read(ByteBuffer.wrap(digest), md5);
  }

  /** Reads a key written by {@link #write}; the caller has checked that enough bytes remain. */
  static KeyBits read(ByteBuffer in, boolean md5) {
    long d0 = in.getLong();
    long d1 = in.getLong();
    return md5
        ? new KeyBits(true, d0, d1, 0, 0)
        : new KeyBits(false, d0, d1, in.getLong(), in.getLong());
  }

  /**
   * Parses a content file's name, which is the key's hex digest.
   *
   * @return the key, or {@code null} if the name is not a digest
   */
  static KeyBits parseFileName(String name) {
    if (name.length() != DigestAlgorithm.SHA_256.hexLength()
        && name.length() != DigestAlgorithm.MD5.hexLength()) {
      return null;
    }
    try {
      return of(ContentKey.of(name));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static int hash(long d0) {
    // The digest is already uniform: any of its bits make a good hash.
    return (int) (d0 ^ (d0 >>> 32));
  }

  int hash() {
    return hash(d0);
  }

  int digestLength() {
    return md5 ? DigestAlgorithm.MD5.digestLength() : DigestAlgorithm.SHA_256.digestLength();
  }

  void write(ByteBuffer out) {
    writeDigest(out, md5, d0, d1, d2, d3);
  }

  static void writeDigest(ByteBuffer out, boolean md5, long d0, long d1, long d2, long d3) {
    out.putLong(d0).putLong(d1);
    if (!md5) {
      out.putLong(d2).putLong(d3);
    }
  }

  static String hex(boolean md5, long d0, long d1, long d2, long d3) {
    char[] chars = new char[md5 ? 32 : 64];
    putHex(chars, 0, d0);
    putHex(chars, 16, d1);
    if (!md5) {
      putHex(chars, 32, d2);
      putHex(chars, 48, d3);
    }
    return new String(chars);
  }

  String hex() {
    return hex(md5, d0, d1, d2, d3);
  }

  ContentKey toKey() {
    return ContentKey.of(md5 ? DigestAlgorithm.MD5 : DigestAlgorithm.SHA_256, hex());
  }

  private static void putHex(char[] chars, int at, long bits) {
    for (int i = 15; i >= 0; i--) {
      chars[at + i] = HEX[(int) (bits & 0xf)];
      bits >>>= 4;
    }
  }
}
