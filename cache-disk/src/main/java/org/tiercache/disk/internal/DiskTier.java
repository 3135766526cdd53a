package org.tiercache.disk.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
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
 * The disk tier: each entry a record packed into a segment file (content below {@code pack.below},
 * 64 KiB by default) or a file named by its digest ({@link ContentPlaces}), found through an
 * in-memory {@link EntryIndex} that the {@link Journal} makes durable.
 *
 * <p>This class is the {@link CacheTier} facade: it reads and writes content without a lock,
 * through the locked core, {@link DiskLedger} (index, journal, room, every change of a name in the
 * folder), and the {@link EntryWriter} (the one way content enters).
 *
 * <p><b>Failures.</b> A put that cannot write its content fails with {@link CacheException}, having
 * given back its room; the tier goes on. A failed journal write fails no operation ({@link Journal}).
 * {@link #get} of content larger than {@link #LARGEST_BUFFER} throws {@link CacheException} having
 * counted nothing and changed no recency; {@link #openStream} reads it.
 *
 * <p><b>The folder.</b> The tier opens only a folder it owns ({@link FolderOwnership}), never follows
 * a link inside it ({@link ContentFiles}), and deletes only names it creates.
 */
final class DiskTier implements CacheTier {
  /** The largest content {@link #get} returns: the largest array most JVMs allocate. */
  static final long LARGEST_BUFFER = Integer.MAX_VALUE - 8;

  private final DiskSettings settings;
  private final DiskLayout layout;
  private final DiskLedger ledger;
  private final ContentPlaces places;
  private final EntryWriter writer;
  private final LifetimeCounter stats;

  private DiskTier(DiskSettings settings, DiskLayout layout, DiskLedger ledger,
      ContentFiles files) {
    this.settings = settings;
    this.layout = layout;
    this.ledger = ledger;
    this.places = ledger.places();
    this.stats = ledger.counter();
    this.writer = new EntryWriter(layout, files, ledger.packed(), settings, ledger.health(),
        ledger, ledger);
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
    return open(settings, deleter, background, SharedFlush.PLAIN);
  }

  /** Opens the folder as above, the device flush of segments and journal wrapped by {@code flush}. */
  static DiskTier open(DiskSettings settings, ContentFiles.Deleter deleter,
      LifetimeCounter.Background background,
      java.util.function.UnaryOperator<GroupCommit.Flush> flush) {
    FileModes modes = FileModes.of(settings.access(), settings.dir().getFileSystem());
    FolderOwnership.Claim claim = FolderOwnership.claim(settings.dir(), modes);
    DiskLayout layout = new DiskLayout(claim.root(), modes);
    DirectoryLock folderLock = DirectoryLock.acquire(layout);
    ContentFiles files = new ContentFiles(layout, settings.fsync(), deleter);
    Recovery.Opened opened;
    try {
      FolderOwnership.mark(claim, layout, settings.packBelow() > 0);
      opened = Recovery.open(layout, settings, files);
    } catch (IOException | RuntimeException e) {
      try {
        folderLock.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new CacheException("cannot open disk tier folder " + layout.dir() + ": " + e, e);
    }
    DiskLedger ledger = new DiskLedger(settings, layout, folderLock, files, opened, background,
        flush);
    ledger.start();
    return new DiskTier(settings, layout, ledger, files);
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
    Entry[] snapshot = ledger.snapshot();
    return Arrays.stream(snapshot)
        .filter(e -> !ledger.isExpired(e, ledger.now()))
        .map(e -> EntryInfo.of(ContentKey.of(e.keyText()), e.size, e.writeNanos, id()));
  }

  // ---------------------------------------------------------------------------------------- reads

  @Override
  public ByteBuffer get(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    DiskLedger.OpenedContent opened = ledger.openContent(KeyBits.of(key), LARGEST_BUFFER);
    if (opened == null) {
      return null;
    }
    Entry e = opened.entry();
    if (opened.content().segment() != null) {
      PackedReads.Result read = readPacked(opened);
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
    DiskLedger.OpenedContent opened = ledger.openContent(KeyBits.of(key), Long.MAX_VALUE);
    if (opened == null) {
      return null;
    }
    Entry e = opened.entry();
    if (opened.content().segment() != null) {
      PackedReads.Result read = readPacked(opened);
      return read == null ? null
          : new ByteArrayInputStream(read.array(), read.offset(), read.length());
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
          ledger.dropDamaged(e, why);
          stats.recordDamaged();
        }, places.describe(e));
  }

  @Override
  public boolean contains(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    return ledger.contains(KeyBits.of(key));
  }

  /** Reads a packed entry without the lock: a hit, or damage as for a file ({@link #damaged}). */
  private PackedReads.Result readPacked(DiskLedger.OpenedContent opened) {
    PackedReads.Result read = PackedReads.read(opened.content().segment(), opened.entry(),
        settings.verify());
    if (read.damage() != null) {
      return damaged(opened.entry(), read.damage());
    }
    stats.recordHit();
    return read;
  }

  /**
   * Reports content that failed a check: logs it, drops the entry if it is still the current one,
   * counts a miss and a damaged entry, and returns {@code null} for the caller.
   */
  private <T> T damaged(Entry e, String why) {
    ledger.dropDamaged(e, why);
    stats.recordMiss();
    stats.recordDamaged();
    return null;
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

  // ------------------------------------------------------------------------------------- removals

  @Override
  public boolean remove(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    return ledger.remove(KeyBits.of(key));
  }

  @Override
  public void clear() {
    ledger.clear();
  }

  @Override
  public long evictExpired() {
    return ledger.evictExpired();
  }

  // ------------------------------------------------------------------------------------ occupancy

  @Override
  public long sizeBytes() {
    return ledger.sizeBytes();
  }

  @Override
  public long entryCount() {
    return ledger.entryCount();
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
    return ledger.report();
  }

  @Override
  public TierStats stats() {
    return ledger.stats();
  }

  /** Kept in {@code dir/tiercache-disk.stats}, written as {@link LifetimeCounter} says. */
  @Override
  public Optional<LifetimeStats> lifetimeStats() {
    return ledger.lifetimeStats();
  }

  /**
   * Closes the journal ({@link Journal#close}: with a {@code CLOSE} record unless files whose delete
   * still fails are left for the next open to count) and releases the folder.
   */
  @Override
  public void close() {
    ledger.close();
  }

  /** The locked core: for tests in this package. */
  DiskLedger ledger() {
    return ledger;
  }

  @Override
  public String toString() {
    return "disk tier " + layout.dir();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception ignored) {
      // Already replaced or failing: nothing more to do with it.
    }
  }
}
