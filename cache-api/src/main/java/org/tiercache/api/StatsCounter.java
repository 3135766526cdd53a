package org.tiercache.api;

import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counters from which a tier builds its {@link TierStats}, so that every tier counts the
 * same events the same way.
 *
 * <p>Each counter is a {@link LongAdder}: recording is cheap and does not contend between threads;
 * a snapshot taken while other threads record is not atomic across counters.
 *
 * @since 0.1
 */
public final class StatsCounter {
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();
  private final LongAdder puts = new LongAdder();
  private final LongAdder rejectedPuts = new LongAdder();
  private final LongAdder evictions = new LongAdder();
  private final LongAdder expirations = new LongAdder();
  private final LongAdder damaged = new LongAdder();

  /** Creates counters at zero. */
  public StatsCounter() {}

  /** Records a get that returned content. */
  public void recordHit() {
    hits.increment();
  }

  /** Records a get that found nothing live. */
  public void recordMiss() {
    misses.increment();
  }

  /** Records a put that stored its content. */
  public void recordPut() {
    puts.increment();
  }

  /** Records a put that was refused. */
  public void recordRejectedPut() {
    rejectedPuts.increment();
  }

  /**
   * Records live entries removed to make room.
   *
   * @param count how many
   */
  public void recordEvictions(long count) {
    evictions.add(count);
  }

  /**
   * Records entries removed because they had expired.
   *
   * @param count how many
   */
  public void recordExpirations(long count) {
    expirations.add(count);
  }

  /** Records an entry found damaged when read, and removed. Record the get's miss as well. */
  public void recordDamaged() {
    damaged.increment();
  }

  /**
   * Takes a snapshot of the counters together with the tier's occupancy.
   *
   * @param sizeBytes bytes held now
   * @param entryCount entries held now
   * @return the snapshot
   */
  public TierStats snapshot(long sizeBytes, long entryCount) {
    return new TierStats(
        hits.sum(),
        misses.sum(),
        puts.sum(),
        rejectedPuts.sum(),
        evictions.sum(),
        expirations.sum(),
        damaged.sum(),
        sizeBytes,
        entryCount);
  }
}
