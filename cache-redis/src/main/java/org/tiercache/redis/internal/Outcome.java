package org.tiercache.redis.internal;

import java.util.Objects;
import java.util.Optional;

/**
 * What one call to the server came to: its reply, decoded ({@link Replies}), or why there is none.
 * An outage and a full server are kinds of outcome, never replies, so that no reply (a nil one
 * included) can be taken for either.
 *
 * @param <T> the decoded reply
 */
final class Outcome<T> {
  /** Why a call has, or has no, reply. */
  enum Kind {
    /** The server answered; the reply is decoded. */
    ANSWERED,
    /** The server cannot be used now (unreachable, timing out, loading...): an outage. */
    UNAVAILABLE,
    /** The server refused the call for want of memory; nothing of it was written. */
    FULL
  }

  private static final Outcome<?> UNAVAILABLE = new Outcome<>(Kind.UNAVAILABLE, null);
  private static final Outcome<?> FULL = new Outcome<>(Kind.FULL, null);

  private final Kind kind;
  private final T reply;

  private Outcome(Kind kind, T reply) {
    this.kind = kind;
    this.reply = reply;
  }

  /** Returns the outcome of a call the server answered with {@code reply}, decoded. */
  static <T> Outcome<T> answered(T reply) {
    return new Outcome<>(Kind.ANSWERED, Objects.requireNonNull(reply, "a decoded reply"));
  }

  /** Returns the outcome of a call during an outage. */
  @SuppressWarnings("unchecked")
  static <T> Outcome<T> unavailable() {
    return (Outcome<T>) UNAVAILABLE;
  }

  /** Returns the outcome of a call refused for want of memory. */
  @SuppressWarnings("unchecked")
  static <T> Outcome<T> full() {
    return (Outcome<T>) FULL;
  }

  /** Returns whether the call was answered, and if not, why. */
  Kind kind() {
    return kind;
  }

  /** Returns the decoded reply, or empty if the server did not answer the call. */
  Optional<T> answer() {
    return Optional.ofNullable(reply);
  }

  @Override
  public String toString() {
    return kind == Kind.ANSWERED ? "answered " + reply : kind.name().toLowerCase();
  }
}
