package org.tiercache.tiered.internal;

/**
 * The sizes a tier of a stack takes, {@code [minBytes, maxBytes)}: what the exported
 * {@code SizeRule} holds, in the form the stack's machinery reads, so that this package never
 * depends on the exported one (which depends on it).
 *
 * @param minBytes the smallest size accepted, inclusive; zero or more
 * @param maxBytes the bound every accepted size is below, exclusive; {@link Long#MAX_VALUE} for none
 */
public record SizeRange(long minBytes, long maxBytes) {
  /**
   * Checks the bounds.
   *
   * @param minBytes the inclusive lower bound
   * @param maxBytes the exclusive upper bound
   * @throws IllegalArgumentException if {@code minBytes} is negative or the range is empty
   */
  public SizeRange {
    if (minBytes < 0 || maxBytes <= minBytes) {
      throw new IllegalArgumentException("not a size range: [" + minBytes + ", " + maxBytes + ")");
    }
  }

  /**
   * Tells whether content of a size is in the range.
   *
   * @param sizeBytes the content's length
   * @return {@code true} if {@code minBytes <= sizeBytes < maxBytes}
   */
  public boolean accepts(long sizeBytes) {
    return sizeBytes >= minBytes && sizeBytes < maxBytes;
  }

  /**
   * Tells whether the range has no upper bound.
   *
   * @return {@code true} if every size from {@code minBytes} on is accepted
   */
  public boolean unbounded() {
    return maxBytes == Long.MAX_VALUE;
  }

  /**
   * Returns the string form of the composer's spec: {@code any}, {@code < N B}, {@code >= N B} or
   * {@code N B..M B}, sizes in bytes.
   */
  @Override
  public String toString() {
    if (unbounded()) {
      return minBytes == 0 ? "any" : ">= " + minBytes + "B";
    }
    return minBytes == 0 ? "< " + maxBytes + "B" : minBytes + "B.." + maxBytes + "B";
  }
}
