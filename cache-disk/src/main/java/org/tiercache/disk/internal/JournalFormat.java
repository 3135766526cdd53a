package org.tiercache.disk.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The journal's bytes: a header, then records, each framed so that a torn or damaged one is
 * recognised rather than misread.
 * <pre>
 * header  int magic 'TCDJ', int version 1
 * record  int length of body, int CRC32C of (length, body), body
 * body    byte type, then by type:
 *   PUT     byte flags, digest (32 or 16 bytes), long size, long write nanos, int CRC32C of content
 *   PACKED  as PUT, then long location (segment id and offset, see {@link PackedStore#location})
 *   MOVE    byte flags, digest, long location: the entry's content moved there (compaction)
 *   USE     byte flags, digest
 *   REMOVE  byte flags, digest
 * flags   bit 0: the key is MD5 (else SHA-256); bit 1 (PUT only): the content's CRC32C is known
 *   CLEAR, OPEN, CLOSE   nothing
 * </pre>
 * All numbers are big-endian. Each type has one body length, so a damaged length is caught even in
 * the rare case that the checksum matches. {@code OPEN} is written when a tier starts appending to an
 * existing journal and {@code CLOSE} when it closes cleanly: a journal whose last record is
 * {@code CLOSE} describes the folder exactly; any other needs the folder checked against it.
 */
final class JournalFormat {
  static final int MAGIC = 0x5443444a; // "TCDJ"
  static final int VERSION = 1;
  static final int HEADER_BYTES = 8;
  static final int FRAME_BYTES = 8;

  static final byte PUT = 1;
  static final byte USE = 2;
  static final byte REMOVE = 3;
  static final byte CLEAR = 4;
  static final byte OPEN = 5;
  static final byte CLOSE = 6;
  /** A put of content packed into a segment (format 2 folders only). */
  static final byte PACKED = 7;
  /** Packed content moved by compaction; the entry keeps its recency and write time. */
  static final byte MOVE = 8;

  static final int FLAG_MD5 = 1;
  static final int FLAG_CHECKSUM = 2;

  private static final int KEY_BYTES_SHA256 = 1 + 32;
  private static final int KEY_BYTES_MD5 = 1 + 16;
  private static final int PUT_FIELDS_BYTES = 8 + 8 + 4;
  private static final int LOCATION_BYTES = 8;
  static final int MAX_BODY_BYTES = 1 + KEY_BYTES_SHA256 + PUT_FIELDS_BYTES + LOCATION_BYTES;
  static final int MAX_RECORD_BYTES = FRAME_BYTES + MAX_BODY_BYTES;

  private JournalFormat() {}

  static void writeHeader(ByteBuffer out) {
    out.putInt(MAGIC).putInt(VERSION);
  }

  static boolean isHeader(ByteBuffer in) {
    return in.getInt() == MAGIC && in.getInt() == VERSION;
  }

  /**
   * Returns the body length a record of the given type and algorithm has, or -1 for an unknown type.
   */
  static int bodyLength(byte type, boolean md5) {
    int key = md5 ? KEY_BYTES_MD5 : KEY_BYTES_SHA256;
    switch (type) {
      case PUT:
        return 1 + key + PUT_FIELDS_BYTES;
      case PACKED:
        return 1 + key + PUT_FIELDS_BYTES + LOCATION_BYTES;
      case USE:
      case REMOVE:
        return 1 + key;
      case MOVE:
        return 1 + key + LOCATION_BYTES;
      case CLEAR:
      case OPEN:
      case CLOSE:
        return 1;
      default:
        return -1;
    }
  }

  static boolean hasKey(byte type) {
    return type == PUT || type == PACKED || type == USE || type == REMOVE || type == MOVE;
  }

  /** Appends a record of a type without a key. The buffer has room for {@link #MAX_RECORD_BYTES}. */
  static void writeMarker(ByteBuffer out, byte type, CRC32C crc) {
    int start = out.position();
    out.position(start + FRAME_BYTES);
    out.put(type);
    frame(out, start, crc);
  }

  /** Appends a {@code USE} or {@code REMOVE} record for an entry's key. */
  static void writeKeyed(ByteBuffer out, byte type, Entry e, CRC32C crc) {
    int start = out.position();
    out.position(start + FRAME_BYTES);
    out.put(type).put((byte) (e.md5 ? FLAG_MD5 : 0));
    KeyBits.writeDigest(out, e.md5, e.d0, e.d1, e.d2, e.d3);
    frame(out, start, crc);
  }

  /** Appends a {@code MOVE} record: the entry's content now lies at its location. */
  static void writeMove(ByteBuffer out, Entry e, CRC32C crc) {
    int start = out.position();
    out.position(start + FRAME_BYTES);
    out.put(MOVE).put((byte) (e.md5 ? FLAG_MD5 : 0));
    KeyBits.writeDigest(out, e.md5, e.d0, e.d1, e.d2, e.d3);
    out.putLong(e.location);
    frame(out, start, crc);
  }

  /** Appends a {@code PUT} record for an entry, or {@code PACKED} for one kept in a segment. */
  static void writePut(ByteBuffer out, Entry e, CRC32C crc) {
    int start = out.position();
    out.position(start + FRAME_BYTES);
    out.put(e.packed() ? PACKED : PUT)
        .put((byte) ((e.md5 ? FLAG_MD5 : 0) | (e.checksumKnown ? FLAG_CHECKSUM : 0)));
    KeyBits.writeDigest(out, e.md5, e.d0, e.d1, e.d2, e.d3);
    out.putLong(e.size).putLong(e.writeNanos).putInt(e.checksum);
    if (e.packed()) {
      out.putLong(e.location);
    }
    frame(out, start, crc);
  }

  /**
   * Computes the checksum a record should have. {@code in} holds the record from {@code start}; its
   * length field is already known to fit.
   */
  static int checksum(ByteBuffer in, int start, int bodyLength, CRC32C crc) {
    crc.reset();
    if (in.hasArray()) {
      // Every hit appends a USE record: two buffer views per record were most of its cost.
      int at = in.arrayOffset() + start;
      crc.update(in.array(), at, 4);
      crc.update(in.array(), at + FRAME_BYTES, bodyLength);
    } else {
      crc.update(in.duplicate().position(start).limit(start + 4));
      crc.update(in.duplicate().position(start + FRAME_BYTES)
          .limit(start + FRAME_BYTES + bodyLength));
    }
    return (int) crc.getValue();
  }

  private static void frame(ByteBuffer out, int start, CRC32C crc) {
    int bodyLength = out.position() - start - FRAME_BYTES;
    out.putInt(start, bodyLength);
    out.putInt(start + 4, checksum(out, start, bodyLength, crc));
  }
}
