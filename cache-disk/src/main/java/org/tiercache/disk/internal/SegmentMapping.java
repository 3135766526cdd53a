package org.tiercache.disk.internal;

import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A segment's records read through a read-only memory map of its file: a packed hit copies its
 * record out of the page cache with no system call, where a {@code pread} costs one and a copy
 * through a direct buffer (issue 16: a 4 KiB hit at 0.63x a raw {@code pread} with it).
 *
 * <p><b>Never past the file's end.</b> Touching a mapped page that lies wholly past a file's end is
 * {@code SIGBUS}, so a mapping covers only bytes the file held when it was made: {@code [0, size)},
 * the size asked of the file then ({@code fstat}), at most {@link #LARGEST} bytes (a {@code
 * ByteBuffer}'s limit; records past it are read with {@code pread}). A segment that takes appends
 * grows past its mapping; a record not wholly inside the mapping is read with {@code pread}, and
 * once the bytes appended past the mapping reach a step ({@link #STEP_MIN}, or an eighth of what is
 * mapped), the next read past it maps the segment again, whole to its new size, and lets the old
 * mapping go. So what a growing segment reads with {@code pread} is at most a step's worth of its
 * newest records, and it is mapped about 26 times in its life at the default 64 MiB (each a {@code
 * mmap} and a {@code munmap}). A segment that takes no more appends (sealed at open, or full) is
 * mapped again whenever a read lands past the mapping, which happens only while its last appends
 * land.
 *
 * <p><b>Unmapped only when nothing reads it.</b> Each mapping ({@link View}) counts the readers
 * copying out of it; one reference is the segment's own while the mapping is current. A reader
 * takes a reference only while the count is above zero, so a mapping that reached zero is never
 * touched again, and the reference that reaches zero unmaps it at once ({@code
 * Unsafe.invokeCleaner}, as Lucene and Netty do) rather than at some later collection: a compacted
 * segment's disk space is freed when it is deleted, and the file is deleted after it is unmapped
 * (which Windows requires). So the kernel holds one mapping (one {@code vm.max_map_count} entry)
 * per segment read, plus, briefly, one being read while it is replaced.
 *
 * <p><b>A file cut short underneath.</b> If someone truncates the segment file, a mapped page past
 * the new end raises {@code InternalError} in the copy (the JVM turns the {@code SIGBUS} of an
 * unsafe access into it). That read fails with an {@code IOException}, which the caller takes as
 * damage, and the segment is not mapped again: its later reads use {@code pread}, which finds the
 * file short, so each entry in it is damage, a miss, counted and removed, and the tier goes on.
 *
 * <p>Every check is made by the caller on the copy, never on the mapping: a file changed underneath
 * cannot pass a check and then change.
 *
 * <p>Thread-safe.
 */
final class SegmentMapping {
  private static final Logger LOG = LoggerFactory.getLogger(PackedStore.class);
  /** The most bytes one mapping covers: a {@code ByteBuffer} indexes with an {@code int}. */
  static final long LARGEST = Integer.MAX_VALUE;
  /** The least a growing segment's unmapped tail reaches before it is mapped again: 1 MiB. */
  static final long STEP_MIN = 1L << 20;
  private static final sun.misc.Unsafe UNSAFE = unsafe();
  /** The sizes of {@link #raisePendingFault}'s array: 1, in fields so no compiler can fold them. */
  private static volatile int one = 1;
  private static volatile Object faultSink;

  /** One mapping of the file's first {@code end} bytes, and its readers. */
  private static final class View {
    final MappedByteBuffer buffer;
    final long end;
    /** Readers copying out of it, plus one while it is the current mapping; unmapped at zero. */
    final AtomicInteger references = new AtomicInteger(1);

    View(MappedByteBuffer buffer) {
      this.buffer = buffer;
      this.end = buffer.capacity();
    }

    boolean retain() {
      for (int n = references.get(); n > 0; n = references.get()) {
        if (references.compareAndSet(n, n + 1)) {
          return true;
        }
      }
      return false;
    }

    void release() {
      if (references.decrementAndGet() == 0) {
        unmap(buffer);
      }
    }
  }

  private final FileChannel channel;
  private final Path path;
  private final SegmentMaps maps;
  private volatile View current;
  /**
   * Set when a copy faulted (the file was cut short) or the segment was let go: no new mapping.
   * Written under {@code this}.
   */
  private volatile boolean stopped;

  SegmentMapping(FileChannel channel, Path path, SegmentMaps maps) {
    this.channel = channel;
    this.path = path;
    this.maps = maps;
  }

  /**
   * Copies the {@code length} bytes at {@code offset} out of the mapping, mapping the segment
   * (again) first if it is worth it, or returns {@code null} when they are to be read with {@code
   * pread} (mapping off or failed, the bytes past the mapping, the segment let go).
   *
   * @param taken the bytes the segment's appends have taken so far ({@link SegmentFile#end})
   * @param growing whether the segment still takes appends
   * @throws IOException if the mapped bytes are gone (the file was cut short under the tier)
   */
  byte[] read(long offset, int length, long taken, boolean growing) throws IOException {
    long recordEnd = offset + length;
    View view = current;
    if (view == null || recordEnd > view.end) {
      if (!maps.mapping() || stopped || !worthMapping(view, recordEnd, taken, growing)) {
        maps.countPread();
        return null;
      }
      view = remap(recordEnd);
    }
    if (view == null || !view.retain()) {
      // Not mappable, or replaced and unmapped since it was read: pread, never a stale mapping.
      maps.countPread();
      return null;
    }
    try {
      byte[] copy = new byte[length];
      view.buffer.get((int) offset, copy, 0, length);
      if (length > 0 && copy[length - 1] == 0) {
        raisePendingFault();
      }
      maps.countMapped();
      return copy;
    } catch (InternalError fault) {
      stop();
      throw new IOException("the mapped bytes of segment " + path + " at offset " + offset
          + " are gone (the file was cut short under the tier?): " + fault.getMessage(), fault);
    } finally {
      view.release();
    }
  }

  /**
   * Lets the mapping go: unmapped now if no reader copies out of it, else by the last one. Called
   * when the segment is let go, before its file is closed and deleted.
   */
  synchronized void close() {
    stop();
  }

  private synchronized void stop() {
    stopped = true;
    View view = current;
    current = null;
    if (view != null) {
      view.release();
    }
  }

  private static boolean worthMapping(View view, long recordEnd, long taken, boolean growing) {
    if (recordEnd > LARGEST) {
      return false;
    }
    if (view == null || !growing) {
      return true;
    }
    return taken - view.end >= Math.max(STEP_MIN, view.end / 8);
  }

  /** Maps the file's first bytes, to its size now; the mapping that covers {@code recordEnd}. */
  private synchronized View remap(long recordEnd) {
    View view = current;
    if (view != null && recordEnd <= view.end) {
      return view; // another reader mapped it meanwhile
    }
    if (stopped || !maps.mapping()) {
      return null;
    }
    MappedByteBuffer buffer;
    try {
      long size = Math.min(channel.size(), LARGEST);
      if (recordEnd > size || (view != null && size <= view.end)) {
        return null; // not in the file yet (an append not landed): nothing new to map
      }
      buffer = maps.map(channel, size);
    } catch (IOException | OutOfMemoryError | UnsupportedOperationException e) {
      maps.mappingFailed(path, e);
      return null;
    }
    View next = new View(buffer);
    current = next;
    if (view != null) {
      view.release();
    }
    return next;
  }

  /**
   * Makes the JVM raise, here, the {@code InternalError} of a mapped page's fault the copy just
   * hit, if it hit one. HotSpot raises the fault of an unsafe copy in compiled code asynchronously
   * ("a fault occurred in a recent unsafe memory access operation in compiled Java code"): at the
   * thread's next call into the VM, which may be far from the copy, outside any catch of ours, in
   * the caller's code. A runtime call that checks for it does: a two-dimensional array of sizes the
   * compiler cannot see ({@code multianewarray}, a VM call in the interpreter, C1 and C2). It costs
   * about 0.1 us, so it is made only when a fault is possible: a faulted copy stops at the faulting
   * page, leaving the rest of the fresh array zero, so its last byte is zero; a copy whose last
   * byte is not zero copied every page.
   */
  private static void raisePendingFault() {
    faultSink = new byte[one][one];
  }

  private static void unmap(MappedByteBuffer buffer) {
    if (UNSAFE != null) {
      UNSAFE.invokeCleaner(buffer);
    }
  }

  private static sun.misc.Unsafe unsafe() {
    try {
      Field field = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      return (sun.misc.Unsafe) field.get(null);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Mappings are then unmapped by the collector, some time after their segment is deleted.
      LOG.warn("cannot unmap segment mappings explicitly "
          + "({}); their disk space is freed when the JVM collects them", e.toString());
      return null;
    }
  }
}
