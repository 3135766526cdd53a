package org.tiercache.disk.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.PutResult;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierHealth;
import org.tiercache.api.TierStats;

/**
 * The disk tier: each entry a file named by its digest, or (below {@code pack.below}) a record
 * packed into a segment file ({@link ContentPlaces}), found through an in-memory {@link EntryIndex}
 * that the {@link Journal} makes durable.
 *
 * <p><b>Concurrency.</b> One lock guards the index, the journal and every change of a name in the
 * folder. Content is written and read outside the lock: a put reserves its room under the lock,
 * writes without it, and takes the lock again to record it ({@link EntryWriter}, whose
 * {@link EntryWriter.Ledger} this class is); a get opens the entry's file or segment under the lock
 * (so what it reads is the entry's, not a later re-put's) and reads without it. A reader keeps
 * reading content evicted meanwhile: POSIX keeps a deleted file until its last reader closes it.
 *
 * <p><b>Room.</b> {@code index.sizeBytes() + reservedBytes <= capacity} always holds, so puts in
 * flight together cannot overshoot the capacity. A put that needs room that only other puts' still
 * unwritten content holds waits (on {@link #roomFreed}) for one of them to finish, then evicts it as
 * the least recently used, as a sequence of the same puts would.
 *
 * <p><b>Failures.</b> A put that cannot write its content fails with {@link CacheException}, having
 * given back its room; the tier goes on. A failed journal write fails no operation ({@link Journal}).
 * {@link #get} of content larger than {@link #LARGEST_BUFFER} throws {@link CacheException} having
 * counted nothing and changed no recency; {@link #openStream} reads it.
 *
 * <p><b>The folder.</b> The tier opens only a folder it owns ({@link FolderOwnership}), never follows
 * a link inside it ({@link ContentFiles}), and deletes only names it creates. If the folder is deleted
 * or replaced while the tier runs ({@link DirectoryLock#intact()}, checked before every change and
 * when a file is found missing), every later call fails with {@link CacheException}: writing on would
 * fork the cache with whichever tier opens the new folder.
 */
final class DiskTier implements CacheTier, EntryWriter.Ledger, PackedStore.Relocation {
  /** The largest content {@link #get} returns: the largest array most JVMs allocate. */
  static final long LARGEST_BUFFER = Integer.MAX_VALUE - 8;

  private static final Logger LOG = LoggerFactory.getLogger(DiskTier.class);

  private final DiskSettings settings;
  private final DiskLayout layout;
  private final DirectoryLock folderLock;
  private final DiskHealth health;
  private final ContentFiles files;
  private final ContentPlaces places;
  private final PackedStore packed;
  private final EntryWriter writer;
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

  private DiskTier(DiskSettings settings, DiskLayout layout, DirectoryLock folderLock,
      ContentFiles files, Recovery.Opened opened, LifetimeCounter.Background background) {
    this.settings = settings;
    this.layout = layout;
    this.folderLock = folderLock;
    this.files = files;
    this.index = opened.index();
    this.journal = opened.journal();
    this.places = new ContentPlaces(layout, files, opened.packed());
    this.packed = opened.packed();
    this.health = new DiskHealth(layout.dir(), settings.clock(), opened.repaired());
    this.writer = new EntryWriter(layout, files, opened.packed(), settings, health, this,
        this);
    this.stats = LifetimeCounter.open(new StatsFile(layout, files, settings.fsync()),
        Instant.ofEpochSecond(0, settings.clock().epochNanos()), background, this::mayWrite);
  }

  /**
   * Opens the folder the settings name, creating it if absent.
   *
   * @throws CacheException naming the folder if it is not the tier's to take (see
   *     {@link FolderOwnership}), cannot be made, written or locked, or recovery fails
   */
  static DiskTier open(DiskSettings settings) {
    return open(settings, ContentFiles.FILES, LifetimeCounter.DAEMON);
  }

  /**
   * Opens the folder, deleting content files with {@code deleter} and writing the lifetime counts
   * on {@code background} (tests inject both).
   */
  static DiskTier open(DiskSettings settings, ContentFiles.Deleter deleter,
      LifetimeCounter.Background background) {
    FileModes modes = FileModes.of(settings.access(), settings.dir().getFileSystem());
    FolderOwnership.Claim claim = FolderOwnership.claim(settings.dir(), modes);
    DiskLayout layout = new DiskLayout(claim.root(), modes);
    DirectoryLock folderLock = DirectoryLock.acquire(layout);
    Recovery.Opened opened;
    try {
      FolderOwnership.mark(claim, layout, settings.packBelow() > 0);
      opened = Recovery.open(layout, settings);
    } catch (IOException | RuntimeException e) {
      try {
        folderLock.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new CacheException("cannot open disk tier folder " + layout.dir() + ": " + e, e);
    }
    DiskTier tier = new DiskTier(settings, layout, folderLock,
        new ContentFiles(layout, settings.fsync(), deleter), opened, background);
    tier.lock.lock();
    try {
      // The capacity may have shrunk since the folder was last used.
      tier.makeRoom(0);
      tier.syncJournal();
    } finally {
      tier.lock.unlock();
    }
    return tier;
  }

  @Override
  public String id() {
    return DiskTierProvider.ID;
  }

  @Override
  public Set<TierCapability> capabilities() {
    return EnumSet.of(TierCapability.PERSISTENT, TierCapability.STREAMING, TierCapability.LISTING);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Lists from the tier's index, never from the folder, so the listing does not depend on how
   * content is filed. It takes the lock once to copy a reference to each entry of the index (4 or 8
   * bytes per entry, against the index's own 90 or so), then describes the entries lazily without
   * it: an entry removed or replaced after that moment is listed as it was, one put after it is not.
   *
   * @throws IllegalStateException if the tier is closed
   * @throws CacheException if the folder was deleted or replaced under the tier
   */
  @Override
  public Stream<EntryInfo> entries() {
    Entry[] snapshot;
    lock.lock();
    try {
      ensureOpen();
      snapshot = index.snapshot();
    } finally {
      lock.unlock();
    }
    return Arrays.stream(snapshot)
        .filter(e -> !isExpired(e, now()))
        .map(e -> EntryInfo.of(ContentKey.of(e.keyText()), e.size, e.writeNanos, id()));
  }

  // ---------------------------------------------------------------------------------------- reads

  @Override
  public ByteBuffer get(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    OpenedContent opened = openContent(KeyBits.of(key), LARGEST_BUFFER);
    if (opened == null) {
      return null;
    }
    Entry e = opened.entry();
    if (opened.content().segment() != null) {
      SegmentFile.Read read = readPacked(opened);
      return read == null ? null : read.content();
    }
    try (FileChannel channel = opened.content().channel()) {
      ContentCheck.Whole read = ContentCheck.readWhole(channel, e, settings.verify());
      if (read.damage() != null) {
        return damaged(e, read.damage());
      }
      stats.recordHit();
      return ByteBuffer.wrap(read.content()).asReadOnlyBuffer();
    } catch (IOException ex) {
      return damaged(e, "reading it failed: " + ex);
    }
  }

  @Override
  public InputStream openStream(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    OpenedContent opened = openContent(KeyBits.of(key), Long.MAX_VALUE);
    if (opened == null) {
      return null;
    }
    Entry e = opened.entry();
    if (opened.content().segment() != null) {
      SegmentFile.Read read = readPacked(opened);
      return read == null ? null : new ByteArrayInputStream(read.record(),
          SegmentFormat.RECORD_HEADER_BYTES, read.header().length());
    }
    FileChannel channel = opened.content().channel();
    try {
      long size = channel.size();
      if (size != e.size) {
        closeQuietly(channel);
        return damaged(e, "it has " + size + " bytes, not the " + e.size + " put");
      }
    } catch (IOException ex) {
      closeQuietly(channel);
      return damaged(e, "reading it failed: " + ex);
    }
    stats.recordHit();
    return new ContentStream(channel, e, ContentCheck.of(e, settings.verify()),
        why -> {
          dropDamaged(e, why);
          stats.recordDamaged();
        }, places.describe(e));
  }

  @Override
  public boolean contains(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    KeyBits bits = KeyBits.of(key);
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
   * The entry found by a get and its file, opened under the lock: a file of its own ({@code
   * channel}), or the segment it is packed in ({@code segment}, retained for the read).
   */
  private record OpenedContent(Entry entry, ContentPlaces.Opened content) {}

  /** Reads a packed entry without the lock: a hit, or damage as for a file ({@link #damaged}). */
  private SegmentFile.Read readPacked(OpenedContent opened) {
    ContentPlaces.PackedRead read = ContentPlaces.readPacked(opened.content(), opened.entry(),
        settings.verify());
    if (read.damage() != null) {
      return damaged(opened.entry(), read.damage());
    }
    stats.recordHit();
    return read.read();
  }

  /**
   * Finds a live entry, makes it the most recently used and opens its file; counts a miss and
   * returns {@code null} if there is none. An expired entry is reclaimed on the way; an entry whose
   * file has gone is dropped.
   *
   * @throws CacheException if the live entry is larger than {@code largest}, before anything is
   *     counted or touched
   */
  private OpenedContent openContent(KeyBits key, long largest) {
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

  /**
   * Reports content that failed a check: logs it, drops the entry if it is still the current one,
   * counts a miss and a damaged entry, and returns {@code null} for the caller.
   */
  private <T> T damaged(Entry e, String why) {
    dropDamaged(e, why);
    stats.recordMiss();
    stats.recordDamaged();
    return null;
  }

  private void dropDamaged(Entry e, String why) {
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
  public boolean put(ContentKey key, byte[] content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    return counted(writer.put(key, ByteBuffer.wrap(content))).stored();
  }

  /** Writes the buffer's remaining bytes straight to the file, with no copy on the heap. */
  @Override
  public boolean put(ContentKey key, ByteBuffer content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    return counted(writer.put(key, content)).stored();
  }

  /**
   * Writes the stream to a temporary file while digesting it, then stores it under its digest. Room
   * is reserved only once the size is known, at the end (see {@link EntryWriter}).
   */
  @Override
  public PutResult putStream(InputStream content, DigestAlgorithm algorithm) {
    Objects.requireNonNull(content, "content must not be null");
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    EntryWriter.Written written = counted(writer.putStream(content, algorithm));
    return new PutResult(written.key().toKey(), written.stored());
  }

  private EntryWriter.Written counted(EntryWriter.Written written) {
    if (written.stored()) {
      stats.recordPut();
    } else {
      stats.recordRejectedPut();
    }
    return written;
  }

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
  public void commit(KeyBits key, long size, int checksum, long location,
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
      syncJournal();
      health.putStored();
    } finally {
      lock.unlock();
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
      syncJournal();
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Forces the journal's moves (one fsync per segment compacted) unless the policy is never. */
  @Override
  public void walked(long segmentId) {
    lock.lock();
    try {
      if (!closed && (settings.fsync() == FsyncPolicy.NEVER || journal.force())) {
        packed.walked(segmentId);
      }
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------------------------- removals

  @Override
  public boolean remove(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    KeyBits bits = KeyBits.of(key);
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

  @Override
  public void clear() {
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

  @Override
  public long evictExpired() {
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

  @Override
  public long sizeBytes() {
    lock.lock();
    try {
      return index.sizeBytes();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long entryCount() {
    lock.lock();
    try {
      return index.count();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long capacityBytes() {
    return settings.capacityBytes();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Checks the folder is still the tier's (one {@code lstat}); see {@link DiskHealth} for the
   * rest.
   */
  @Override
  public TierHealth health() {
    lock.lock();
    try {
      return health.report(closed || folderLock.intact() ? null : folderLock.lostReason());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public TierStats stats() {
    lock.lock();
    try {
      return stats.snapshot(index.sizeBytes(), index.count());
    } finally {
      lock.unlock();
    }
  }

  /** Kept in {@code dir/tiercache-disk.stats}, written as {@link LifetimeCounter} says. */
  @Override
  public Optional<LifetimeStats> lifetimeStats() {
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
  @Override
  public void close() {
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

  @Override
  public String toString() {
    return "disk tier " + layout.dir();
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
  private long now() {
    return settings.hasTtl() ? settings.clock().epochNanos() : 0;
  }

  private boolean isExpired(Entry e, long now) {
    return settings.hasTtl() && now - e.writeNanos >= settings.ttlNanos();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Already replaced or failing: nothing more to do with it.
    }
  }
}
