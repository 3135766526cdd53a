package org.tiercache.api;

/**
 * The source of time for a tier: entries' write times and their expiry are measured with it.
 *
 * <p>Time is in nanoseconds since the Unix epoch, so that a persistent tier can store a write time
 * and keep counting an entry's age across restarts. Tests inject a clock they move by hand instead of
 * sleeping.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface CacheClock {

  /**
   * Returns the current time in nanoseconds since the Unix epoch.
   *
   * @return the current time
   */
  long epochNanos();

  /**
   * Returns the system clock: wall-clock time at start-up, advanced by {@link System#nanoTime()} so
   * that it never steps backwards while the process runs.
   *
   * @return the shared system clock
   */
  static CacheClock system() {
    return SystemClock.INSTANCE;
  }
}
