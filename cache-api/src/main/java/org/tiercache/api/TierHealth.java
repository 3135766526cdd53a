package org.tiercache.api;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether a tier can do its work now, taken by {@link CacheTier#health()}: up, degraded (it answers,
 * but not fully: a server refusing writes for memory, a store that repaired damage) or down (its
 * storage cannot be used: a server that cannot be reached, a folder deleted under it).
 *
 * <p>The cause is text for an operator and holds no secret: a tier passes any text that may quote
 * its settings or a server address through {@link TierConfig#redact(String)}.
 *
 * @param status the status, never {@code null}
 * @param cause why the tier is not up, naming its storage (such as {@code redis at host:6379
 *     unavailable}); {@code null} exactly when the status is {@link Status#UP}
 * @param since when the tier entered this status, on its {@link CacheClock}; {@code null} if
 *     unknown, and always for {@link Status#UP}
 *
 * @since 0.2
 */
public record TierHealth(Status status, String cause, Instant since) {

  /** Up, with no cause. */
  public static final TierHealth UP = new TierHealth(Status.UP, null, null);

  /** How well a tier can do its work. */
  public enum Status {
    /** Fully usable. */
    UP,
    /** Usable, but not fully: some writes are refused, or damage was found and repaired. */
    DEGRADED,
    /** Unusable: gets miss and puts fail until its storage is back. */
    DOWN
  }

  /**
   * Checks that a status that is not up has a cause, and that up has neither cause nor time.
   *
   * @param status the status
   * @param cause why the tier is not up; {@code null} exactly when up
   * @param since when the status began, or {@code null}
   * @throws NullPointerException if {@code status} is {@code null}, or {@code cause} is {@code null}
   *     for a status other than up
   * @throws IllegalArgumentException if the status is up and a cause or time is given, or the cause
   *     is blank
   */
  public TierHealth {
    Objects.requireNonNull(status, "status must not be null");
    if (status == Status.UP) {
      if (cause != null || since != null) {
        throw new IllegalArgumentException(
            "an UP health has no cause and no time, got cause '" + cause + "', since " + since);
      }
    } else {
      Objects.requireNonNull(cause, () -> "a " + status + " health needs a cause");
      if (cause.isBlank()) {
        throw new IllegalArgumentException("a " + status + " health needs a cause, got '" + cause
            + "'");
      }
    }
  }

  /**
   * Returns a degraded health.
   *
   * @param cause why, naming the tier's storage
   * @param since when it began, or {@code null} if unknown
   * @return the health
   * @throws NullPointerException if {@code cause} is {@code null}
   * @throws IllegalArgumentException if {@code cause} is blank
   */
  public static TierHealth degraded(String cause, Instant since) {
    return new TierHealth(Status.DEGRADED, cause, since);
  }

  /**
   * Returns a down health.
   *
   * @param cause why, naming the tier's storage
   * @param since when it began, or {@code null} if unknown
   * @return the health
   * @throws NullPointerException if {@code cause} is {@code null}
   * @throws IllegalArgumentException if {@code cause} is blank
   */
  public static TierHealth down(String cause, Instant since) {
    return new TierHealth(Status.DOWN, cause, since);
  }

  /**
   * Returns the instant a {@link CacheClock} reading names, for {@link #since}.
   *
   * @param epochNanos a reading of {@link CacheClock#epochNanos()}
   * @return the instant
   */
  public static Instant instantOf(long epochNanos) {
    return Instant.ofEpochSecond(0, epochNanos);
  }

  /**
   * Tells whether the status is {@link Status#UP}.
   *
   * @return whether the tier is fully usable
   */
  public boolean isUp() {
    return status == Status.UP;
  }

  /**
   * Returns the status and, if not up, the cause and since when: {@code UP}, or {@code DOWN: redis at
   * host:6379 unavailable (since 2026-11-30T18:00:00Z)}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    if (status == Status.UP) {
      return "UP";
    }
    return status + ": " + cause + (since == null ? "" : " (since " + since + ")");
  }
}
