package org.tiercache.disk.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheException;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.TierHealth;
import org.tiercache.api.TierStats;

/**
 * The disk tier's locked core: the {@link EntryIndex}, the {@link Journal} that makes it durable,
 * the room reserved by puts in flight, and every change of a name in the folder, all under one
 * lock. The {@link DiskTier} facade reads and writes content outside the lock through it.
 *
 * <p><b>Concurrency.</b> A put reserves its room here, writes without the lock, and comes back to
 * {@link #commit} ({@link EntryWriter.Ledger}); a get opens the entry's file or segment here
 * ({@link #openContent}, so what it reads is the entry's, not a later re-put's) and reads without
 * the lock. A reader keeps reading content evicted meanwhile: POSIX keeps a deleted file until its
 * last reader closes it, and a segment is reference-counted.
 *
 * <p><b>Room.</b> {@code index.sizeBytes() + reservedBytes <= capacity} always holds, so puts in
 * flight together cannot overshoot the capacity. A put that needs room that only other puts' still
 * unwritten content holds waits (on {@link #roomFreed}) for one of them to finish, then evicts it as
 * the least recently used, as a sequence of the same puts would.
 *
 * <p><b>The folder.</b> If the folder is deleted or replaced while the tier runs ({@link
 * DirectoryLock#intact()}, checked before every change and when a file is found missing), every
 * later call fails with {@link CacheException}: writing on would fork the cache with whichever tier
 * opens the new folder.
 */
final class DiskLedger implements EntryWriter.Ledger, PackedStore.Relocation {
  /** Under the tier's name, as before the split: log settings and tests filter by it. */
  private static final Logger LOG = LoggerFactory.getLogger(DiskTier.class);

  /**
   * The entry found by a get and its content, opened under the lock: a file of its own, or the
   * segment it is packed in (retained for the read).
   */
  record OpenedContent(Entry entry, ContentPlaces.Opened content) {}

  private final DiskSettings settings;
  private final DiskLayout layout;
  private final DirectoryLock folderLock;
  private final DiskHealth health;
  private final ContentFiles files;
  private final ContentPlaces places;
  private final PackedStore packed;
  /** Brings segments and journal to the device together, shared by concurrent waiters. */
  private final SharedFlush shared;
  /** This instance's counters and the folder's lifetime ones, kept in {@link StatsFile}. */
  private final LifetimeCounter stats;
  private final ReentrantLock lock = new ReentrantLock();
  /** Signalled when a reservation ends, so a put waiting for room can evict the new entry. */
  private final Condition roomFreed = lock.newCondition();

  @GuardedBy("lock")
  private final EntryIndex index;
  @GuardedBy("lock")
  private final Journal journal;
  @GuardedBy("lock")
  private long reservedBytes;
  @GuardedBy("lock")
  private boolean closed;

  DiskLedger(DiskSettings settings, DiskLayout layout, DirectoryLock folderLock,
      ContentFiles files, Recovery.Opened opened, LifetimeCounter.Background background,
      java.util.function.UnaryOperator<GroupCommit.Flush> flushSeam) {
    this.settings = settings;
    this.layout = layout;
    this.folderLock = folderLock;
    this.files = files;
    this.index = opened.index();
    this.journal = opened.journal();
    this.places = new ContentPlaces(layout, files, opened.packed());
    this.packed = opened.packed();
    this.shared = new SharedFlush(packed, journal, flushSeam);
    this.health = new DiskHealth(layout.dir(), settings.clock(), opened.repaired());
    this.stats = LifetimeCounter.open(new StatsFile(layout, files, settings.fsync()),
        Instant.ofEpochSecond(0, settings.clock().epochNanos()), background, this::mayWrite);
  }

  /** Makes room for what the index holds (the capacity may have shrunk since the last use). */
  void start() {
    lock.lock();
    try {
      makeRoom(0);
      syncJournal();
    } finally {
      lock.unlock();
    }
  }

  DiskHealth health() {
    return health;
  }

  LifetimeCounter counter() {
    return stats;
  }

  ContentPlaces places() {
    return places;
  }

  PackedStore packed() {
    return packed;
  }

  // ---------------------------------------------------------------------------------------- reads

  /** A reference to each entry, copied under the lock, for a listing made without it. */
  Entry[] snapshot() {
    lock.lock();
    try {
      ensureOpen();
      return index.snapshot();
    } finally {
      lock.unlock();
    }
  }

  boolean contains(KeyBits bits) {
    lock.lock();
    try {
      ensureOpen();
      Entry e = index.get(bits);
      return e != null && !isExpired(e, now());
    } finally {
      lock.unlock();
    }
  }

  /**
   * Finds a live entry, makes it the most recently used and opens its file; counts a miss and
   * returns {@code null} if there is none. An expired entry is reclaimed on the way; an entry whose
   * file has gone is dropped.
   *
   * @throws CacheException if the live entry is larger than {@code largest}, before anything is
   *     counted or touched
   */
  OpenedContent openContent(KeyBits key, long largest) {
    lock.lock();
    try {
      ensureOpen();
      Entry e = index.get(key);
      if (e == null) {
        stats.recordMiss();
        return null;
      }
      if (isExpired(e, now())) {
        requireFolder();
        discard(e);
        stats.recordExpirations(1);
        stats.recordMiss();
        syncJournal();
        return null;
      }
      if (e.size > largest) {
        throw new CacheException("content " + key.toKey() + " in disk tier " + layout.dir() + " has "
            + e.size + " bytes, more than a ByteBuffer holds (" + largest
            + "): read it with openStream");
      }
      ContentPlaces.Opened content;
      try {
        content = places.open(e);
      } catch (IOException ex) {
        // A folder deleted whole shows first as a missing file.
        requireFolder();
        String why = places.whyUnopened(e, ex);
        LOG.warn("dropping content {} from the disk tier: {}", places.describe(e), why);
        DamagedEntryEvent.emit(layout, e, places.where(e), why);
        discard(e);
        stats.recordMiss();
        stats.recordDamaged();
        syncJournal();
        return null;
      }
      index.touch(e);
      journal.use(e);
      return new OpenedContent(e, content);
    } finally {
      lock.unlock();
    }
  }

  /** Logs damaged content and drops the entry if it is still the current one. */
  void dropDamaged(Entry e, String why) {
    LOG.warn("content {} is damaged ({}); removed it from the disk tier", places.describe(e),
        why);
    DamagedEntryEvent.emit(layout, e, places.where(e), why);
    lock.lock();
    try {
      if (!closed && folderLock.intact() && index.get(e.key()) == e) {
        discard(e);
        syncJournal();
      }
    } finally {
      lock.unlock();
    }
  }

  // --------------------------------------------------------------------------------------- writes

  @Override
  public void checkWritable() {
    lock.lock();
    try {
      ensureOpen();
      requireFolder();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes room for content about to be written: drops the key's current entry (a put replaces it,
   * reclaiming it if expired), then reclaims expired and least recently used entries until it fits.
   */
  @Override
  public void reserve(KeyBits key, long size) {
    lock.lock();
    try {
      ensureOpen();
      requireFolder();
      Entry existing = index.get(key);
      if (existing != null) {
        if (isExpired(existing, now())) {
          stats.recordExpirations(1);
        }
        discard(existing);
      }
      makeRoom(size);
      reservedBytes += size;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public EntryWriter.Committed commit(KeyBits key, long size, int checksum, long location,
      EntryWriter.Placement place) throws IOException {
    lock.lock();
    try {
      ensureOpen();
      requireFolder();
      place.place();
      // A put of the same key that committed while this one was writing: a move replaced its file.
      Entry replaced = index.get(key);
      if (replaced != null) {
        index.remove(replaced);
        if (replaced.packed() || location != Entry.OWN_FILE) {
          places.delete(replaced);
        }
      }
      Entry e = new Entry(key, size, settings.clock().epochNanos(), checksum, true, location);
      index.add(e);
      if (e.packed()) {
        places.committed(location, size);
      }
      reservedBytes -= size;
      roomFreed.signalAll();
      journal.put(e);
      health.putStored();
      if (settings.fsync() != FsyncPolicy.ALWAYS) {
        syncJournal();
        return new EntryWriter.Committed(e, 0);
      }
      // Handed to the OS here; forced by the shared flush, waited for without the lock.
      journal.sync(folderLock::intact, true);
      return new EntryWriter.Committed(e, shared.ticket());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void awaitDurable(EntryWriter.Committed committed) throws IOException {
    if (committed.ticket() == 0) {
      return;
    }
    try {
      shared.awaitDurable(committed.ticket());
    } catch (IOException failed) {
      Entry e = committed.entry();
      lock.lock();
      try {
        if (!closed && index.get(e.key()) == e) {
          discard(e);
          syncJournal();
        }
      } finally {
        lock.unlock();
      }
      throw failed;
    }
  }

  @Override
  public void release(long size) {
    lock.lock();
    try {
      reservedBytes -= size;
      roomFreed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ----------------------------------------------------------------------------------- compaction

  @Override
  public boolean liesAt(KeyBits key, long location) {
    lock.lock();
    try {
      Entry e = closed ? null : index.get(key);
      return e != null && e.location == location;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean move(KeyBits key, long from, long to) {
    lock.lock();
    try {
      Entry e = closed ? null : index.get(key);
      if (e == null || e.location != from || !folderLock.intact()) {
        return false;
      }
      Entry moved = e.movedTo(to);
      index.replace(e, moved);
      journal.move(moved);
      packed.moved(e, moved);
      // Forced with the walk's end (walked), not one by one.
      journal.sync(folderLock::intact, true);
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public boolean copiesDurable() {
    if (settings.fsync() == FsyncPolicy.NEVER) {
      return true;
    }
    try {
      shared.awaitDurable(shared.ticket());
      return true;
    } catch (IOException e) {
      LOG.warn("could not force the copies compaction made in disk tier {} ({}); the entries stay "
          + "where they were", layout.dir(), e.toString());
      return false;
    }
  }

  /**
   * Makes the journal's moves durable (one shared flush per segment compacted, without the lock)
   * unless the policy is never, then lets the store free the segment.
   */
  @Override
  public void walked(long segmentId) {
    if (settings.fsync() != FsyncPolicy.NEVER) {
      long ticket;
      lock.lock();
      try {
        if (closed) {
          return;
        }
        journal.sync(folderLock::intact, true);
        ticket = shared.ticket();
      } finally {
        lock.unlock();
      }
      try {
        shared.awaitDurable(ticket);
      } catch (IOException e) {
        LOG.warn("could not force journal {} ({}); keeping the segment compaction emptied",
            layout.journal(), e.toString());
        return;
      }
    }
    lock.lock();
    try {
      if (!closed) {
        packed.walked(segmentId);
      }
    } finally {
      lock.unlock();
    }
    SegmentCompactionEvent.emit(layout, segmentId, packed.putBytes(), packed.copiedBytes());
  }

  /**
   * Record bytes written to segments by puts and by compaction since the tier opened: their ratio
   * is compaction's write amplification.
   */
  SegmentWrites segmentWrites() {
    return new SegmentWrites(packed.putBytes(), packed.copiedBytes());
  }

  /**
   * Record bytes (header and content) written to segments since the tier opened.
   *
   * @param putBytes by puts
   * @param compactionBytes by compaction's copies
   */
  record SegmentWrites(long putBytes, long compactionBytes) {}

  /** The flush shared by puts under {@code fsync=always}: for tests. */
  SharedFlush sharedFlush() {
    return shared;
  }

  // ------------------------------------------------------------------------------------- removals

  /** Removes the key's entry; whether a live one was there. */
  boolean remove(KeyBits bits) {
    lock.lock();
    try {
      ensureOpen();
      requireFolder();
      Entry e = index.get(bits);
      if (e == null) {
        return false;
      }
      boolean live = !isExpired(e, now());
      discard(e);
      if (!live) {
        stats.recordExpirations(1);
      }
      syncJournal();
      return live;
    } finally {
      lock.unlock();
    }
  }

  void clear() {
    lock.lock();
    try {
      ensureOpen();
      requireFolder();
      journal.clear();
      index.forEachEldestFirst(places::delete);
      index.clear();
      syncJournal();
    } finally {
      lock.unlock();
    }
  }

  long evictExpired() {
    lock.lock();
    try {
      ensureOpen();
      requireFolder();
      files.retryDeletes();
      long count = reclaimExpired(now());
      if (count > 0) {
        syncJournal();
      }
      return count;
    } finally {
      lock.unlock();
    }
  }

  /** Removes expired entries, oldest first, which stops at the first live one. Under the lock. */
  @GuardedBy("lock")
  private long reclaimExpired(long now) {
    long count = 0;
    for (Entry e = index.firstWritten(); e != null && isExpired(e, now); e = index.firstWritten()) {
      discard(e);
      count++;
    }
    stats.recordExpirations(count);
    return count;
  }

  /**
   * Makes room for {@code size} more bytes: expired entries first (write order is expiry order),
   * then the least recently used, then waits for puts in flight. Under the lock.
   */
  @GuardedBy("lock")
  private void makeRoom(long size) {
    files.retryDeletes();
    long capacity = settings.capacityBytes();
    long now = now();
    long evicted = 0;
    try {
      while (index.sizeBytes() + reservedBytes + size > capacity) {
        Entry oldest = index.firstWritten();
        if (oldest != null && isExpired(oldest, now)) {
          discard(oldest);
          stats.recordExpirations(1);
        } else if (index.eldest() != null) {
          discard(index.eldest());
          evicted++;
        } else {
          roomFreed.awaitUninterruptibly();
          ensureOpen();
          now = now();
        }
      }
    } finally {
      stats.recordEvictions(evicted);
      if (size > 0) {
        packed.evicting(evicted > 0);
      }
    }
  }

  /** Removes an entry from the index and the journal, and deletes its content. Under the lock. */
  @GuardedBy("lock")
  private void discard(Entry e) {
    index.remove(e);
    journal.remove(e);
    places.delete(e);
  }

  /** Hands the journal's records to the OS, or rewrites it when due ({@link Journal#sync}). */
  @GuardedBy("lock")
  private void syncJournal() {
    journal.sync(folderLock::intact);
  }

  // ------------------------------------------------------------------------------------ occupancy

  long sizeBytes() {
    lock.lock();
    try {
      return index.sizeBytes();
    } finally {
      lock.unlock();
    }
  }

  long entryCount() {
    lock.lock();
    try {
      return index.count();
    } finally {
      lock.unlock();
    }
  }

  /** The tier's health; checks the folder is still the tier's (one {@code lstat}). */
  TierHealth report() {
    lock.lock();
    try {
      return health.report(closed || folderLock.intact() ? null : folderLock.lostReason());
    } finally {
      lock.unlock();
    }
  }

  TierStats stats() {
    lock.lock();
    try {
      return stats.snapshot(index.sizeBytes(), index.count());
    } finally {
      lock.unlock();
    }
  }

  Optional<LifetimeStats> lifetimeStats() {
    lock.lock();
    try {
      ensureOpen();
      return Optional.of(stats.lifetime(index.sizeBytes(), index.count()));
    } finally {
      lock.unlock();
    }
  }

  /** Whether the lifetime counts may be written: the tier is open and the folder still its own. */
  private boolean mayWrite() {
    lock.lock();
    try {
      return !closed && folderLock.intact();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Closes the journal ({@link Journal#close}: with a {@code CLOSE} record unless files whose delete
   * still fails are left for the next open to count) and releases the folder.
   */
  void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      roomFreed.signalAll();
      IOException failure = null;
      boolean intact = folderLock.intact();
      if (intact) {
        files.retryDeletes();
      }
      stats.close(intact, settings.fsync() != FsyncPolicy.NEVER);
      try {
        places.close();
      } catch (IOException e) {
        failure = e;
      }
      try {
        // Segments first: a journal closed cleanly must point at content on the device.
        journal.close(intact, !files.allDeleted() || failure != null);
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
      try {
        folderLock.close();
      } catch (IOException e) {
        failure = failure == null ? e : failure;
      }
      if (failure != null) {
        throw new CacheException("closing disk tier folder " + layout.dir() + " failed: "
            + failure, failure);
      }
    } finally {
      lock.unlock();
    }
  }

  // -------------------------------------------------------------------------------------- helpers

  @GuardedBy("lock")
  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("disk tier " + layout.dir() + " is closed");
    }
    if (folderLock.isLost()) {
      health.folderLost();
      throw folderLock.lostFolder();
    }
  }

  /** Fails if the folder was deleted or replaced under the tier. Under the lock. */
  @GuardedBy("lock")
  private void requireFolder() {
    if (!folderLock.intact()) {
      health.folderLost();
      throw folderLock.lostFolder();
    }
  }

  /** Reads the clock only when entries can expire: a clock read is most of a hit's cost. */
  long now() {
    return settings.hasTtl() ? settings.clock().epochNanos() : 0;
  }

  boolean isExpired(Entry e, long now) {
    return settings.hasTtl() && now - e.writeNanos >= settings.ttlNanos();
  }
}
