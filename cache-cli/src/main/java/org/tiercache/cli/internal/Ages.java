package org.tiercache.cli.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.tiercache.api.CacheClock;
import org.tiercache.api.EntryInfo;

/**
 * Entry ages as the command shows them: measured on the clock the command's tiers run on, the
 * system {@link CacheClock}, and written for people in the largest unit that keeps two digits.
 */
public final class Ages {
  private Ages() {}

  /**
   * Returns the time now on the clock the command's tiers stamp their entries with.
   *
   * @return now
   */
  public static Instant now() {
    return Instant.ofEpochSecond(0, CacheClock.system().epochNanos());
  }

  /**
   * Returns an entry's age at a given time, never negative (a clock set back since the put shows
   * age zero).
   *
   * @param entry the entry
   * @param now the time now, from {@link #now()}
   * @return the age
   */
  public static Duration of(EntryInfo entry, Instant now) {
    Duration age = Duration.between(entry.writeTime(), now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  /**
   * Writes an age: {@code 42 s}, {@code 5 min}, {@code 3 h}, {@code 2 days}.
   *
   * @param age the age
   * @return the text
   */
  public static String format(Duration age) {
    long seconds = age.toSeconds();
    if (seconds < 120) {
      return seconds + " s";
    }
    if (seconds < 7200) {
      return seconds / 60 + " min";
    }
    if (seconds < 172_800) {
      return seconds / 3600 + " h";
    }
    return String.format(Locale.ROOT, "%d days", seconds / 86_400);
  }
}
