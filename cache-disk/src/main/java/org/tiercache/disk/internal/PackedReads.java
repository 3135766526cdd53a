package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A packed hit's read, without the tier's lock: the entry's record (header and content) in one
 * positional read, its header checked where it was read (the record is the entry's: a wrong offset
 * is damage, never someone else's bytes), its content checked as {@link VerifyPolicy} says, and the
 * content handed out.
 *
 * <p><b>One read, one copy.</b> A record of up to {@link #SCRATCH_LIMIT} bytes is read into a direct
 * buffer the reading thread keeps: {@code FileChannel} reads into it with no buffer of its own
 * (into a heap buffer it reads into a temporary direct one and copies), headers and checksums are
 * checked there, allocating nothing, and only the content is copied out into the array the caller
 * gets. So each thread that reads packed content holds at most {@link #SCRATCH_LIMIT} bytes of
 * direct memory (as the JDK's own temporary buffers would, for reads into heap buffers), freed when
 * the thread ends. A larger record is read into a heap array of its own, which is then handed out
 * as it is, without a copy.
 */
final class PackedReads {
  /** The largest record read through the thread's buffer: 256 KiB, and at least 8 KiB. */
  static final int SCRATCH_LIMIT = 256 << 10;
  private static final int SCRATCH_MIN = 8 << 10;
  private static final ThreadLocal<ByteBuffer> SCRATCH = new ThreadLocal<>();

  /**
   * A packed entry read whole: its content ({@code length} bytes of {@code array} from
   * {@code offset}, the caller's to keep), or why it is damaged.
   *
   * @param damage why the record does not hold the entry's content, or {@code null}
   */
  @SuppressWarnings("ArrayRecordComponent") // internal, never compared: the content handed out
  record Result(byte[] array, int offset, int length, String damage) {
    static Result damaged(String why) {
      return new Result(null, 0, 0, why);
    }

    /** The content, read-only. */
    ByteBuffer content() {
      ByteBuffer view = offset == 0 && length == array.length ? ByteBuffer.wrap(array)
          : ByteBuffer.wrap(array, offset, length).slice();
      return view.asReadOnlyBuffer();
    }
  }

  private PackedReads() {}

  /**
   * Reads a packed entry's record from its segment (retained for the read), checks it, and lets the
   * segment go.
   */
  static Result read(SegmentFile segment, Entry e, VerifyPolicy verify) {
    int bytes = Math.toIntExact(SegmentFormat.recordBytes(e.size));
    ByteBuffer record = bytes <= SCRATCH_LIMIT ? scratch(bytes) : ByteBuffer.allocate(bytes);
    try {
      if (!segment.readRecord(PackedStore.offset(e.location), e, record)) {
        return Result.damaged("its record in the segment is not whole, or not its own");
      }
    } catch (IOException ex) {
      return Result.damaged("reading its segment failed: " + ex);
    } finally {
      segment.release();
    }
    String damage = ContentCheck.damageOf(record, e, verify);
    if (damage != null) {
      return Result.damaged(damage);
    }
    int length = (int) e.size;
    if (record.hasArray()) {
      return new Result(record.array(), SegmentFormat.RECORD_HEADER_BYTES, length, null);
    }
    byte[] content = new byte[length];
    record.get(SegmentFormat.RECORD_HEADER_BYTES, content);
    return new Result(content, 0, length, null);
  }

  /** The thread's buffer, with room for {@code bytes}; grown (to a power of two) when it has not. */
  private static ByteBuffer scratch(int bytes) {
    ByteBuffer buffer = SCRATCH.get();
    if (buffer == null || buffer.capacity() < bytes) {
      int capacity = Math.min(SCRATCH_LIMIT,
          Math.max(SCRATCH_MIN, Integer.highestOneBit(bytes - 1) << 1));
      buffer = ByteBuffer.allocateDirect(capacity);
      SCRATCH.set(buffer);
    }
    return buffer;
  }
}
