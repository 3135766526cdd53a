package org.tiercache.tck;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.tiercache.api.CacheClock;

/**
 * A {@link CacheClock} that only moves when a test moves it, so that expiry is checked to the
 * nanosecond without sleeping and every run sees the same times.
 *
 * <p>It starts at {@link #START} and only goes forward: ages are differences of clock readings, and
 * a clock that stepped back would make a tier see negative ages, which no contract defines. It is
 * thread-safe, so a concurrency suite may move it while other threads read it.
 *
 * @since 0.1
 */
public final class ManualClock implements CacheClock {
  /**
   * Where every manual clock starts: 2026-01-01T00:00:00Z in nanoseconds since the Unix epoch. A
   * realistic time rather than zero, so that a tier storing write times as epoch values (a disk or
   * server tier) is checked with values of the size it will meet in production.
   */
  public static final long START = 1_767_225_600_000_000_000L;

  private final AtomicLong epochNanos = new AtomicLong(START);

  /** Creates a clock at {@link #START}. */
  public ManualClock() {}

  @Override
  public long epochNanos() {
    return epochNanos.get();
  }

  /**
   * Moves the clock forward.
   *
   * @param amount how far; zero or positive
   * @return the new time in nanoseconds since the epoch
   * @throws NullPointerException if {@code amount} is {@code null}
   * @throws IllegalArgumentException if {@code amount} is negative
   * @throws ArithmeticException if the amount does not fit in a {@code long} of nanoseconds
   */
  public long advance(Duration amount) {
    Objects.requireNonNull(amount, "amount must not be null");
    return advanceNanos(amount.toNanos());
  }

  /**
   * Moves the clock forward by a number of nanoseconds.
   *
   * @param nanos how far; zero or positive
   * @return the new time in nanoseconds since the epoch
   * @throws IllegalArgumentException if {@code nanos} is negative
   */
  public long advanceNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a manual clock only moves forward, not by " + nanos
          + " ns: ages would become negative");
    }
    return epochNanos.addAndGet(nanos);
  }

  /**
   * Returns how long the clock has moved since it started, for messages.
   *
   * @return the time elapsed since {@link #START}
   */
  public Duration elapsed() {
    return Duration.ofNanos(epochNanos.get() - START);
  }

  /** Returns the current time as an instant and the time elapsed since the start. */
  @Override
  public String toString() {
    long now = epochNanos.get();
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(now, 1_000_000_000L),
        Math.floorMod(now, 1_000_000_000L));
    return "ManualClock[" + instant + ", start + " + Duration.ofNanos(now - START) + "]";
  }
}
