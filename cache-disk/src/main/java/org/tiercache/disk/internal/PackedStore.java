package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Small content packed into {@linkplain SegmentFile segment files}, as Bitcask does: a put of a few
 * KiB costs one positional write into a file that is already open, instead of creating, renaming
 * and later deleting a file of its own.
 *
 * <p><b>Where an entry lies</b> is one long, its {@linkplain #location location}: the segment's id in
 * the top bits and the record's offset in the low 40 (segments up to 1 TiB, 16 million of them), kept
 * in the index's {@link Entry} and in the journal's {@code PACKED} record. The journal stays the one
 * truth about which entries exist; a segment only holds bytes, and a record no journal record points
 * to is dead space (a put that did not return, or content since removed).
 *
 * <p><b>Appends</b> take no tier lock: one segment is active at a time, and a put that finds it full
 * starts the next. A put first {@linkplain #append appends}, then records the entry under the tier's
 * lock ({@link #committed}) or, if it fails, gives up its record ({@link #aborted}).
 *
 * <p><b>Freeing space.</b> A segment that no longer holds a live entry (and takes no more appends,
 * and has no put in flight) is deleted. A segment less than half live (in record bytes) is compacted
 * ({@link #compact}): its live records are copied into the active segment; when its walk ends the
 * copies are made durable, the entries pointed at them with journal {@code MOVE} records (keeping
 * their recency and write time), and the segment deleted once those records are durable.
 * Compaction runs on putting threads, a bounded amount per put, so the dead space puts make is
 * reclaimed at the rate they make it, with no thread of its own. What it copies out of a segment is
 * less than half of what was written into it, so it never writes as much as the puts did ({@link
 * #copiedBytes} against {@link #putBytes}: a write amplification below 2).
 *
 * <p>Thread-safety: {@link #appendPut}, {@link #aborted}, {@link #compact} and {@link #forceWritten}
 * from any thread; everything else under the tier's lock.
 */
final class PackedStore implements AutoCloseable {
  private static final int OFFSET_BITS = 40;
  private static final long OFFSET_MASK = (1L << OFFSET_BITS) - 1;
  /** The largest offset a location holds: a segment is at most 1 TiB. */
  static final long MAX_OFFSET = OFFSET_MASK;
  /** The largest segment id a location holds (ids start at 1). */
  static final long MAX_SEGMENT_ID = (1L << (63 - OFFSET_BITS)) - 1;
  /** A pending count that takes no more appends: the segment is being given up. */
  private static final int RETIRED = Integer.MIN_VALUE;

  /** The tier's side of compaction: each call takes the tier's lock. */
  interface Relocation {
    /** Whether the index's entry for {@code key} lies at {@code location}. */
    boolean liesAt(KeyBits key, long location);

    /**
     * Points the entry for {@code key} at {@code to} if it still lies at {@code from}, keeping its
     * recency and write time, and journals the move ({@link PackedStore#moved}).
     *
     * @return whether it moved; if not, the copy at {@code to} is dead space
     */
    boolean move(KeyBits key, long from, long to);

    /**
     * Brings the copies appended so far to the device (with the journal) if the policy forces
     * anything, before the {@code MOVE} records pointing at them are written: a journal forced
     * later, by anyone, must not point at a copy the device may not hold.
     *
     * @return whether the copies are durable; if not, none of them may be moved to
     */
    boolean copiesDurable();

    /**
     * Ends a segment's walk: makes the journal's moves durable if the policy forces anything, then
     * lets the store free the segment ({@link PackedStore#walked}).
     */
    void walked(long segmentId);
  }

  /** A live record copied by compaction, its entry not yet pointed at the copy. */
  private record Copy(KeyBits key, long from, long to) {}

  /** One segment and what the store knows of it. */
  private static final class Segment {
    final SegmentFile file;
    /** Puts that appended here and have not yet committed or aborted; {@link #RETIRED} at the end. */
    final AtomicInteger pending = new AtomicInteger();
    /**
     * Record bytes (header and content) of the entries the index holds here, so that "less than
     * half live" compares like with like and bounds what compaction copies. Written under the
     * tier's lock; read by compaction without it.
     */
    volatile long liveBytes;
    /** Queued for compaction. Written under the tier's lock; read by compaction without it. */
    volatile boolean queued;
    /**
     * Compaction moved entries out and the journal's MOVE records are not yet known to be on the
     * device: deleting it now could lose them to a power loss. Under the tier's lock.
     */
    boolean movedUnforced;

    Segment(SegmentFile file) {
      this.file = file;
    }

    boolean tryBegin() {
      for (int n = pending.get(); n >= 0; n = pending.get()) {
        if (pending.compareAndSet(n, n + 1)) {
          return true;
        }
      }
      return false;
    }
  }

  private final DiskLayout layout;
  private final DiskSettings settings;
  /** Whether hits read segments through memory maps, shared by every segment of the tier. */
  private final SegmentMaps maps;
  /** Deletes the segments freed, and tries again those whose delete failed. */
  private final ContentFiles files;
  /** By id, so the oldest is the first ({@link #drainedByEviction}). */
  private final java.util.concurrent.ConcurrentSkipListMap<Long, Segment> segments =
      new java.util.concurrent.ConcurrentSkipListMap<>();
  /**
   * Whether the tier's last put had to evict to make room. Written under the tier's lock, read by
   * compaction without it.
   */
  private volatile boolean evicting;
  /** Segments that took their last append: freed once empty. */
  private final Queue<Segment> full = new ConcurrentLinkedQueue<>();
  /** Segments less than half live, to compact. */
  private final Queue<Segment> candidates = new ConcurrentLinkedQueue<>();
  /** One compaction at a time; a put that finds one running does not wait. */
  private final ReentrantLock compacting = new ReentrantLock();
  /** The segment being walked and the offset of its next record; under {@link #compacting}. */
  private Segment walking;
  private long cursor;
  /**
   * The walk's copies, moved to all at once when the walk ends (one device flush per segment
   * walked, not one per copy); under {@link #compacting}.
   */
  private final java.util.List<Copy> copies = new java.util.ArrayList<>();
  /** Record bytes appended by puts, and by compaction's copies: the write amplification. */
  private final java.util.concurrent.atomic.LongAdder putBytes =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder copiedBytes =
      new java.util.concurrent.atomic.LongAdder();
  private volatile boolean closed;
  private final Object rolling = new Object();
  private volatile Segment active;
  /** The id the next segment gets; under {@link #rolling}. */
  private long nextId;

  private PackedStore(DiskLayout layout, DiskSettings settings, SegmentMaps maps,
      ContentFiles files, long nextId) {
    this.layout = layout;
    this.settings = settings;
    this.maps = maps;
    this.files = files;
    this.nextId = nextId;
  }

  /**
   * The store of the segments recovery opened sealed ({@link SegmentRecovery}), each with the record
   * bytes of the index's entries in it; those less than half live are queued for compaction. Run
   * by recovery, which holds the folder's lock.
   *
   * @param files deletes the segments freed from now on
   * @param nextId the id the next segment gets: above every segment file found
   */
  static PackedStore recovered(DiskLayout layout, DiskSettings settings, SegmentMaps maps,
      ContentFiles files, long nextId, Map<Long, SegmentFile> sealed, Map<Long, Long> liveBytes) {
    PackedStore store = new PackedStore(layout, settings, maps, files, nextId);
    java.util.List<Segment> opened = new java.util.ArrayList<>(sealed.size());
    for (Map.Entry<Long, SegmentFile> e : sealed.entrySet()) {
      Segment segment = new Segment(e.getValue());
      segment.liveBytes = liveBytes.get(e.getKey());
      opened.add(segment);
    }
    for (Segment segment : opened) {
      store.segments.put(segment.file.id(), segment);
    }
    for (Segment segment : opened) {
      store.queueIfMostlyDead(segment);
    }
    return store;
  }

  /** The location of the record at {@code offset} in segment {@code segmentId}. */
  static long location(long segmentId, long offset) {
    return (segmentId << OFFSET_BITS) | offset;
  }

  static long segmentId(long location) {
    return location >>> OFFSET_BITS;
  }

  static long offset(long location) {
    return location & OFFSET_MASK;
  }

  /** Whether a number read from a journal can be a location. */
  static boolean isLocation(long location) {
    return location >= 0 && segmentId(location) >= 1;
  }

  /**
   * Appends a put's content to the active segment, starting a new one when it is full. It is handed
   * to the operating system, not forced: {@link SharedFlush} brings it to the device with the
   * journal.
   *
   * @param content its remaining bytes; the position is not changed
   * @return the record's location; the caller must then {@link #committed} or {@link #aborted} it
   * @throws IOException if the write failed (the record is dead space)
   */
  long appendPut(KeyBits key, long writeNanos, ByteBuffer content, int checksum)
      throws IOException {
    long location = append(key, writeNanos, content, checksum);
    putBytes.add(SegmentFormat.recordBytes(content.remaining()));
    return location;
  }

  /** How hits read segments, and how many took each path. */
  SegmentMaps maps() {
    return maps;
  }

  /** Record bytes appended by puts since the tier opened. */
  long putBytes() {
    return putBytes.sum();
  }

  /** Record bytes appended by compaction's copies since the tier opened. */
  long copiedBytes() {
    return copiedBytes.sum();
  }

  /**
   * Forces every segment written to since its last force ({@link SharedFlush}); from any thread.
   * A segment freed meanwhile holds nothing anyone needs.
   */
  void forceWritten() throws IOException {
    for (Segment segment : segments.values()) {
      try {
        segment.file.forceIfWritten();
      } catch (java.nio.channels.ClosedChannelException e) {
        if (segments.get(segment.file.id()) == segment) {
          throw e;
        }
      }
    }
  }

  private long append(KeyBits key, long writeNanos, ByteBuffer content, int checksum)
      throws IOException {
    while (true) {
      Segment segment = active;
      if (segment == null || !segment.tryBegin()) {
        roll(segment);
        continue;
      }
      SegmentFile.Appended appended;
      try {
        appended = segment.file.append(key, writeNanos, content, checksum);
      } catch (IOException | RuntimeException e) {
        segment.pending.decrementAndGet();
        throw e;
      }
      if (appended == null) {
        segment.pending.decrementAndGet();
        roll(segment);
        continue;
      }
      return location(segment.file.id(), appended.offset());
    }
  }

  /** Gives up the record of a put that will not commit: it is dead space. Any thread. */
  void aborted(long location) {
    Segment segment = segments.get(segmentId(location));
    if (segment != null) {
      segment.pending.decrementAndGet();
    }
  }

  /** Records that an entry of {@code size} bytes now lies at {@code location}. Under the lock. */
  void committed(long location, long size) {
    Segment segment = segments.get(segmentId(location));
    segment.liveBytes += SegmentFormat.recordBytes(size);
    segment.pending.decrementAndGet();
    freeEmptySegments();
  }

  /** Records that a packed entry is gone from the index. Under the lock. */
  void discarded(Entry e) {
    Segment segment = segments.get(segmentId(e.location));
    if (segment == null) {
      return;
    }
    segment.liveBytes -= SegmentFormat.recordBytes(e.size);
    if (segment != active) {
      freeIfEmpty(segment);
      queueIfMostlyDead(segment);
    }
  }

  /**
   * Records that compaction moved an entry's content from its old segment ({@code from}'s) to
   * {@code to}'s location. Under the lock.
   */
  void moved(Entry from, Entry to) {
    Segment old = segments.get(segmentId(from.location));
    if (old != null) {
      old.liveBytes -= SegmentFormat.recordBytes(from.size);
      old.movedUnforced = true;
    }
    committed(to.location, to.size);
  }

  /**
   * Ends the walk of a segment, once the journal's moves out of it are durable (or the policy
   * forces nothing): frees it if nothing lies in it any more. Under the lock.
   */
  void walked(long segmentId) {
    Segment segment = segments.get(segmentId);
    if (segment == null) {
      return; // freed meanwhile: every entry in it went
    }
    segment.movedUnforced = false;
    segment.queued = false;
    freeIfEmpty(segment);
  }

  /**
   * Copies live records out of segments that are less than half live into the active one, about
   * {@code budgetBytes} read (a live record costs its bytes, a dead one only its header, which is
   * all that is read of it), then frees each segment walked to its end. Run by a put
   * after its own record, outside the tier's lock, so that puts pay for the dead space they make:
   * with a budget of twice the put's size, a segment's garbage is reclaimed about as fast as it is
   * made. Does nothing if another thread is compacting.
   *
   * @throws IOException if a copy could not be appended (the walk stays where it was)
   */
  void compact(long budgetBytes, Relocation relocation) throws IOException {
    if (!compacting.tryLock()) {
      return;
    }
    try {
      long left = budgetBytes;
      while (left > 0 && !closed) {
        if (walking == null && !startWalk()) {
          return;
        }
        SegmentFormat.RecordHeader header =
            cursor < walking.file.end() ? headerQuietly(walking, cursor) : null;
        if (header == null) {
          // The end, or a record not whole (a hole a failed write left): no walk goes past it.
          finishWalk(relocation);
          continue;
        }
        long from = location(walking.file.id(), cursor);
        long bytes = SegmentFormat.recordBytes(header.length());
        KeyBits key = header.key();
        if (!relocation.liesAt(key, from)) {
          // Dead: passed over on its header alone, which its checksum vouches for.
          left -= SegmentFormat.RECORD_HEADER_BYTES;
          cursor += bytes;
          continue;
        }
        SegmentFile.Read read = readQuietly(walking, cursor);
        if (read == null) {
          // Its content does not match its checksum: no walk goes past it either.
          finishWalk(relocation);
          continue;
        }
        left -= bytes;
        long to = append(key, header.writeNanos(), read.content(), header.contentChecksum());
        copiedBytes.add(bytes);
        copies.add(new Copy(key, from, to));
        cursor += bytes;
      }
    } finally {
      compacting.unlock();
    }
  }

  /**
   * Ends a walk: makes its copies durable, points their entries at them (an entry put again or
   * removed meanwhile stays as it is, and its copy is dead space), then lets the tier free the
   * segment once the moves are durable. Under {@link #compacting}.
   */
  private void finishWalk(Relocation relocation) {
    long id = walking.file.id();
    walking = null;
    if (!copies.isEmpty()) {
      boolean durable = relocation.copiesDurable();
      for (Copy copy : copies) {
        if (!durable || !relocation.move(copy.key(), copy.from(), copy.to())) {
          aborted(copy.to());
        }
      }
      copies.clear();
    }
    relocation.walked(id);
  }

  private boolean startWalk() {
    Segment next = candidates.poll();
    if (next == null) {
      return false;
    }
    if (next == active || next.pending.get() != 0) {
      // Still taking appends, or one is in flight: its end is not final yet.
      candidates.add(next);
      return false;
    }
    if (!mostlyDead(next) || drainedByEviction(next)) {
      // Puts in flight when it was queued committed into it since: it is no longer worth copying.
      // From now on its live bytes only fall, so what a walk copies stays below half of it.
      next.queued = false;
      return false;
    }
    walking = next;
    cursor = SegmentFormat.FILE_HEADER_BYTES;
    return true;
  }

  private static SegmentFormat.RecordHeader headerQuietly(Segment segment, long offset) {
    try {
      return segment.file.headerAt(offset);
    } catch (IOException e) {
      // Freed meanwhile (every entry in it removed) or unreadable: nothing more to move.
      return null;
    }
  }

  private static SegmentFile.Read readQuietly(Segment segment, long offset) {
    try {
      return segment.file.readAt(offset);
    } catch (IOException e) {
      // Freed meanwhile (every entry in it removed) or unreadable: nothing more to move.
      return null;
    }
  }

  /** Queues a segment that is less than half live for compaction. Under the lock. */
  private void queueIfMostlyDead(Segment segment) {
    if (!segment.queued && mostlyDead(segment) && !drainedByEviction(segment)
        && segments.containsKey(segment.file.id())) {
      segment.queued = true;
      candidates.add(segment);
    }
  }

  /**
   * Tells the store whether the tier's last put had to evict. Under the tier's lock.
   */
  void evicting(boolean evicted) {
    evicting = evicted;
  }

  /**
   * Whether the segment is the oldest while the tier evicts: in a full tier, eviction takes entries
   * about in the order they were written, so the oldest segment is the one it is draining, and its
   * live records are the next to go. Copying them would be writing for nothing (0.4 to 0.7 bytes
   * copied per byte put, measured at 200,000 entries of 4 KiB). Left alone, it costs at most one
   * segment of dead space until eviction empties it, or it stops being the oldest.
   */
  private boolean drainedByEviction(Segment segment) {
    if (!evicting) {
      return false;
    }
    Map.Entry<Long, Segment> oldest = segments.firstEntry();
    return oldest != null && oldest.getValue() == segment && segment != active;
  }

  /** Whether a segment holds live records, but fewer than half of its record bytes. */
  private static boolean mostlyDead(Segment segment) {
    long used = segment.file.end() - SegmentFormat.FILE_HEADER_BYTES;
    long live = segment.liveBytes;
    return live > 0 && live * 2 < used;
  }

  /**
   * The file an entry's record lies in, with a reference taken for the read ({@link
   * SegmentFile#release} it when done), or {@code null} if the segment is gone. Under the lock.
   */
  SegmentFile retainFile(Entry e) {
    Segment segment = segments.get(segmentId(e.location));
    if (segment == null) {
      return null;
    }
    segment.file.retain();
    return segment.file;
  }

  /** Names where an entry lies, for messages: {@code segments/000...01 at offset 1234}. */
  String describe(Entry e) {
    return layout.segmentFile(segmentId(e.location)) + " at offset " + offset(e.location);
  }

  /**
   * Forces the segments this tier appended to (unless the policy is {@code never}), so that a clean
   * close leaves nothing the journal points to off the device, then lets every segment go; reads in
   * progress finish first. Under the lock, at the tier's close.
   *
   * @throws IOException if a force failed; every segment is let go all the same
   */
  @Override
  public void close() throws IOException {
    closed = true;
    IOException failure = null;
    if (settings.fsync() != FsyncPolicy.NEVER) {
      for (Segment segment : full) {
        failure = force(segment, failure);
      }
      if (active != null) {
        failure = force(active, failure);
      }
    }
    for (Segment segment : segments.values()) {
      segment.file.release();
    }
    segments.clear();
    full.clear();
    candidates.clear();
    active = null;
    if (failure != null) {
      throw failure;
    }
  }

  private IOException force(Segment segment, IOException failure) {
    if (segments.get(segment.file.id()) != segment) {
      return failure; // freed: deleted and let go, nothing of it to keep
    }
    try {
      segment.file.force();
      return failure;
    } catch (IOException e) {
      return failure == null ? e : failure;
    }
  }

  private void roll(Segment seen) throws IOException {
    synchronized (rolling) {
      if (active != seen) {
        return; // another put started the next segment meanwhile
      }
      if (closed) {
        throw new IOException("disk tier " + layout.dir() + " is closed");
      }
      if (nextId > MAX_SEGMENT_ID) {
        throw new IOException("disk tier " + layout.dir() + " has used every segment id");
      }
      if (DiskLayout.statNoFollow(layout.segmentsDir()) == null) {
        layout.modes().createFolder(layout.segmentsDir());
      }
      long id = nextId++;
      Segment next = new Segment(SegmentFile.create(layout.modes(), layout.segmentFile(id), id,
          settings.segmentBytes(), maps));
      segments.put(id, next);
      // Queued before it stops being active: a discard under the tier's lock may free it the moment
      // it is not, and a segment freed must not be queued after.
      if (seen != null) {
        full.add(seen);
      }
      active = next;
    }
  }

  /** Frees the full segments that hold nothing any more. Under the lock. */
  private void freeEmptySegments() {
    for (Segment segment : full) {
      freeIfEmpty(segment);
    }
  }

  private void freeIfEmpty(Segment segment) {
    if (segment == active || segment.liveBytes > 0 || segment.movedUnforced
        || !segment.pending.compareAndSet(0, RETIRED)) {
      return;
    }
    segments.remove(segment.file.id());
    full.remove(segment);
    // Deleted once a read in progress is done and its mapping unmapped, not under the reader,
    // through the tier's deleter: a failed delete is tried again at the next eviction pass and at
    // close, and the next open deletes a segment no entry lies in. Its id is never given again.
    segment.file.retire(files::deleteSegment);
  }
}
