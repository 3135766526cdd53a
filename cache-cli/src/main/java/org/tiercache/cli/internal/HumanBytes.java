package org.tiercache.cli.internal;

import java.util.Locale;

/** Writes a byte count for people, in binary units as the rest of tiercache counts them. */
public final class HumanBytes {
  private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};

  private HumanBytes() {}

  /**
   * Formats a byte count: {@code 512 B}, {@code 1.5 KB}, {@code 64 MB} (1 KB = 1024 B).
   *
   * @param bytes the count
   * @return the text
   */
  public static String format(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    double value = bytes;
    int unit = 0;
    while (value >= 1024 && unit < UNITS.length - 1) {
      value /= 1024;
      unit++;
    }
    String number = value == Math.rint(value) || value >= 100
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
    return number + " " + UNITS[unit];
  }
}
