package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One journal file being appended to (format in {@link JournalFormat}), or written afresh from the
 * index. When to write a fresh one is the {@link Journal}'s decision.
 *
 * <p>Records gather in a buffer. {@link #flush(boolean)} hands them to the operating system, after which a
 * process crash cannot lose them; the tier flushes before every put, remove or clear returns, so a
 * change that has returned survives a crash. {@code USE} records (recency) are only buffered: they
 * reach the file with the next change, when the buffer fills, or at close. A crash can therefore
 * forget the latest recency updates, never an entry.
 *
 * <p>Forcing to the device follows the {@link FsyncPolicy}; {@code PERIODIC} measures its interval
 * with {@link System#nanoTime()}, not the tier's clock, because it is about real durability.
 *
 * <p>Not thread-safe: the tier guards it with its lock.
 */
final class JournalFile implements AutoCloseable {
  private static final int BUFFER_BYTES = 64 * 1024;

  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private final CRC32C crc = new CRC32C();
  private final FsyncPolicy fsync;
  private final long fsyncIntervalNanos;
  /** Length of the file up to the last record handed to the OS. */
  private long writtenBytes;
  private long lastForceNanoTime = System.nanoTime();
  private long records;
  private boolean stale;

  private JournalFile(FileChannel channel, long writtenBytes, long records, DiskSettings settings) {
    this.channel = channel;
    this.writtenBytes = writtenBytes;
    this.records = records;
    this.fsync = settings.fsync();
    this.fsyncIntervalNanos = settings.fsyncIntervalNanos();
  }

  /**
   * Opens an existing, fully readable journal to append to it, and writes an {@code OPEN} record so
   * that a crash from now on is recognised as one.
   *
   * @param validBytes the journal's length, all of it records that replayed cleanly
   * @param records how many records it holds
   */
  static JournalFile append(DiskLayout layout, long validBytes, long records, DiskSettings settings)
      throws IOException {
    FileChannel channel = FileChannel.open(layout.journal(), StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);
    try {
      channel.truncate(validBytes);
      channel.position(validBytes);
      JournalFile journal = new JournalFile(channel, validBytes, records, settings);
      journal.marker(JournalFormat.OPEN);
      journal.flush(false);
      return journal;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Writes a new journal holding one {@code PUT} per entry, least recently used first (so replaying it
   * restores the recency order), and moves it over the old one atomically. A crash part-way leaves
   * the old journal in place and a temporary file that the next open deletes.
   */
  static JournalFile rewrite(DiskLayout layout, EntryIndex index, DiskSettings settings)
      throws IOException {
    Path temp = layout.journalTemp();
    FileChannel channel = layout.modes().createOrTruncate(temp);
    try {
      JournalFile journal = new JournalFile(channel, 0, 0, settings);
      JournalFormat.writeHeader(journal.buffer);
      index.forEachEldestFirst(journal::put);
      journal.writeOut();
      if (journal.stale) {
        throw new IOException("writing " + temp + " failed");
      }
      if (settings.fsync() != FsyncPolicy.NEVER) {
        channel.force(false);
      }
      Files.move(temp, layout.journal(), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
      if (settings.fsync() != FsyncPolicy.NEVER) {
        DiskLayout.forceFolder(layout.dir());
      }
      return journal;
    } catch (IOException | RuntimeException e) {
      channel.close();
      Files.deleteIfExists(temp);
      throw e;
    }
  }

  void put(Entry e) {
    makeRoom();
    JournalFormat.writePut(buffer, e, crc);
    records++;
  }

  void use(Entry e) {
    makeRoom();
    JournalFormat.writeKeyed(buffer, JournalFormat.USE, e, crc);
    records++;
  }

  void move(Entry e) {
    makeRoom();
    JournalFormat.writeMove(buffer, e, crc);
    records++;
  }

  void remove(Entry e) {
    makeRoom();
    JournalFormat.writeKeyed(buffer, JournalFormat.REMOVE, e, crc);
    records++;
  }

  void clear() {
    marker(JournalFormat.CLEAR);
  }

  long records() {
    return records;
  }

  /**
   * Tells whether a write has failed since this journal was made: records were lost, so the file no
   * longer matches the index, and it must be rewritten before it may be closed as clean.
   */
  boolean isStale() {
    return stale;
  }

  /**
   * Forces what was handed to the operating system, and nothing else: safe from any thread, while
   * the owner goes on appending under its lock (for {@link SharedFlush}).
   *
   * @throws java.nio.channels.ClosedChannelException if the file was closed (replaced or closed)
   */
  void forceWritten() throws IOException {
    channel.force(false);
  }

  /**
   * Hands the buffered records to the operating system, then forces them as the policy says.
   *
   * @param deferForce under {@code always}, leave the force to the caller's {@link SharedFlush}
   * @throws IOException if writing fails: the file is cut back to its last whole record (so later
   *     appends stay readable), the buffered records are dropped and the journal is stale
   */
  void flush(boolean deferForce) throws IOException {
    writeOut();
    switch (fsync) {
      case ALWAYS:
        if (!deferForce) {
          channel.force(false);
        }
        break;
      case PERIODIC:
        long now = System.nanoTime();
        if (now - lastForceNanoTime >= fsyncIntervalNanos) {
          channel.force(false);
          lastForceNanoTime = now;
        }
        break;
      default:
        break;
    }
  }

  /**
   * Writes the {@code CLOSE} record that marks a clean shutdown, forces the journal unless the policy
   * is {@code NEVER}, and closes it. A stale journal gets no {@code CLOSE}: the next open must check
   * the folder.
   */
  void closeCleanly() throws IOException {
    finish(!stale);
  }

  /**
   * Writes the buffered records and closes the journal without a {@code CLOSE} record, so that the
   * next open checks the folder against it: for files the tier left behind, such as content whose
   * delete failed.
   */
  void closeForFolderCheck() throws IOException {
    finish(false);
  }

  private void finish(boolean clean) throws IOException {
    try {
      if (clean) {
        marker(JournalFormat.CLOSE);
      }
      writeOut();
      if (fsync != FsyncPolicy.NEVER) {
        channel.force(false);
      }
    } finally {
      channel.close();
    }
  }

  /** Closes the file, writing nothing more: buffered records are dropped. */
  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void marker(byte type) {
    makeRoom();
    JournalFormat.writeMarker(buffer, type, crc);
    records++;
  }

  /** Makes room for one record; a write failure here only marks the journal stale. */
  private void makeRoom() {
    if (buffer.remaining() < JournalFormat.MAX_RECORD_BYTES) {
      try {
        writeOut();
      } catch (IOException e) {
        // Recorded in 'stale'; the Journal rewrites the file or leaves it to the next open.
      }
    }
  }

  private void writeOut() throws IOException {
    if (buffer.position() == 0) {
      return;
    }
    buffer.flip();
    try {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      writtenBytes = channel.position();
    } catch (IOException e) {
      stale = true;
      try {
        channel.truncate(writtenBytes);
        channel.position(writtenBytes);
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    } finally {
      buffer.clear();
    }
  }
}
