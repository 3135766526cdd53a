package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A packed hit's read, without the tier's lock: the entry's record (header and content) copied out
 * of the segment's memory map ({@link SegmentMapping}), or, where the segment is not mapped, read
 * with one positional read; its header checked (the record is the entry's: a wrong offset is
 * damage, never someone else's bytes), its content checked as {@link VerifyPolicy} says, and the
 * content handed out.
 *
 * <p><b>Mapped: one copy, no system call.</b> The record is copied out of the mapping into a heap
 * array, and every check (header key and length, content) is made on that copy; the content is
 * handed out as a view of it.
 *
 * <p><b>Not mapped: one read, one copy.</b> A record of up to {@link #SCRATCH_LIMIT} bytes is read
 * into a direct buffer taken from a small shared pool: {@code FileChannel} reads into it with no
 * buffer of its own
 * (into a heap buffer it reads into a temporary direct one and copies), headers and checksums are
 * checked there, allocating nothing, and only the content is copied out into the array the caller
 * gets. The pool has a fixed number of slots, chosen by the reading thread's id, not one buffer per
 * thread: a service with hundreds of request threads, or virtual threads that each read once, must
 * not make a direct buffer apiece (direct memory is often capped in containers, and making one is
 * slow). So the tier holds at most {@link #SLOTS} x {@link #SCRATCH_LIMIT} bytes of direct memory
 * for reads, process-wide. A reader whose slot is in use, or whose record is larger, reads into a
 * heap array of its own, which is then handed out as it is, without a copy.
 */
final class PackedReads {
  /** The largest record read through the thread's buffer: 256 KiB, and at least 8 KiB. */
  static final int SCRATCH_LIMIT = 256 << 10;
  private static final int SCRATCH_MIN = 8 << 10;
  /** Slots of the pool: twice the processors, a power of two, at most 64. */
  static final int SLOTS = Math.min(64,
      Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 2 - 1) << 1);
  private static final AtomicReferenceArray<ByteBuffer> POOL = new AtomicReferenceArray<>(SLOTS);
  // A slot's first buffer is made once; afterwards an empty slot means another reader holds it.
  private static final AtomicIntegerArray MADE = new AtomicIntegerArray(SLOTS);
  private static final String NOT_ITS_OWN =
      "its record in the segment is not whole, or not its own";

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
    boolean released = false;
    try {
      byte[] copy = segment.readMapped(PackedStore.offset(e.location), bytes);
      if (copy != null) {
        released = true;
        segment.release();
        return checked(copy, e, verify);
      }
    } catch (IOException ex) {
      segment.release();
      return Result.damaged("reading its segment failed: " + ex);
    } catch (InternalError fault) {
      // Compiled code may raise a mapped page's fault (SIGBUS) a little after the copy that hit it
      // rather than in it: still the file cut short underneath, still damage.
      if (!released) {
        segment.release();
      }
      return Result.damaged("reading its segment's mapping failed: " + fault);
    }
    int slot = (int) Thread.currentThread().getId() & (SLOTS - 1);
    ByteBuffer record = bytes <= SCRATCH_LIMIT ? take(slot, bytes) : null;
    if (record == null) {
      record = ByteBuffer.allocate(bytes);
    }
    try {
      return readInto(record, segment, e, verify);
    } finally {
      if (record.isDirect()) {
        POOL.set(slot, record);
      }
    }
  }

  private static Result readInto(ByteBuffer record, SegmentFile segment, Entry e,
      VerifyPolicy verify) {
    try {
      if (!segment.readRecord(PackedStore.offset(e.location), e, record)) {
        return Result.damaged(NOT_ITS_OWN);
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

  /**
   * Checks a record copied out of the segment's mapping, on the copy only (so bytes changed in the
   * file underneath cannot pass a check and then change), and hands its content out without
   * another copy.
   */
  private static Result checked(byte[] copy, Entry e, VerifyPolicy verify) {
    ByteBuffer record = ByteBuffer.wrap(copy);
    if (!SegmentFormat.headerNames(record, e.md5, e.d0, e.d1, e.d2, e.d3, e.size)) {
      return Result.damaged(NOT_ITS_OWN);
    }
    String damage = ContentCheck.damageOf(record, e, verify);
    return damage != null ? Result.damaged(damage)
        : new Result(copy, SegmentFormat.RECORD_HEADER_BYTES, (int) e.size, null);
  }

  /**
   * Takes the slot's buffer, with room for {@code bytes} (grown to a power of two when it has not),
   * or returns {@code null} when another reader holds it.
   */
  private static ByteBuffer take(int slot, int bytes) {
    ByteBuffer buffer = POOL.getAndSet(slot, null);
    if (buffer == null && !MADE.compareAndSet(slot, 0, 1)) {
      return null;
    }
    if (buffer == null || buffer.capacity() < bytes) {
      int capacity = Math.min(SCRATCH_LIMIT,
          Math.max(SCRATCH_MIN, Integer.highestOneBit(bytes - 1) << 1));
      buffer = ByteBuffer.allocateDirect(capacity);
    }
    return buffer;
  }
}
