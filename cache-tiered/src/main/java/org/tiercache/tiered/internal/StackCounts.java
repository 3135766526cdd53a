package org.tiercache.tiered.internal;

import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.tiercache.api.CacheException;
import org.tiercache.api.PutResult;
import org.tiercache.api.StatsCounter;
import org.tiercache.api.TierStats;

/**
 * A stack's own figures, as its callers see them: a read any tier answered is one hit, whichever
 * tier answered it, and a caller's put one put or rejected put, however many tiers it reached.
 * Promotions, spills and copies are the receiving tiers' to count. Evictions, expirations, damage,
 * size, entry count and capacity are the tiers' own, summed ({@link #snapshot},
 * {@link #capacityBytes}).
 *
 * <p>Thread-safe.
 */
public final class StackCounts {
  private final StatsCounter own = new StatsCounter();

  /** Creates counts at zero. */
  public StackCounts() {}

  /**
   * Counts a caller's read: a hit if some tier answered, else a miss.
   *
   * @param <T> a buffer or a stream
   * @param content what the read found, or {@code null}
   * @return {@code content}
   */
  public <T> T read(T content) {
    if (content == null) {
      own.recordMiss();
    } else {
      own.recordHit();
    }
    return content;
  }

  /**
   * Runs and counts a caller's put of content in memory: a put if a tier stored it, else (refused,
   * or it threw) a rejected put.
   *
   * @param put the put through the stack
   * @return whether a tier stored the content
   * @throws CacheException as the put does
   */
  public boolean put(BooleanSupplier put) {
    boolean stored;
    try {
      stored = put.getAsBoolean();
    } catch (CacheException e) {
      own.recordRejectedPut();
      throw e;
    }
    return counted(stored);
  }

  /**
   * Runs and counts a caller's streamed put, as {@link #put} counts.
   *
   * @param put the streamed put through the stack
   * @return its result
   * @throws CacheException as the put does
   */
  public PutResult putStream(Supplier<PutResult> put) {
    PutResult result;
    try {
      result = put.get();
    } catch (CacheException e) {
      own.recordRejectedPut();
      throw e;
    }
    counted(result.stored());
    return result;
  }

  /**
   * Returns the stack's statistics: its own hits, misses, puts and rejected puts, and the sums over
   * its tiers of everything else.
   *
   * @param layers the stack
   * @return the figures now
   */
  public TierStats snapshot(List<Layer> layers) {
    TierStats sum = TierStats.EMPTY;
    for (Layer layer : layers) {
      sum = sum.plus(layer.tier().stats());
    }
    TierStats mine = own.snapshot(sum.sizeBytes(), sum.entryCount());
    return new TierStats(mine.hits(), mine.misses(), mine.puts(), mine.rejectedPuts(),
        sum.evictions(), sum.expirations(), sum.damaged(), sum.sizeBytes(), sum.entryCount());
  }

  /**
   * Returns the sum of the tiers' capacities, saturating at {@link Long#MAX_VALUE}, so that
   * {@code sizeBytes() <= capacityBytes()} holds for the stack as for each tier.
   *
   * @param layers the stack
   * @return the sum
   */
  public static long capacityBytes(List<Layer> layers) {
    long sum = 0;
    for (Layer layer : layers) {
      long capacity = layer.tier().capacityBytes();
      sum = capacity > Long.MAX_VALUE - sum ? Long.MAX_VALUE : sum + capacity;
    }
    return sum;
  }

  private boolean counted(boolean stored) {
    if (stored) {
      own.recordPut();
    } else {
      own.recordRejectedPut();
    }
    return stored;
  }
}
