package org.tiercache.tck.internal;

/**
 * What {@link ConcurrentTierOperations} must answer, one operation at a time: the kit's {@link
 * ReferenceModel} with no time to live, at the check's capacity.
 */
public final class SequentialTierOperations {
  private final LinearizabilityCheck check;
  private final ReferenceModel model;

  /** An empty model of the check in progress. */
  public SequentialTierOperations() {
    check = LinearizabilityCheck.current();
    model = new ReferenceModel(check.capacity(), 0);
  }

  /**
   * A put.
   *
   * @param key the key's index
   * @return whether it is stored
   */
  public boolean put(int key) {
    return model.put(key, 0, check.size(key), 0) != null;
  }

  /**
   * A get.
   *
   * @param key the key's index
   * @return {@code "k<index>"} for a hit, {@code null} for a miss
   */
  public String get(int key) {
    return model.get(key, 0) == null ? null : "k" + key;
  }

  /**
   * A contains.
   *
   * @param key the key's index
   * @return whether it is live
   */
  public boolean contains(int key) {
    return model.contains(key, 0);
  }

  /**
   * A remove.
   *
   * @param key the key's index
   * @return whether a live entry left
   */
  public boolean remove(int key) {
    return model.remove(key, 0);
  }

  /**
   * A read of the size while operations run.
   *
   * @return always {@code true}
   */
  public boolean sizeWithinCapacity() {
    return true;
  }

  /**
   * The size.
   *
   * @return the live bytes
   */
  public long sizeBytes() {
    return model.liveBytes(0);
  }

  /**
   * The entry count.
   *
   * @return the live entries
   */
  public long entryCount() {
    return model.liveCount(0);
  }

  /**
   * The counters, with size and count.
   *
   * @return the figures, as text
   */
  public String stats() {
    return stats(model.hits(), model.misses(), model.puts(), model.rejectedPuts(),
        model.evictions(), model.countedExpirations(), model.liveBytes(0), model.liveCount(0));
  }

  static String stats(long hits, long misses, long puts, long rejectedPuts, long evictions,
      long expirations, long sizeBytes, long entryCount) {
    return "hits=" + hits + " misses=" + misses + " puts=" + puts + " rejectedPuts=" + rejectedPuts
        + " evictions=" + evictions + " expirations=" + expirations + " sizeBytes=" + sizeBytes
        + " entryCount=" + entryCount;
  }
}
