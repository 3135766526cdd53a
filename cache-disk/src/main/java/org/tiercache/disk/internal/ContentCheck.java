package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.zip.CRC32C;
import org.tiercache.api.DigestAlgorithm;

/**
 * Checks content read back from a file against what was put, as the {@link VerifyPolicy} says: fed
 * the bytes in order, it then tells whether they match.
 */
abstract class ContentCheck {

  /**
   * Returns the check a read of an entry makes, or {@code null} when the policy checks nothing
   * beyond the length.
   */
  static ContentCheck of(Entry e, VerifyPolicy policy) {
    switch (policy) {
      case NEVER:
        return null;
      case CHECKSUM:
        if (e.checksumKnown) {
          return new Checksum(e.checksum);
        }
        return new Digest(e);
      default:
        return new Digest(e);
    }
  }

  /**
   * Content read whole from an entry's file.
   *
   * @param content the bytes, if they passed every check
   * @param damage why they did not (a wrong length, a failed check), or {@code null}
   */
  record Whole(byte[] content, String damage) {}

  /**
   * Reads an entry's file whole, then checks its length and, as the policy says, its content.
   *
   * @param channel the file, open at position 0; the entry's size fits in an array
   */
  static Whole readWhole(FileChannel channel, Entry e, VerifyPolicy policy) throws IOException {
    byte[] content = new byte[(int) e.size];
    ByteBuffer target = ByteBuffer.wrap(content);
    while (target.hasRemaining()) {
      if (channel.read(target) < 0) {
        return new Whole(null, "it has " + target.position() + " bytes, not the " + e.size
            + " put");
      }
    }
    if (channel.size() != e.size) {
      return new Whole(null, "it has " + channel.size() + " bytes, not the " + e.size + " put");
    }
    ContentCheck check = of(e, policy);
    if (check != null) {
      check.update(content, 0, content.length);
      if (!check.matches()) {
        return new Whole(null, check.what());
      }
    }
    return new Whole(content, null);
  }

  /**
   * Checks a packed entry's record, read whole into {@code record} (from its position 0 to its
   * limit, its header already known to be the entry's), as the policy says; leaves the buffer's
   * position and limit as they were.
   *
   * @return why it does not hold the entry's content, or {@code null} if it does
   */
  static String damageOf(ByteBuffer record, Entry e, VerifyPolicy policy) {
    if (e.checksumKnown && SegmentFormat.contentChecksum(record, 0) != e.checksum) {
      return "its record's CRC32C is not the one taken when it was put";
    }
    ContentCheck check = of(e, policy);
    if (check != null) {
      int limit = record.limit();
      check.update(record.position(SegmentFormat.RECORD_HEADER_BYTES));
      record.limit(limit).position(0);
      if (!check.matches()) {
        return check.what();
      }
    }
    return null;
  }

  /** Starts a CRC32C of content being put, the checksum a {@link VerifyPolicy#CHECKSUM} read expects. */
  static CRC32C newChecksum() {
    return new CRC32C();
  }

  abstract void update(byte[] bytes, int offset, int length);

  /** Feeds the buffer's remaining bytes, moving its position to its limit. */
  abstract void update(ByteBuffer bytes);

  abstract boolean matches();

  /** Names what the check compares, for messages. */
  abstract String what();

  private static final class Checksum extends ContentCheck {
    private final CRC32C crc = new CRC32C();
    private final int expected;

    Checksum(int expected) {
      this.expected = expected;
    }

    @Override
    void update(byte[] bytes, int offset, int length) {
      crc.update(bytes, offset, length);
    }

    @Override
    void update(ByteBuffer bytes) {
      crc.update(bytes);
    }

    @Override
    boolean matches() {
      return (int) crc.getValue() == expected;
    }

    @Override
    String what() {
      return "its CRC32C does not match the one taken when it was put";
    }
  }

  private static final class Digest extends ContentCheck {
    private final MessageDigest digest;
    private final Entry entry;

    Digest(Entry e) {
      this.entry = e;
      this.digest = (e.md5 ? DigestAlgorithm.MD5 : DigestAlgorithm.SHA_256).newDigest();
    }

    @Override
    void update(byte[] bytes, int offset, int length) {
      digest.update(bytes, offset, length);
    }

    @Override
    void update(ByteBuffer bytes) {
      digest.update(bytes);
    }

    @Override
    boolean matches() {
      return KeyBits.ofDigest(entry.md5, digest.digest()).equals(entry.key());
    }

    @Override
    String what() {
      return "its digest does not match its key";
    }
  }
}
