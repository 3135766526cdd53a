package org.tiercache.cli.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How {@code stat} writes its table for people (its {@code --json} stays exact): columns as wide
 * as their widest cell, two spaces apart, numbers right-aligned, no trailing spaces; hit rates in
 * percent; times to the second in the local time zone, as {@code ls -l} and {@code ccache -s} show
 * them, rather than {@code Instant.toString()}'s nanoseconds in UTC.
 */
public final class StatTable {
  private static final DateTimeFormatter LOCAL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

  private final List<String[]> rows = new ArrayList<>();
  private final boolean[] leftAligned;

  /**
   * Starts a table with its header: the first {@code left} columns and the last are text,
   * left-aligned; the others, numbers, right-aligned.
   *
   * @param header the column names
   * @param left how many leading columns are text, left-aligned; the last column is text too
   */
  public StatTable(List<String> header, int left) {
    leftAligned = new boolean[header.size()];
    for (int i = 0; i < leftAligned.length; i++) {
      leftAligned[i] = i < left || i == leftAligned.length - 1;
    }
    rows.add(header.toArray(String[]::new));
  }

  /**
   * Adds a row.
   *
   * @param cells one text per column ({@code null} is shown empty)
   * @return this table
   * @throws IllegalArgumentException if the row has not one cell per column
   */
  public StatTable row(Object... cells) {
    if (cells.length != leftAligned.length) {
      throw new IllegalArgumentException("a row of " + cells.length + " cells in a table of "
          + leftAligned.length + " columns");
    }
    String[] texts = new String[cells.length];
    for (int i = 0; i < cells.length; i++) {
      texts[i] = cells[i] == null ? "" : String.valueOf(cells[i]);
    }
    rows.add(texts);
    return this;
  }

  /**
   * Returns the lines of the table, the header first.
   *
   * @return the lines, without line breaks
   */
  public List<String> lines() {
    int[] widths = new int[leftAligned.length];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        if (i > 0) {
          line.append("  ");
        }
        String pad = " ".repeat(widths[i] - row[i].length());
        line.append(leftAligned[i] ? row[i] + pad : pad + row[i]);
      }
      lines.add(line.toString().stripTrailing());
    }
    return lines;
  }

  /**
   * Writes a hit rate: the share of lookups that hit, in percent with one decimal
   * ({@code 87.5%}), or {@code -} before the first lookup.
   *
   * @param hits lookups that found the key
   * @param misses lookups that did not
   * @return the text
   */
  public static String hitRate(long hits, long misses) {
    long lookups = hits + misses;
    if (lookups <= 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f%%", 100.0 * hits / lookups);
  }

  /**
   * Writes a time to the second in the local time zone: {@code 2026-11-30 14:37:56}.
   *
   * @param time the time
   * @return the text
   */
  public static String localTime(Instant time) {
    return LOCAL_TIME.format(time.atZone(ZoneId.systemDefault()));
  }

  /**
   * Writes a time given in ISO-8601 ({@link Instant#toString()}) as {@link #localTime(Instant)}
   * does, for the times {@code stat}'s report keeps as text.
   *
   * @param iso the time, as {@code Instant.toString()} wrote it
   * @return the text
   */
  public static String localTime(Object iso) {
    return localTime(Instant.parse(String.valueOf(iso)));
  }
}
