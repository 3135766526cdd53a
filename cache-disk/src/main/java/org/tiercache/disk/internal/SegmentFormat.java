package org.tiercache.disk.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The layout of a segment file: many small entries appended one after another into one file, as
 * Bitcask does, so that a small put costs one positional write instead of a create, a rename and
 * later an unlink.
 *
 * <p>A segment starts with a header, {@code int magic 'TCDS', int version, long segment id}, then
 * holds records, each {@code int header CRC32C, byte flags, 32 bytes digest, long writeNanos, int
 * length, int content CRC32C} followed by {@code length} bytes of content. The header CRC covers the
 * 49 bytes after it, so a length is trusted before any content is read; the content CRC is the same
 * CRC32C the index keeps for every entry (taken at put), so a read checks a packed entry exactly as
 * it checks a file. An MD5 digest fills the first 16 digest bytes and leaves the rest zero (flag bit
 * 0 tells which), so every record header has one length and a record can be found from its offset
 * alone.
 *
 * <p>Why a record repeats its key, when the journal already maps key to place: a read checks that
 * the record at the offset it was given is the entry's (a wrong offset, or a segment replaced behind
 * the tier's back, is damage, never someone else's content served), and a segment can be scanned
 * without the journal, to adopt what a crash left unrecorded or to check a folder by hand.
 */
final class SegmentFormat {
  /** "TCDS": tiercache disk segment. */
  static final int MAGIC = 0x54434453;
  static final int VERSION = 1;
  static final int FILE_HEADER_BYTES = 16;
  static final int DIGEST_BYTES = 32;
  /** Header CRC, flags, digest, write time, length, content CRC. */
  static final int RECORD_HEADER_BYTES = 4 + 1 + DIGEST_BYTES + 8 + 4 + 4;
  private static final int FLAG_MD5 = 1;
  private static final int KNOWN_FLAGS = FLAG_MD5;

  /**
   * A record's header as read from a segment.
   *
   * @param key the entry's key
   * @param writeNanos the entry's write time, epoch nanoseconds on the tier's clock
   * @param length how many content bytes follow the header
   * @param contentChecksum CRC32C of the content, taken when it was put
   */
  record RecordHeader(KeyBits key, long writeNanos, int length, int contentChecksum) {}

  private SegmentFormat() {}

  /** The bytes a record of {@code length} bytes of content takes in a segment. */
  static long recordBytes(long length) {
    return RECORD_HEADER_BYTES + length;
  }

  /** Writes a segment's header, ready to be written out (flipped). */
  static ByteBuffer fileHeader(long segmentId) {
    return ByteBuffer.allocate(FILE_HEADER_BYTES)
        .putInt(MAGIC).putInt(VERSION).putLong(segmentId).flip();
  }

  /**
   * Reads a segment's header.
   *
   * @return the segment id it names, or -1 if the bytes are not a header of this version
   */
  static long readFileHeader(ByteBuffer in) {
    if (in.remaining() < FILE_HEADER_BYTES || in.getInt() != MAGIC || in.getInt() != VERSION) {
      return -1;
    }
    long id = in.getLong();
    return id < 0 ? -1 : id;
  }

  /** Puts a record's header into {@code out}, which must have {@link #RECORD_HEADER_BYTES} left. */
  static void writeRecordHeader(ByteBuffer out, KeyBits key, long writeNanos, int length,
      int contentChecksum) {
    int start = out.position();
    out.putInt(0);
    out.put((byte) (key.md5() ? FLAG_MD5 : 0));
    out.putLong(key.d0()).putLong(key.d1()).putLong(key.d2()).putLong(key.d3());
    out.putLong(writeNanos).putInt(length).putInt(contentChecksum);
    out.putInt(start, headerChecksum(out, start + 4));
  }

  /**
   * Reads a record's header from the {@link #RECORD_HEADER_BYTES} at {@code in}'s position.
   *
   * @return the header, or {@code null} if those bytes are not one (checksum, flags, a negative
   *     length, an MD5 digest with bits beyond its 16 bytes): damage, a torn write, or a hole
   */
  static RecordHeader readRecordHeader(ByteBuffer in) {
    if (in.remaining() < RECORD_HEADER_BYTES) {
      return null;
    }
    int start = in.position();
    int stored = in.getInt(start);
    if (stored != headerChecksum(in, start + 4)) {
      return null;
    }
    in.position(start + 4);
    int flags = in.get();
    if ((flags & ~KNOWN_FLAGS) != 0) {
      return null;
    }
    boolean md5 = (flags & FLAG_MD5) != 0;
    long d0 = in.getLong();
    long d1 = in.getLong();
    long d2 = in.getLong();
    long d3 = in.getLong();
    long writeNanos = in.getLong();
    int length = in.getInt();
    int contentChecksum = in.getInt();
    if (length < 0 || (md5 && (d2 != 0 || d3 != 0))) {
      return null;
    }
    return new RecordHeader(new KeyBits(md5, d0, d1, d2, d3), writeNanos, length,
        contentChecksum);
  }

  /**
   * Tells whether the record starting at {@code record}'s position is the one an entry points at:
   * a header with a valid checksum naming exactly this key (algorithm included) and content length.
   * Reads the header where it lies and allocates nothing: a packed hit checks it in the buffer it
   * read the record into. The buffer's position and limit are left as they were.
   */
  static boolean headerNames(ByteBuffer record, boolean md5, long d0, long d1, long d2, long d3,
      long length) {
    int start = record.position();
    if (record.limit() - start < RECORD_HEADER_BYTES) {
      return false;
    }
    // The key and length first: a mismatch needs no checksum, and a match is vouched for by it.
    if (record.get(start + 4) != (byte) (md5 ? FLAG_MD5 : 0)
        || record.getLong(start + 5) != d0 || record.getLong(start + 13) != d1
        || record.getLong(start + 21) != d2 || record.getLong(start + 29) != d3
        || record.getInt(start + 45) != length) {
      return false;
    }
    int limit = record.limit();
    CRC32C crc = new CRC32C();
    crc.update(record.limit(start + RECORD_HEADER_BYTES).position(start + 4));
    record.limit(limit).position(start);
    return (int) crc.getValue() == record.getInt(start);
  }

  /** The content CRC32C a header holds, taken at put; the header starts at {@code start}. */
  static int contentChecksum(ByteBuffer record, int start) {
    return record.getInt(start + RECORD_HEADER_BYTES - 4);
  }

  private static int headerChecksum(ByteBuffer buffer, int from) {
    CRC32C crc = new CRC32C();
    crc.update(buffer.duplicate().limit(from + RECORD_HEADER_BYTES - 4).position(from));
    return (int) crc.getValue();
  }
}
