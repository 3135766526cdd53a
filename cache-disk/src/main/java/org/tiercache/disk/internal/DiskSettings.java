package org.tiercache.disk.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.TierConfig;

/**
 * The disk tier's settings, read and checked from a {@link TierConfig}.
 *
 * @param dir the folder that holds the tier
 * @param capacityBytes the most bytes of content held
 * @param ttlNanos the time to live after a put, or {@link Long#MAX_VALUE} for none
 * @param fsync when writes are forced to the device
 * @param fsyncIntervalNanos how often {@link FsyncPolicy#PERIODIC} forces the journal
 * @param verify whether reads check content against its key
 * @param access who may read and write what the tier creates
 * @param clock the tier's clock
 * @param packBelow content smaller than this many bytes is packed into segment files; 0: none is
 * @param segmentBytes the size past which a segment file takes no more records
 * @param mapSegments whether packed hits read segments through memory maps ({@link
 *     SegmentMapping}), or with {@code pread} only
 */
record DiskSettings(
    Path dir,
    long capacityBytes,
    long ttlNanos,
    FsyncPolicy fsync,
    long fsyncIntervalNanos,
    VerifyPolicy verify,
    FolderAccess access,
    CacheClock clock,
    long packBelow,
    long segmentBytes,
    boolean mapSegments) {

  static final String DIR = "dir";
  static final String FSYNC = "fsync";
  static final String FSYNC_INTERVAL = "fsync.interval";
  static final String VERIFY = "verify";
  static final String ACCESS = "access";
  static final String PACK_BELOW = "pack.below";
  static final String SEGMENT_SIZE = "segment.size";
  static final String SEGMENT_MAP = "segment.map";
  static final Set<String> KEYS = Set.of(DIR, FSYNC, FSYNC_INTERVAL, VERIFY, ACCESS, PACK_BELOW,
      SEGMENT_SIZE, SEGMENT_MAP);
  /** Packed content is read whole into memory: keep it well below what a read should hold. */
  static final long LARGEST_PACKED = 16L << 20;
  static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
  /**
   * 64 KiB: below it a packed put costs a fraction of a file's open, rename and unlink, and a packed
   * get less than a file's open; above it the gains fade while what packing gives up grows (the
   * kernel's zero-copy {@code transferTo} of a file under {@code verify=never}, the bytes {@code
   * putStream} holds, what compaction copies). Measured with {@code InterleavedPackCpuTime}; the
   * figures are in the module's README, "Packed small entries".
   */
  static final long DEFAULT_PACK_BELOW = 64L << 10;

  /** 512 MiB: about the seed's 500 MB disk default, in binary units like every size here. */
  static final long DEFAULT_CAPACITY = 512L << 20;
  static final Duration DEFAULT_FSYNC_INTERVAL = Duration.ofSeconds(1);

  static DiskSettings from(TierConfig config) {
    config.requireOnly(DiskTierProvider.ID, KEYS);
    // Path.of's InvalidPathException is an IllegalArgumentException: TierConfig.get names the value.
    Path dir = config.get(DIR, Path::of)
        .orElseThrow(() -> new CacheConfigurationException("tier 'disk' needs setting '" + DIR
            + "', the folder that holds its files"));
    Duration interval = config.get(FSYNC_INTERVAL, DiskSettings::positiveDuration)
        .orElse(DEFAULT_FSYNC_INTERVAL);
    long packBelow = config.get(PACK_BELOW, DiskSettings::packBelow).orElse(DEFAULT_PACK_BELOW);
    long segmentBytes = config.get(SEGMENT_SIZE, DiskSettings::segmentBytes)
        .orElse(DEFAULT_SEGMENT_BYTES);
    if (packBelow > segmentBytes) {
      throw new CacheConfigurationException("tier 'disk': " + PACK_BELOW + " (" + packBelow
          + " bytes) must not be larger than " + SEGMENT_SIZE + " (" + segmentBytes + " bytes)");
    }
    return new DiskSettings(
        dir.toAbsolutePath().normalize(),
        config.capacityBytes(DEFAULT_CAPACITY),
        config.ttl().map(DiskSettings::saturatedNanos).orElse(Long.MAX_VALUE),
        config.get(FSYNC, FsyncPolicy::parse).orElse(FsyncPolicy.PERIODIC),
        saturatedNanos(interval),
        config.get(VERIFY, VerifyPolicy::parse).orElse(VerifyPolicy.CHECKSUM),
        config.get(ACCESS, FolderAccess::parse).orElse(FolderAccess.PRIVATE),
        config.clock(),
        packBelow,
        segmentBytes,
        config.get(SEGMENT_MAP, DiskSettings::trueOrFalse).orElse(true));
  }

  /** Whether content of {@code size} bytes is packed into a segment. */
  boolean packs(long size) {
    return size < packBelow;
  }

  boolean hasTtl() {
    return ttlNanos != Long.MAX_VALUE;
  }

  private static long packBelow(String text) {
    long bytes = TierConfig.parseBytes(text);
    if (bytes < 0 || bytes > LARGEST_PACKED) {
      throw new IllegalArgumentException("must be from 0 (nothing packed) to " + LARGEST_PACKED
          + " bytes (16MB)");
    }
    return bytes;
  }

  private static long segmentBytes(String text) {
    long bytes = TierConfig.parseBytes(text);
    if (bytes < (1L << 20) || bytes > PackedStore.MAX_OFFSET) {
      throw new IllegalArgumentException("must be from 1MB to 1TB");
    }
    return bytes;
  }

  private static boolean trueOrFalse(String text) {
    switch (text.toLowerCase(java.util.Locale.ROOT)) {
      case "true":
        return true;
      case "false":
        return false;
      default:
        throw new IllegalArgumentException("expected true or false");
    }
  }

  private static Duration positiveDuration(String text) {
    Duration duration = TierConfig.parseDuration(text);
    if (duration.isZero() || duration.isNegative()) {
      throw new IllegalArgumentException("must be positive");
    }
    return duration;
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
