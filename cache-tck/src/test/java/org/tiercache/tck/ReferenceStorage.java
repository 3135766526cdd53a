package org.tiercache.tck;

import java.time.Instant;
import java.util.List;
import org.tiercache.api.ContentKey;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.TierStats;

/**
 * The "disk" of a persistent {@link ReferenceTier}. This one keeps what the last close saved in
 * memory, and keeps nothing of the changes in between (no crash can reach it); {@link FolderStorage}
 * keeps a file and a durable log of the changes.
 */
class ReferenceStorage {
  private List<Saved> saved = List.of();
  private LifetimeStats lifetime;

  synchronized List<Saved> load() {
    return saved;
  }

  synchronized void save(List<Saved> entries) {
    saved = List.copyOf(entries);
  }

  /**
   * The counters the last close saved, or none counted from {@code now}.
   *
   * @param now the time counting starts if nothing was saved
   */
  synchronized LifetimeStats loadLifetime(Instant now) {
    return lifetime == null ? new LifetimeStats(TierStats.EMPTY, now) : lifetime;
  }

  /** Keeps the counters added up so far; called by close. */
  synchronized void saveLifetime(LifetimeStats counted) {
    lifetime = counted;
  }

  /** An entry was stored; called before the put returns. */
  void logPut(Saved entry) {}

  /** An entry left (removed, evicted, expired); called before the call returns. */
  void logRemove(ContentKey key) {}

  /** Every entry left; called before clear returns. */
  void logClear() {}

  /** One saved entry, least recently used first in a saved list. */
  static final class Saved {
    final ContentKey key;
    final byte[] content;
    final long writtenAt;

    Saved(ContentKey key, byte[] content, long writtenAt) {
      this.key = key;
      this.content = content;
      this.writtenAt = writtenAt;
    }
  }
}
