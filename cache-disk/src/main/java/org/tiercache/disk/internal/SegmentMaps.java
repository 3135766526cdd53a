package org.tiercache.disk.internal;

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
 * a mapping fails ({@code IOException}, or the JDK's {@code Map failed} when the process runs out of
 * address space or of kernel mappings, {@code vm.max_map_count}): from then on every segment is read
 * with {@code pread}, as with {@code segment.map=false}, and the failure is logged once. Trying again
 * per segment would cost each new segment a failed map, which the JDK follows with a collection and a
 * 100 ms pause, on the get that asked for it.
 *
 * <p>Thread-safe.
 */
final class SegmentMaps {
  private static final Logger LOG = LoggerFactory.getLogger(PackedStore.class);

  private final boolean enabled;
  private volatile boolean failed;
  private final AtomicBoolean logged = new AtomicBoolean();
  /** Packed reads copied out of a mapping, and read with {@code pread}: what the README reports. */
  private final LongAdder mappedReads = new LongAdder();
  private final LongAdder preadReads = new LongAdder();

  private SegmentMaps(boolean enabled) {
    this.enabled = enabled;
  }

  /** Maps segments until a mapping fails. */
  static SegmentMaps on() {
    return new SegmentMaps(true);
  }

  /** Reads every segment with {@code pread}. */
  static SegmentMaps off() {
    return new SegmentMaps(false);
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
