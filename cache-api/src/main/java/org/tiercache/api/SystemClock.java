package org.tiercache.api;

/** The default {@link CacheClock}; package-private so that only {@link CacheClock#system()} exposes it. */
final class SystemClock implements CacheClock {
  static final SystemClock INSTANCE = new SystemClock();

  // Anchored once: nanoTime is monotonic and cheaper than building an Instant on every read.
  private final long originEpochNanos = System.currentTimeMillis() * 1_000_000L;
  private final long originNanoTime = System.nanoTime();

  private SystemClock() {}

  @Override
  public long epochNanos() {
    return originEpochNanos + (System.nanoTime() - originNanoTime);
  }

  @Override
  public String toString() {
    return "CacheClock.system()";
  }
}
