package org.tiercache.api;

import java.util.Objects;
import java.util.Optional;
import org.tiercache.api.internal.Redaction;

/**
 * A tier provider that {@link TierDiscovery} found but cannot offer: its class is missing or could
 * not be instantiated (its constructor or static initializer threw, a class it needs is absent), its
 * {@link CacheTierProvider#id() id} could not be read or is not a valid id, or another provider has
 * the same id. Discovery reports these instead of leaving the jar silently out, so that a user can
 * tell which jar to fix or remove.
 *
 * <p>Immutable. The reason is shown to users: secrets in it (as {@link TierConfig#redact} finds them)
 * are masked.
 *
 * @since 0.2
 */
public final class TierLoadFailure {
  private final String provider;
  private final String location;
  private final String reason;
  private final Throwable cause;

  /**
   * Creates a failure.
   *
   * @param provider the provider's class name, as its module or services file names it, or
   *     {@code "unknown"} if no name could be read
   * @param location the jar or folder it came from, or {@code "unknown"}
   * @param reason why it cannot be offered, with the root cause's type and message
   * @param cause the error that was thrown, or {@code null} when nothing was (a clash of ids)
   * @throws NullPointerException if {@code provider}, {@code location} or {@code reason} is
   *     {@code null}
   */
  public TierLoadFailure(String provider, String location, String reason, Throwable cause) {
    this.provider = Objects.requireNonNull(provider, "provider must not be null");
    this.location = Objects.requireNonNull(location, "location must not be null");
    this.reason = Redaction.redact(Objects.requireNonNull(reason, "reason must not be null"));
    this.cause = cause;
  }

  /**
   * Returns the provider's class name.
   *
   * @return the class name, or {@code "unknown"}; never {@code null}
   */
  public String provider() {
    return provider;
  }

  /**
   * Returns the jar or folder the provider came from: for a class that could not be loaded, the one
   * whose services file names it.
   *
   * @return a file path for a local jar or folder, a URI otherwise, or {@code "unknown"}; never
   *     {@code null}
   */
  public String location() {
    return location;
  }

  /**
   * Returns why the provider cannot be offered, such as {@code could not be instantiated:
   * java.lang.IllegalStateException: licence file missing}.
   *
   * @return the reason, secrets masked; never {@code null}
   */
  public String reason() {
    return reason;
  }

  /**
   * Returns the error that was thrown, for its stack trace.
   *
   * @return the error, or empty for a clash of ids, where nothing was thrown
   */
  public Optional<Throwable> cause() {
    return Optional.ofNullable(cause);
  }

  /**
   * Returns the failure as one line: {@code provider at location: reason}.
   *
   * @return the line
   */
  @Override
  public String toString() {
    return provider + " at " + location + ": " + reason;
  }
}
