package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Rebuilds an {@link EntryIndex} by reading the journal from the start, stopping at the first record
 * that cannot be read (a torn tail after a crash, or damage anywhere).
 *
 * <p>Every record before that point is kept, so damage costs only what follows it, never the whole
 * cache as in DiskLruCache; recovery then checks the folder, which brings back the content files that
 * the lost records described (see {@link Recovery}). Resynchronising past the damage was not
 * attempted: the folder already holds the truth about what exists, and guessing where the next record
 * starts could misread bytes as a record.
 */
final class JournalReplay {
  private static final int READ_BYTES = 256 * 1024;

  /**
   * What the replay found.
   *
   * @param records whole records read
   * @param validBytes length of the readable prefix
   * @param fileBytes length of the file
   * @param cleanlyClosed whether the file is wholly readable and its last record is {@code CLOSE}
   * @param damage why reading stopped early, or {@code null} if the whole file was read
   */
  record Outcome(long records, long validBytes, long fileBytes, boolean cleanlyClosed,
      String damage) {
    static final Outcome MISSING = new Outcome(0, 0, 0, false, "no journal");

    /** Whether there was no journal at all (not an empty or damaged one). */
    boolean missing() {
      return equals(MISSING);
    }

    boolean readable() {
      return damage == null;
    }
  }

  private final EntryIndex index;
  private final CRC32C crc = new CRC32C();
  private final ByteBuffer buffer = ByteBuffer.allocate(READ_BYTES);
  private FileChannel channel;
  /** File offset of the buffer's first byte. */
  private long bufferStart;

  private JournalReplay(EntryIndex index) {
    this.index = index;
  }

  /** Reads the journal at {@code file} into {@code index}, which is empty. */
  static Outcome replay(Path file, EntryIndex index) throws IOException {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return Outcome.MISSING;
    }
    try (channel) {
      JournalReplay replay = new JournalReplay(index);
      replay.channel = channel;
      return replay.run(channel.size());
    }
  }

  private Outcome run(long fileBytes) throws IOException {
    buffer.limit(0);
    if (!fill(JournalFormat.HEADER_BYTES) || !JournalFormat.isHeader(buffer)) {
      return new Outcome(0, 0, fileBytes, false, "no valid header");
    }
    long records = 0;
    byte lastType = 0;
    String damage = null;
    while (true) {
      if (!fill(1)) {
        break;
      }
      long offset = bufferStart + buffer.position();
      if (!fill(JournalFormat.FRAME_BYTES)) {
        damage = "torn record at offset " + offset;
        break;
      }
      int start = buffer.position();
      int bodyLength = buffer.getInt(start);
      if (bodyLength < 1 || bodyLength > JournalFormat.MAX_BODY_BYTES) {
        damage = "impossible record length " + bodyLength + " at offset " + offset;
        break;
      }
      if (!fill(JournalFormat.FRAME_BYTES + bodyLength)) {
        damage = "torn record at offset " + offset;
        break;
      }
      start = buffer.position();
      int stored = buffer.getInt(start + 4);
      if (JournalFormat.checksum(buffer, start, bodyLength, crc) != stored) {
        damage = "checksum mismatch at offset " + offset;
        break;
      }
      buffer.position(start + JournalFormat.FRAME_BYTES);
      byte type = buffer.get();
      int flags = JournalFormat.hasKey(type) && bodyLength > 1 ? buffer.get(buffer.position()) : 0;
      boolean md5 = (flags & JournalFormat.FLAG_MD5) != 0;
      if (JournalFormat.bodyLength(type, md5) != bodyLength) {
        damage = "record of type " + type + " with length " + bodyLength + " at offset " + offset;
        break;
      }
      apply(type, md5, (flags & JournalFormat.FLAG_CHECKSUM) != 0);
      buffer.position(start + JournalFormat.FRAME_BYTES + bodyLength);
      records++;
      lastType = type;
    }
    long validBytes = bufferStart + buffer.position();
    return new Outcome(records, validBytes, fileBytes,
        damage == null && lastType == JournalFormat.CLOSE, damage);
  }

  private void apply(byte type, boolean md5, boolean checksumKnown) {
    if (type == JournalFormat.CLEAR) {
      index.clear();
      return;
    }
    if (!JournalFormat.hasKey(type)) {
      return; // OPEN, CLOSE: markers only
    }
    buffer.get(); // flags, already read
    KeyBits key = KeyBits.read(buffer, md5);
    Entry existing = index.get(key);
    switch (type) {
      case JournalFormat.PUT:
      case JournalFormat.PACKED:
        long size = buffer.getLong();
        long writeNanos = buffer.getLong();
        int checksum = buffer.getInt();
        long location = type == JournalFormat.PACKED ? buffer.getLong() : Entry.OWN_FILE;
        if (existing != null) {
          index.remove(existing);
        }
        if (size >= 0 && (location == Entry.OWN_FILE || PackedStore.isLocation(location))) {
          index.add(new Entry(key, size, writeNanos, checksum, checksumKnown, location));
        }
        break;
      case JournalFormat.USE:
        if (existing != null) {
          index.touch(existing);
        }
        break;
      case JournalFormat.MOVE:
        long moved = buffer.getLong();
        if (existing != null && PackedStore.isLocation(moved)) {
          // In place: a move is no use, and the entry keeps its recency and write time.
          index.replace(existing, existing.movedTo(moved));
        }
        break;
      default: // REMOVE
        if (existing != null) {
          index.remove(existing);
        }
        break;
    }
  }

  /**
   * Makes at least {@code needed} bytes available from the buffer's position, reading more of the
   * file if needed.
   *
   * @return {@code false} if the file ends first
   */
  private boolean fill(int needed) throws IOException {
    while (buffer.remaining() < needed) {
      bufferStart += buffer.position();
      buffer.compact();
      int n = channel.read(buffer);
      buffer.flip();
      if (n < 0) {
        return buffer.remaining() >= needed;
      }
    }
    return true;
  }
}
