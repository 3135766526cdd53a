package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * One segment file (format in {@link SegmentFormat}): records appended at its end by many threads
 * at once, read back by position, brought to the device when the tier's {@link SharedFlush} (group
 * commit of segments and journal together) or its close asks ({@link #forceIfWritten}).
 *
 * <p><b>Appends without a lock.</b> An append takes its range by moving the end forward atomically
 * and then writes there with a positional write, so puts of small entries do not queue behind each
 * other for the file, nor for the tier's lock. A write that fails leaves its range as a hole that
 * no index entry points to; the segment stays usable. Ranges are taken in order, so a segment never
 * holds interleaved bytes of two records.
 *
 * <p><b>Bounded.</b> A segment takes records until the next would pass its size limit, then refuses
 * ({@link #append} returns {@code null}) and the owner starts a new one. The first record of an
 * empty segment is always taken, so a record larger than the limit still finds a home.
 *
 * <p><b>Reads check where they land.</b> A read is given the key and length the index holds and
 * returns nothing unless the record header at that offset names that key and length with a valid
 * header checksum; the caller checks the content against the checksum as for any entry. A hit
 * copies its record out of the segment's memory map where it can ({@link #readMapped}, {@link
 * SegmentMapping}); the checks are then the caller's, on the copy.
 *
 * <p>Thread-safe.
 */
final class SegmentFile implements AutoCloseable {
  /**
   * Where an append put its record.
   *
   * @param offset the record's offset in the segment (its header's first byte)
   */
  record Appended(long offset) {}

  /**
   * A record read back.
   *
   * @param header its header
   * @param record the whole record, header and content; the content starts at
   *     {@link SegmentFormat#RECORD_HEADER_BYTES}
   */
  @SuppressWarnings("ArrayRecordComponent") // internal, never compared: a view for the reader
  record Read(SegmentFormat.RecordHeader header, byte[] record) {
    /** The content, read-only, without a copy. */
    ByteBuffer content() {
      return ByteBuffer.wrap(record, SegmentFormat.RECORD_HEADER_BYTES, header.length()).slice()
          .asReadOnlyBuffer();
    }
  }

  /** Told of each whole record found by {@link #scan}, in file order. */
  @FunctionalInterface
  interface RecordVisitor {
    void visit(long offset, SegmentFormat.RecordHeader header);
  }

  private static final int SCAN_BUFFER_BYTES = 1 << 20;

  private final long id;
  private final Path path;
  private final FileChannel channel;
  private final long limitBytes;
  private final AtomicLong end;
  private final boolean sealed;
  /** Set when an append found the segment full: it takes no more, so its size is final. */
  private volatile boolean full;
  private final SegmentMaps maps;
  /** Packed hits read here, or {@code null} when the tier reads with {@code pread} only. */
  private final SegmentMapping mapping;
  /** Set when the owner gave the segment up for good: the last reference deletes the file with it. */
  private volatile Consumer<Path> deleteWhenReleased;
  /**
   * Set after every append's write returns, cleared just before a force: a force that finds it
   * clear has nothing of this file to bring to the device.
   */
  private final AtomicBoolean written = new AtomicBoolean();
  /** The owner's reference and one per read in progress; the file closes when none is left. */
  private final AtomicInteger references = new AtomicInteger(1);

  private SegmentFile(long id, Path path, FileChannel channel, long end, long limitBytes,
      boolean sealed, SegmentMaps maps) {
    this.id = id;
    this.maps = maps;
    this.mapping = maps.mapping() ? new SegmentMapping(channel, path, maps) : null;
    this.sealed = sealed;
    this.path = path;
    this.channel = channel;
    this.limitBytes = limitBytes;
    this.end = new AtomicLong(end);
  }

  /**
   * Creates a new, empty segment whose hits are read as {@code maps} says; fails if anything (a
   * symbolic link included) holds the name.
   *
   * @param limitBytes the size past which it takes no more records
   */
  static SegmentFile create(FileModes modes, Path path, long id, long limitBytes,
      SegmentMaps maps) throws IOException {
    FileChannel channel = modes.createReadableFile(path);
    try {
      writeFully(channel, SegmentFormat.fileHeader(id), 0);
      return new SegmentFile(id, path, channel, SegmentFormat.FILE_HEADER_BYTES, limitBytes,
          false, maps);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Opens an existing segment to read it, never through a symbolic link. It takes no appends: a
   * tier that opens a folder appends to a new segment, so nothing it writes lands after a torn
   * record or in a hole a failed write left, and nothing that a journal points to is ever cut off.
   * Its hits are read as {@code maps} says.
   *
   * @throws IOException if the file is not a segment of this format with this id
   */
  static SegmentFile openSealed(Path path, long id, SegmentMaps maps) throws IOException {
    FileChannel channel = FileChannel.open(path, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS);
    try {
      long found = readHeader(channel, path);
      if (found != id) {
        throw new IOException(path + " is segment " + found + ", not " + id);
      }
      return new SegmentFile(id, path, channel, channel.size(), 0, true, maps);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  long id() {
    return id;
  }

  Path path() {
    return path;
  }

  /** Where the next record will go: the bytes taken so far, holes included. */
  long end() {
    return end.get();
  }

  /**
   * Appends one record: header and content in one positional write.
   *
   * @param content the content's remaining bytes; its position is not changed
   * @return where it went, or {@code null} if the segment is full or sealed (nothing was written)
   * @throws IOException if the write failed; its range stays a hole
   */
  Appended append(KeyBits key, long writeNanos, ByteBuffer content, int contentChecksum)
      throws IOException {
    if (sealed) {
      return null;
    }
    int length = content.remaining();
    long bytes = SegmentFormat.recordBytes(length);
    long offset;
    do {
      offset = end.get();
      if (offset + bytes > limitBytes && offset > SegmentFormat.FILE_HEADER_BYTES) {
        full = true;
        return null;
      }
    } while (!end.compareAndSet(offset, offset + bytes));
    // One buffer, so one system call: copying a small entry costs less than a second write.
    ByteBuffer record = ByteBuffer.allocate(Math.toIntExact(bytes));
    SegmentFormat.writeRecordHeader(record, key, writeNanos, length, contentChecksum);
    record.put(content.duplicate()).flip();
    writeFully(channel, record, offset);
    written.set(true);
    return new Appended(offset);
  }

  /**
   * Brings every append that returned before the call to the device, unless none was made since
   * the last force. Thread-safe; a failed force leaves the file to be forced again.
   */
  void forceIfWritten() throws IOException {
    if (!written.getAndSet(false)) {
      return;
    }
    try {
      channel.force(false);
    } catch (IOException | RuntimeException e) {
      written.set(true);
      throw e;
    }
  }

  /** Brings every append that returned to the device, outside group commit: at a clean close. */
  void force() throws IOException {
    channel.force(false);
  }

  /**
   * Reads the record at {@code offset} if it is {@code key}'s with {@code length} bytes of content.
   *
   * @return the record, or {@code null} if the bytes there are not that record (damage, a wrong
   *     offset, a file cut short)
   */
  Read read(long offset, KeyBits key, int length) throws IOException {
    ByteBuffer record = ByteBuffer.allocate(Math.toIntExact(SegmentFormat.recordBytes(length)));
    if (!readChecked(offset, key.md5(), key.d0(), key.d1(), key.d2(), key.d3(), length, record)) {
      return null;
    }
    return new Read(SegmentFormat.readRecordHeader(record), record.array());
  }

  /**
   * Reads an entry's record at {@code offset} into {@code into} with one positional read and
   * checks, where it was read and allocating nothing, that its header names the entry's key and
   * length behind a valid header checksum: a packed hit's read ({@link PackedReads}).
   *
   * @param into a buffer with room for the record, which is read from its position 0; on return
   *     its position is 0 and its limit the record's end, if the record was read whole
   * @return whether the bytes there are the entry's record (else damage, a wrong offset, a file cut
   *     short)
   */
  boolean readRecord(long offset, Entry e, ByteBuffer into) throws IOException {
    return readChecked(offset, e.md5, e.d0, e.d1, e.d2, e.d3, e.size, into);
  }

  /**
   * Copies the {@code length} bytes at {@code offset} (an entry's record) out of the segment's
   * mapping ({@link SegmentMapping}), or returns {@code null} if they are to be read with {@code
   * pread} ({@link #readRecord}): mapping off, or the bytes not inside the mapping. Nothing is
   * checked: the caller checks the copy.
   *
   * @throws IOException if the mapped bytes are gone (the file was cut short under the tier)
   */
  byte[] readMapped(long offset, int length) throws IOException {
    if (mapping == null) {
      maps.countPread();
      return null;
    }
    return mapping.read(offset, length, end.get(), !sealed && !full);
  }

  private boolean readChecked(long offset, boolean md5, long d0, long d1, long d2, long d3,
      long length, ByteBuffer into) throws IOException {
    into.clear().limit(Math.toIntExact(SegmentFormat.recordBytes(length)));
    if (!readFully(channel, into, offset)) {
      return false;
    }
    into.flip();
    return SegmentFormat.headerNames(into, md5, d0, d1, d2, d3, length);
  }

  /**
   * Reads the header of the record at {@code offset}, checking its checksum: for compaction, which
   * passes over a dead record without reading its content.
   *
   * @return the header, or {@code null} if the bytes there are not a whole record header
   */
  SegmentFormat.RecordHeader headerAt(long offset) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(SegmentFormat.RECORD_HEADER_BYTES);
    return readFully(channel, header, offset) ? SegmentFormat.readRecordHeader(header.flip())
        : null;
  }

  /**
   * Reads the record at {@code offset} whatever it holds, checking its header and content
   * checksums: for compaction, which walks a segment record by record.
   *
   * @return the record, or {@code null} if the bytes there are not a whole record
   */
  Read readAt(long offset) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(SegmentFormat.RECORD_HEADER_BYTES);
    if (!readFully(channel, header, offset)) {
      return null;
    }
    SegmentFormat.RecordHeader found = SegmentFormat.readRecordHeader(header.flip());
    if (found == null) {
      return null;
    }
    // The header is read and checked once; only the content is read after it.
    ByteBuffer record = ByteBuffer.allocate(Math.toIntExact(
        SegmentFormat.recordBytes(found.length())));
    record.put(header.rewind());
    if (!readFully(channel, record, offset + SegmentFormat.RECORD_HEADER_BYTES)) {
      return null;
    }
    CRC32C crc = new CRC32C();
    crc.update(record.array(), SegmentFormat.RECORD_HEADER_BYTES, found.length());
    return (int) crc.getValue() == found.contentChecksum()
        ? new Read(found, record.array()) : null;
  }

  /**
   * Reads a segment from its first record to the first one that is not whole (a bad header, content
   * not matching its checksum, the file's end inside a record), telling {@code visitor} of each.
   *
   * @return where the last whole record ends
   * @throws IOException if the file cannot be read or its header is not a segment's
   */
  static long scan(Path path, RecordVisitor visitor) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS)) {
      readHeader(channel, path);
      long size = channel.size();
      long offset = SegmentFormat.FILE_HEADER_BYTES;
      ByteBuffer header = ByteBuffer.allocate(SegmentFormat.RECORD_HEADER_BYTES);
      ByteBuffer chunk = ByteBuffer.allocate(SCAN_BUFFER_BYTES);
      CRC32C crc = new CRC32C();
      while (offset + SegmentFormat.RECORD_HEADER_BYTES <= size) {
        header.clear();
        if (!readFully(channel, header, offset)) {
          break;
        }
        SegmentFormat.RecordHeader found = SegmentFormat.readRecordHeader(header.flip());
        if (found == null) {
          break;
        }
        long contentStart = offset + SegmentFormat.RECORD_HEADER_BYTES;
        if (contentStart + found.length() > size
            || !contentMatches(channel, contentStart, found, chunk, crc)) {
          break;
        }
        visitor.visit(offset, found);
        offset = contentStart + found.length();
      }
      return offset;
    }
  }

  /**
   * Takes a reference for a read, so that the file stays open until the read is done even if the
   * owner gives the segment up meanwhile. Only while the owner's reference is held.
   */
  void retain() {
    references.incrementAndGet();
  }

  /**
   * Gives a reference back (a read's, or at the end the owner's); the last one unmaps the segment,
   * closes the file and, if the owner {@linkplain #retire retired} it, deletes it, in that order (a
   * mapped file cannot be deleted on Windows; elsewhere its space would stay taken until the
   * unmap). A failure to close is ignored: the file was only read, or is being given up.
   */
  void release() {
    if (references.decrementAndGet() != 0) {
      return;
    }
    if (mapping != null) {
      mapping.close();
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing was left to write: appends had returned before the owner let go.
    }
    Consumer<Path> delete = deleteWhenReleased;
    if (delete != null) {
      delete.accept(path);
    }
  }

  /**
   * Gives the owner's reference up for good: the segment holds nothing anyone needs, and its file
   * is deleted once the reads in progress are done ({@link #release}), by {@code delete}, which may
   * run on the thread of that last reader.
   */
  void retire(Consumer<Path> delete) {
    deleteWhenReleased = delete;
    release();
  }

  /**
   * Closes the file at once; appends and {@code pread}s in progress fail. A mapped read in progress
   * finishes first: its mapping is unmapped by the last reader.
   */
  @Override
  public void close() throws IOException {
    if (mapping != null) {
      mapping.close();
    }
    channel.close();
  }

  private static boolean contentMatches(FileChannel channel, long start,
      SegmentFormat.RecordHeader header, ByteBuffer chunk, CRC32C crc) throws IOException {
    crc.reset();
    long position = start;
    long left = header.length();
    while (left > 0) {
      chunk.clear().limit((int) Math.min(chunk.capacity(), left));
      if (!readFully(channel, chunk, position)) {
        return false;
      }
      crc.update(chunk.flip());
      position += chunk.limit();
      left -= chunk.limit();
    }
    return (int) crc.getValue() == header.contentChecksum();
  }

  private static long readHeader(FileChannel channel, Path path) throws IOException {
    ByteBuffer header = ByteBuffer.allocate(SegmentFormat.FILE_HEADER_BYTES);
    long id = readFully(channel, header, 0) ? SegmentFormat.readFileHeader(header.flip()) : -1;
    if (id < 0) {
      throw new IOException(path + " is not a tiercache disk segment of format "
          + SegmentFormat.VERSION);
    }
    return id;
  }

  private static void writeFully(FileChannel channel, ByteBuffer bytes, long position)
      throws IOException {
    long at = position;
    while (bytes.hasRemaining()) {
      at += channel.write(bytes, at);
    }
  }

  /** Fills {@code into} from {@code position}; false if the file ends first. */
  private static boolean readFully(FileChannel channel, ByteBuffer into, long position)
      throws IOException {
    long at = position;
    while (into.hasRemaining()) {
      int n = channel.read(into, at);
      if (n < 0) {
        return false;
      }
      at += n;
    }
    return true;
  }
}
