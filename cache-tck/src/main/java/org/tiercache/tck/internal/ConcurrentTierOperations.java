package org.tiercache.tck.internal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.Validate;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierStats;

/**
 * The operations lincheck runs on the tier under test, on a new empty tier per interleaving. Every
 * result is a plain value compared with {@link SequentialTierOperations}' result for the same
 * operation: the content a get returns is checked here, byte for byte, and reported by the key whose
 * content it is.
 *
 * <p>{@link #sizeBytes()}, {@link #entryCount()} and {@link #stats()} are not {@link
 * Operation}s, so lincheck never runs them while the threads run: a tier may read its figures
 * without its lock (a size and a count are two fields, statistics a set of counters), so they
 * need not agree with each other or with the entries at every instant, only once the threads are
 * done. While they run, {@link #sizeWithinCapacity()} checks the one thing a figure read then
 * must show.
 */
@Param(name = "key", gen = IntGen.class, conf = "0:2")
public final class ConcurrentTierOperations {
  private final LinearizabilityCheck check;
  private final CacheTier tier;
  // The counters of the tier as it was opened (a persistent tier reopened on the same storage may
  // carry counts): stats() reports what this interleaving added.
  private final TierStats opened;

  /** Opens a new tier for the check in progress, as lincheck makes one object per interleaving. */
  public ConcurrentTierOperations() {
    check = LinearizabilityCheck.current();
    tier = check.openTier();
    opened = tier.stats();
  }

  /**
   * Puts the key's content.
   *
   * @param key the key's index
   * @return what the tier answered
   */
  @Operation
  public boolean put(@Param(name = "key") int key) {
    return tier.put(check.key(key), check.content(key));
  }

  /**
   * Gets the key.
   *
   * @param key the key's index
   * @return {@code "k<index>"} for the key's exact content, {@code null} for a miss, anything else
   *     for wrong bytes
   */
  @Operation
  public String get(@Param(name = "key") int key) {
    ByteBuffer buffer = tier.get(check.key(key));
    if (buffer == null) {
      return null;
    }
    byte[] bytes = new byte[buffer.remaining()];
    buffer.get(bytes);
    return Arrays.equals(bytes, check.content(key)) ? "k" + key
        : "wrong bytes (" + bytes.length + " B) for k" + key;
  }

  /**
   * Asks whether the key is live.
   *
   * @param key the key's index
   * @return what the tier answered
   */
  @Operation
  public boolean contains(@Param(name = "key") int key) {
    return tier.contains(check.key(key));
  }

  /**
   * Removes the key.
   *
   * @param key the key's index
   * @return what the tier answered
   */
  @Operation
  public boolean remove(@Param(name = "key") int key) {
    return tier.remove(check.key(key));
  }

  /**
   * Reads the tier's size while other operations run, as a monitor would.
   *
   * @return whether it is within the capacity, as it must be whenever it is read
   */
  @Operation
  public boolean sizeWithinCapacity() {
    return tier.sizeBytes() <= tier.capacityBytes();
  }

  /**
   * Returns the tier's size; run before or after the threads only.
   *
   * @return its {@code sizeBytes()}
   */
  public long sizeBytes() {
    return tier.sizeBytes();
  }

  /**
   * Returns the tier's entry count; run before or after the threads only.
   *
   * @return its {@code entryCount()}
   */
  public long entryCount() {
    return tier.entryCount();
  }

  /**
   * Returns the counters this interleaving added, with size and count.
   *
   * @return the figures, as text
   */
  public String stats() {
    TierStats now = tier.stats();
    return SequentialTierOperations.stats(now.hits() - opened.hits(),
        now.misses() - opened.misses(), now.puts() - opened.puts(),
        now.rejectedPuts() - opened.rejectedPuts(), now.evictions() - opened.evictions(),
        now.expirations() - opened.expirations(), now.sizeBytes(), now.entryCount());
  }

  /**
   * After every interleaving, once the threads are done: size and count are the sums over the
   * entries {@code contains} finds live (it is not a use), by the tier's figures and by its
   * statistics, and within the capacity. A race that loses an update of the size shows here even
   * in a scenario that never reads it.
   *
   * @throws IllegalStateException naming the figures that disagree
   */
  @Validate
  public void accountingIsExact() {
    long bytes = 0;
    long count = 0;
    for (int k = 0; k < check.keys(); k++) {
      if (tier.contains(check.key(k))) {
        bytes += check.size(k);
        count++;
      }
    }
    long size = tier.sizeBytes();
    long entries = tier.entryCount();
    TierStats stats = tier.stats();
    if (size != bytes || entries != count || stats.sizeBytes() != bytes
        || stats.entryCount() != count || size > tier.capacityBytes()) {
      throw new IllegalStateException("once the threads are done, the live entries hold " + bytes
          + " bytes in " + count + " entries, but sizeBytes() is " + size + ", entryCount() "
          + entries + ", stats() " + stats + " (capacity " + tier.capacityBytes() + ")");
    }
  }
}
