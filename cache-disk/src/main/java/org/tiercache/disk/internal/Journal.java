package org.tiercache.disk.internal;

import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of the {@link EntryIndex}: each change is appended to the current
 * {@link JournalFile}, which this class replaces with a fresh one, one {@code PUT} per entry, when it
 * has grown too long or a write to it failed.
 *
 * <p><b>Compaction.</b> The file is rewritten once it holds more than
 * {@link #compactionThreshold(long) 10,000 + 2 x entries} records: a rewrite costs O(entries) and
 * comes every O(entries) records, so it is O(1) amortised per change, and the file stays a bounded
 * multiple of the index, so an open replays little more than the entries. A rewrite that fails (a
 * full disk) is not tried again until the file has grown by another threshold, so a failing disk
 * does not make every change rewrite the whole journal.
 *
 * <p><b>Failures.</b> A write that fails fails no operation of the tier: the file is marked stale
 * ({@link JournalFile#isStale()}) and rewritten at the next {@link #sync}, or at {@link #close}; if
 * that fails too, the file is closed without its clean-close record, so the next open checks the
 * folder, which still holds every entry.
 *
 * <p>Not thread-safe: the tier calls it under the lock that guards the index it reads.
 */
final class Journal {
  private static final Logger LOG = LoggerFactory.getLogger(Journal.class);

  private final DiskLayout layout;
  private final DiskSettings settings;
  private final EntryIndex index;
  private final boolean rewrittenAtOpen;
  /** Replaced only under the tier's lock; read without it by {@link #forceWritten}. */
  private volatile JournalFile file;
  /** File size, in records, below which no rewrite is tried after one failed. */
  private long rewriteBackoffRecords;

  private Journal(DiskLayout layout, DiskSettings settings, EntryIndex index, JournalFile file,
      boolean rewrittenAtOpen) {
    this.layout = layout;
    this.settings = settings;
    this.index = index;
    this.file = file;
    this.rewrittenAtOpen = rewrittenAtOpen;
  }

  /**
   * The journal size, in records, beyond which it is rewritten: a multiple of the live entries, plus
   * a floor so that a small cache does not rewrite at every few changes.
   */
  static long compactionThreshold(long entries) {
    return 10_000 + 2 * entries;
  }

  /**
   * Opens the journal after recovery has replayed it into {@code index}: appends to the file if it
   * was closed cleanly and is not much longer than the index, else writes a fresh one.
   */
  static Journal open(DiskLayout layout, DiskSettings settings, EntryIndex index,
      JournalReplay.Outcome replay) throws IOException {
    boolean kept = replay.cleanlyClosed()
        && replay.records() <= compactionThreshold(index.count());
    JournalFile file = kept
        ? JournalFile.append(layout, replay.validBytes(), replay.records(), settings)
        : JournalFile.rewrite(layout, index, settings);
    return new Journal(layout, settings, index, file, !kept);
  }

  /** Tells whether {@link #open} wrote a fresh file rather than appending to the one replayed. */
  boolean rewrittenAtOpen() {
    return rewrittenAtOpen;
  }

  void put(Entry e) {
    file.put(e);
  }

  void use(Entry e) {
    file.use(e);
  }

  void remove(Entry e) {
    file.remove(e);
  }

  void move(Entry e) {
    file.move(e);
  }

  void clear() {
    file.clear();
  }

  /**
   * Forces the records handed to the operating system so far, from any thread ({@link
   * SharedFlush}). A journal rewritten meanwhile was forced whole when it was written, and holds
   * every entry committed before it: only the file current now needs forcing.
   *
   * @throws IOException if the force failed, or the journal was closed
   */
  void forceWritten() throws IOException {
    while (true) {
      JournalFile current = file;
      try {
        current.forceWritten();
        return;
      } catch (java.nio.channels.ClosedChannelException e) {
        if (file == current) {
          throw e;
        }
      }
    }
  }

  /**
   * Hands the records to the operating system, rewriting the file instead when it has grown past its
   * threshold or a write failed. A failure here fails no operation (see the class comment).
   *
   * @param folderIntact whether the folder is still the tier's: a rewrite writes by name, so never
   *     into a folder that has been replaced; asked only when a rewrite is due (it costs an
   *     {@code lstat})
   */
  void sync(BooleanSupplier folderIntact) {
    sync(folderIntact, false);
  }

  /**
   * As {@link #sync(BooleanSupplier)}; with {@code deferForce}, a policy of {@code always} leaves
   * the force to the caller's {@link SharedFlush}, to be waited for without the tier's lock.
   */
  void sync(BooleanSupplier folderIntact, boolean deferForce) {
    long records = file.records();
    boolean due = records > compactionThreshold(index.count()) || file.isStale();
    if (due && records >= rewriteBackoffRecords && folderIntact.getAsBoolean()) {
      JournalCompactionEvent compaction = JournalCompactionEvent.start(records, file.isStale());
      try {
        JournalFile fresh = JournalFile.rewrite(layout, index, settings);
        compaction.emit(layout, fresh.records());
        // Assigned before the old one closes: a concurrent forceWritten that finds its file closed
        // must find the fresh one in place.
        JournalFile old = file;
        file = fresh;
        closeQuietly(old);
        rewriteBackoffRecords = 0;
        return;
      } catch (IOException e) {
        rewriteBackoffRecords = records + compactionThreshold(index.count());
        LOG.warn("could not rewrite journal {} ({}); appending to it instead", layout.journal(),
            e.toString());
      }
    }
    try {
      file.flush(deferForce);
    } catch (IOException e) {
      LOG.warn("could not write journal {} ({}); entries are safe, and the journal will be "
          + "rewritten, or the folder checked when the tier next opens", layout.journal(),
          e.toString());
    }
  }

  /**
   * Closes the journal with a {@code CLOSE} record, so that the next open trusts it without checking
   * the folder: after rewriting it if a write had failed. Without {@code CLOSE} if the file is still
   * stale or {@code filesLeftBehind}, so that the next open checks the folder.
   *
   * @param folderIntact whether the folder is still the tier's (else no rewrite is tried)
   * @param filesLeftBehind whether content files the tier meant to delete are still there, for the
   *     next open to count or delete
   * @throws IOException if the last records cannot be written or forced
   */
  void close(boolean folderIntact, boolean filesLeftBehind) throws IOException {
    try {
      if (folderIntact && file.isStale()) {
        JournalFile fresh = JournalFile.rewrite(layout, index, settings);
        JournalFile old = file;
        file = fresh;
        closeQuietly(old);
      }
    } catch (IOException e) {
      LOG.warn("could not rewrite journal {} at close ({}); the next open will check the folder",
          layout.journal(), e.toString());
    }
    if (filesLeftBehind) {
      file.closeForFolderCheck();
    } else {
      file.closeCleanly();
    }
  }

  private static void closeQuietly(JournalFile replaced) {
    try {
      replaced.close();
    } catch (IOException ignored) {
      // Already replaced: its buffered records are in the fresh file, nothing more to do with it.
    }
  }
}
