package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tier's switch for reading packed records through memory maps of its segments ({@link
 * SegmentMapping}), and the count of packed reads each path took.
 *
 * <p>The switch is the {@code segment.map} setting, and it turns itself off for good the first time
 * a mapping fails ({@code IOException}, or the JDK's {@code Map failed} when the process runs out
 * of address space or of kernel mappings, {@code vm.max_map_count}): from then on every segment is
 * read with {@code pread}, as with {@code segment.map=false}, and the failure is logged once.
 * Trying again per segment would cost each new segment a failed map, which the JDK follows with a
 * collection and a 100 ms pause, on the get that asked for it.
 *
 * <p>Thread-safe.
 */
final class SegmentMaps {
  private static final Logger LOG = LoggerFactory.getLogger(PackedStore.class);

  /** Maps a file's first {@code size} bytes, read-only: the JDK's, or a test's that fails. */
  @FunctionalInterface
  interface Mapper {
    MappedByteBuffer map(FileChannel channel, long size) throws IOException;
  }

  private final boolean enabled;
  private final Mapper mapper;
  private volatile boolean failed;
  private final AtomicBoolean logged = new AtomicBoolean();
  /** Packed reads copied out of a mapping, and read with {@code pread}: what the README reports. */
  private final LongAdder mappedReads = new LongAdder();
  private final LongAdder preadReads = new LongAdder();

  private SegmentMaps(boolean enabled, Mapper mapper) {
    this.enabled = enabled;
    this.mapper = mapper;
  }

  /** Maps segments until a mapping fails. */
  static SegmentMaps on() {
    return on((channel, size) -> channel.map(FileChannel.MapMode.READ_ONLY, 0, size));
  }

  /** Maps segments through {@code mapper} until a mapping fails. */
  static SegmentMaps on(Mapper mapper) {
    return new SegmentMaps(true, mapper);
  }

  /** Reads every segment with {@code pread}. */
  static SegmentMaps off() {
    return new SegmentMaps(false, null);
  }

  /** Maps the first {@code size} bytes of a segment's file, read-only. */
  MappedByteBuffer map(FileChannel channel, long size) throws IOException {
    return mapper.map(channel, size);
  }

  /** Whether segments are to be mapped: the setting, and no mapping has failed. */
  boolean mapping() {
    return enabled && !failed;
  }

  /** Turns mapping off for the tier after a mapping of {@code path} failed; logs it once. */
  void mappingFailed(Path path, Throwable why) {
    failed = true;
    if (logged.compareAndSet(false, true)) {
      LOG.warn("mapping segment {} failed ({}); this disk tier reads every segment with pread "
          + "from now on (as with segment.map=false)", path, why.toString());
    }
  }

  void countMapped() {
    mappedReads.increment();
  }

  void countPread() {
    preadReads.increment();
  }

  /** Packed reads copied out of a mapping since the tier opened. */
  long mappedReads() {
    return mappedReads.sum();
  }

  /** Packed reads made with {@code pread} since the tier opened. */
  long preadReads() {
    return preadReads.sum();
  }
}
