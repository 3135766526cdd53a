package org.tiercache.tiered;

import java.nio.file.Path;
import org.tiercache.api.TierConfig;

/** The stacks the compatibility kit's suites run against, built from the kit's configurations. */
final class KitStacks {
  /** Where the memory + disk stack splits content, as the seed split it at its threshold. */
  static final long SPLIT_BYTES = 64 << 10;

  private KitStacks() {}

  /**
   * A stack of one {@code memory} tier taking every size, created through ServiceLoader with the
   * kit's configuration as it is (capacity, TTL and clock pass straight through).
   */
  static TieredCache memoryOnly(TierConfig config) {
    return TieredCache.builder().tier(SizeRule.any(), "memory", config).build();
  }

  /**
   * The seed's shape: {@code memory} below {@link #SPLIT_BYTES}, {@code disk} at or above it, with the
   * kit's capacity split between them (so the stack's capacity is the kit's) and the kit's TTL and
   * clock given to both.
   *
   * <p>Only the store, concurrency and persistence suites run against it. The LRU, size, TTL and stats
   * suites cannot hold for it by nature: they put entries of a few hundred bytes into a capacity
   * chosen to the byte and expect one LRU order over all of them, but here every such entry goes to
   * the memory tier, which has only half the capacity, so entries go earlier than a single tier of
   * that capacity would let them go, and content as large as the whole capacity fits no tier. The
   * persistence and crash suites do not apply: the stack is not persistent, as its memory tier is
   * not ({@code MemoryDiskStackIsNotPersistentTest}).
   */
  static TieredCache memoryAndDisk(TierConfig config, Path dir) {
    long capacity = config.capacityBytes().orElseThrow();
    TierConfig memory = config.toBuilder().capacity(capacity / 2).build();
    TierConfig disk = config.toBuilder().capacity(capacity - capacity / 2)
        .set("dir", dir.toString()).build();
    return TieredCache.builder()
        .tier(SizeRule.below(SPLIT_BYTES), "memory", memory)
        .tier(SizeRule.atLeast(SPLIT_BYTES), "disk", disk)
        .build();
  }
}
