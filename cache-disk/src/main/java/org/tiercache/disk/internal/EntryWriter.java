package org.tiercache.disk.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;

/**
 * The one way content enters the tier, for a put of an array, a buffer or a stream alike: a
 * temporary file written without the tier's lock, forced if the policy is {@code always}, then moved
 * into place and recorded under the lock. On any failure, at any step, the temporary file is deleted
 * and the room given back; a failure to write is a {@link CacheException} naming the folder.
 *
 * <p><b>Room.</b> Content whose size is known reserves its room before it is written, so that puts in
 * flight together never overshoot the capacity on disk. A stream's size is known only at its end, so
 * it reserves then: until then its temporary file is outside the capacity, and past the capacity it is
 * emptied and stops growing while the stream is still read for its key.
 *
 * <p><b>The seam.</b> The steps that change the tier's accounting are the {@link Ledger}'s; where the
 * bytes go (a file per entry, named by its digest) is this class's alone, so that storing small
 * entries elsewhere (several to a file) changes this class and the ledger's placement, not the puts.
 *
 * <p>Thread-safe: it holds no state of its own between puts.
 */
final class EntryWriter {
  private static final Logger LOG = LoggerFactory.getLogger(EntryWriter.class);
  private static final int COPY_BYTES = 64 * 1024;

  /** The tier's side of a put: each step takes the tier's lock. */
  interface Ledger {
    /**
     * Fails if the tier can take no put now (closed, or its folder lost), before anything is
     * written.
     */
    void checkWritable();

    /**
     * Takes room for content about to be stored under {@code key}, dropping the key's current entry
     * and evicting as needed; may wait for other puts to finish.
     */
    void reserve(KeyBits key, long size);

    /**
     * Runs {@code place} to put the written content at its final name, then records the entry; the
     * reservation of {@code size} ends. Fails, having recorded nothing, if {@code place} does.
     *
     * @param location where packed content lies ({@link PackedStore#location}), or {@link
     *     Entry#OWN_FILE} for a file of its own
     * @return what to wait for, without the lock, before the put may return ({@link #awaitDurable})
     */
    Committed commit(KeyBits key, long size, int checksum, long location, Placement place)
        throws IOException;

    /**
     * Returns once the committed entry's record (and its content, if packed) is on the device as
     * the policy requires: under {@code always}, with a flush shared by concurrent puts ({@link
     * SharedFlush}). If that flush failed, drops the entry (if still the key's) and throws: the
     * put is not reported as stored.
     */
    void awaitDurable(Committed committed) throws IOException;

    /** Gives back the room of a put that did not commit. */
    void release(long size);
  }

  /**
   * An entry recorded by {@link Ledger#commit}, and the {@link SharedFlush} ticket to wait for
   * (0: nothing to wait for).
   */
  record Committed(Entry entry, long ticket) {}

  /** Moves written content to its final name; run by the ledger under the tier's lock. */
  @FunctionalInterface
  interface Placement {
    void place() throws IOException;
  }

  /**
   * What a put wrote.
   *
   * @param key the content's key, given or computed while writing
   * @param size how many bytes the content has
   * @param stored whether the tier now holds it; {@code false} if it is larger than the capacity
   */
  record Written(KeyBits key, long size, boolean stored) {}

  /** The content of one put: what is known before writing, and how to write it. */
  private interface Source {
    /** The key, or {@code null} if it is computed while writing. */
    KeyBits key();

    /** The size, or -1 if it is known only at the end. */
    long size();

    /** Writes the content to {@code out}; past {@code limit} bytes, keeps no more of it. */
    Content writeTo(FileChannel out, long limit) throws IOException;
  }

  /** What writing found: the key and checksum, and whether the content passed the limit. */
  private record Content(KeyBits key, long size, int checksum, boolean tooLarge) {}

  private final DiskLayout layout;
  private final ContentFiles files;
  private final PackedStore packed;
  private final DiskSettings settings;
  private final DiskHealth health;
  private final Ledger ledger;
  private final PackedStore.Relocation relocation;

  EntryWriter(DiskLayout layout, ContentFiles files, PackedStore packed, DiskSettings settings,
      DiskHealth health, Ledger ledger, PackedStore.Relocation relocation) {
    this.relocation = relocation;
    this.layout = layout;
    this.files = files;
    this.packed = packed;
    this.settings = settings;
    this.health = health;
    this.ledger = ledger;
  }

  /**
   * Stores a buffer's remaining bytes under a key, written straight from the buffer (no copy on the
   * heap). The buffer's position is not changed.
   */
  Written put(ContentKey key, ByteBuffer content) {
    KeyBits bits = KeyBits.of(key);
    long size = content.remaining();
    if (size > settings.capacityBytes()) {
      return new Written(bits, size, false);
    }
    ByteBuffer source = content.duplicate();
    if (settings.packs(size)) {
      return writePacked(bits, source, "putting " + key + " into");
    }
    return write(new Source() {
      @Override
      public KeyBits key() {
        return bits;
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public Content writeTo(FileChannel out, long limit) throws IOException {
        CRC32C checksum = ContentCheck.newChecksum();
        checksum.update(source.duplicate());
        while (source.hasRemaining()) {
          out.write(source);
        }
        return new Content(bits, size, (int) checksum.getValue(), false);
      }
    }, "putting " + key + " into");
  }

  /**
   * Stores a stream under the digest of its content, computed while it is written. The stream is
   * read to its end and not closed. With packing, up to {@code pack.below} bytes are read first:
   * a stream that ends before is packed like a put of an array; a longer one goes on into a file,
   * those bytes first, never holding more than them.
   */
  Written putStream(InputStream content, DigestAlgorithm algorithm) {
    InputStream rest = content;
    if (settings.packBelow() > 0) {
      byte[] head;
      try {
        head = content.readNBytes(Math.toIntExact(settings.packBelow()));
      } catch (IOException e) {
        health.putFailed(e);
        throw new CacheException("reading content or writing it into disk tier folder "
            + layout.dir() + " failed: " + e, e);
      }
      if (settings.packs(head.length)) {
        KeyBits key = KeyBits.ofDigest(algorithm == DigestAlgorithm.MD5,
            algorithm.newDigest().digest(head));
        if (head.length > settings.capacityBytes()) {
          return new Written(key, head.length, false);
        }
        return writePacked(key, ByteBuffer.wrap(head), "putting " + key.toKey() + " into");
      }
      rest = new SequenceInputStream(new ByteArrayInputStream(head), content);
    }
    InputStream stream = rest;
    return write(new Source() {
      @Override
      public KeyBits key() {
        return null;
      }

      @Override
      public long size() {
        return -1;
      }

      @Override
      public Content writeTo(FileChannel out, long limit) throws IOException {
        MessageDigest digest = algorithm.newDigest();
        CRC32C checksum = ContentCheck.newChecksum();
        long size = 0;
        boolean tooLarge = false;
        byte[] chunk = new byte[COPY_BYTES];
        for (int n; (n = stream.read(chunk)) != -1; ) {
          digest.update(chunk, 0, n);
          size += n;
          if (!tooLarge && size > limit) {
            tooLarge = true;
            out.truncate(0);
          }
          if (!tooLarge) {
            checksum.update(chunk, 0, n);
            ByteBuffer bytes = ByteBuffer.wrap(chunk, 0, n);
            while (bytes.hasRemaining()) {
              out.write(bytes);
            }
          }
        }
        KeyBits key = KeyBits.ofDigest(algorithm == DigestAlgorithm.MD5, digest.digest());
        return new Content(key, size, (int) checksum.getValue(), tooLarge);
      }
    }, "reading content or writing it into");
  }

  /**
   * The write path of small content: reserve, append to a segment (without the tier's lock), record,
   * then wait for the device if {@code fsync=always} (one flush of segments and journal shared with
   * concurrent puts); on any failure give the room and the record back.
   */
  private Written writePacked(KeyBits key, ByteBuffer content, String doing) {
    long size = content.remaining();
    boolean reserved = false;
    long location = Entry.OWN_FILE;
    boolean committed = false;
    try {
      ledger.reserve(key, size);
      reserved = true;
      CRC32C checksum = ContentCheck.newChecksum();
      checksum.update(content.duplicate());
      int crc = (int) checksum.getValue();
      location = packed.appendPut(key, settings.clock().epochNanos(), content, crc);
      Committed done = ledger.commit(key, size, crc, location, () -> { });
      committed = true;
      // Before waiting: a walk's copies ended by this put share its flush.
      compactAfter(size);
      ledger.awaitDurable(done);
      return new Written(key, size, true);
    } catch (IOException e) {
      health.putFailed(e);
      throw new CacheException(doing + " disk tier folder " + layout.dir() + " failed: " + e, e);
    } finally {
      if (!committed) {
        if (reserved) {
          ledger.release(size);
        }
        if (location != Entry.OWN_FILE) {
          packed.aborted(location);
        }
      }
    }
  }

  /**
   * Lets the put pay for the dead space puts make ({@link PackedStore#compact}): twice its size of
   * records walked. Its own content is stored whatever happens here.
   */
  private void compactAfter(long size) {
    try {
      packed.compact(2 * SegmentFormat.recordBytes(size), relocation);
    } catch (IOException | RuntimeException e) {
      LOG.warn("compacting the segments of disk tier {} failed ({}); it goes on with the next put",
          layout.dir(), e.toString());
    }
  }

  /**
   * The write path: reserve (known size) or check the tier is writable, write a temporary file,
   * force it as the policy says, reserve (size found at the end), move it into place and record it;
   * on any failure delete the file and give back the room.
   */
  private Written write(Source source, String doing) {
    long reserved = -1;
    Path temp = null;
    boolean committed = false;
    try {
      if (source.size() >= 0) {
        ledger.reserve(source.key(), source.size());
        reserved = source.size();
      } else {
        ledger.checkWritable();
      }
      ContentFiles.TempFile file = files.newTempFile();
      temp = file.path();
      Content written;
      try (FileChannel out = file.channel()) {
        written = source.writeTo(out, settings.capacityBytes());
        if (!written.tooLarge() && settings.fsync() == FsyncPolicy.ALWAYS) {
          out.force(true);
        }
      }
      if (written.tooLarge()) {
        return new Written(written.key(), written.size(), false);
      }
      if (reserved < 0) {
        ledger.reserve(written.key(), written.size());
        reserved = written.size();
      }
      Path placed = temp;
      Committed done = ledger.commit(written.key(), written.size(), written.checksum(),
          Entry.OWN_FILE, () -> files.moveIntoPlace(placed, written.key()));
      committed = true;
      ledger.awaitDurable(done);
      return new Written(written.key(), written.size(), true);
    } catch (IOException e) {
      health.putFailed(e);
      throw new CacheException(doing + " disk tier folder " + layout.dir() + " failed: " + e, e);
    } finally {
      if (!committed) {
        if (reserved >= 0) {
          ledger.release(reserved);
        }
        if (temp != null) {
          files.deleteTemp(temp);
        }
      }
    }
  }
}
