package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;

/**
 * Where entries' content lies, so that the tier need not care: a file of its own
 * ({@link ContentFiles}) or a record packed into a segment ({@link PackedStore}).
 *
 * <p>Everything here runs under the tier's lock; a packed entry is read without it, by {@link
 * PackedReads}.
 */
final class ContentPlaces implements AutoCloseable {
  /**
   * An entry's content opened under the lock, to be read without it: its file ({@code channel}),
   * or the segment it is packed in ({@code segment}, retained for the read).
   */
  record Opened(FileChannel channel, SegmentFile segment) {}

  private final DiskLayout layout;
  private final ContentFiles files;
  private final PackedStore packed;

  ContentPlaces(DiskLayout layout, ContentFiles files, PackedStore packed) {
    this.layout = layout;
    this.files = files;
    this.packed = packed;
  }

  /**
   * Opens an entry's content, so that what is read later is this entry's even if the key is put
   * again meanwhile.
   *
   * @throws IOException if the file or segment is gone or cannot be opened
   */
  Opened open(Entry e) throws IOException {
    if (!e.packed()) {
      return new Opened(files.open(e), null);
    }
    SegmentFile segment = packed.retainFile(e);
    if (segment == null) {
      throw new NoSuchFileException(packed.describe(e));
    }
    return new Opened(null, segment);
  }

  /** Says why {@link #open} failed, for the log line that drops the entry. */
  String whyUnopened(Entry e, IOException failure) {
    return e.packed() ? "its segment is gone" : files.whyUnopened(e, failure);
  }

  /** Records that an entry now lies at a packed location. */
  void committed(long location, long size) {
    packed.committed(location, size);
  }

  /** Deletes an entry's file, or lets its packed record go. */
  void delete(Entry e) {
    if (e.packed()) {
      packed.discarded(e);
    } else {
      files.delete(e);
    }
  }

  /** The entry and where its content lies, for log lines. */
  String describe(Entry e) {
    return e.packed() ? e.keyText() + " (" + where(e) + ")" : layout.describe(e);
  }

  /** Where an entry's content lies: its file, or its segment and offset. */
  String where(Entry e) {
    return e.packed() ? packed.describe(e) : layout.contentFile(e).toString();
  }

  /** Forces and lets go of the segments ({@link PackedStore#close}). */
  @Override
  public void close() throws IOException {
    packed.close();
  }
}
