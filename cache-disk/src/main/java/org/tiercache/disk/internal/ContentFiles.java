package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tier's content files: temporary files (which {@link EntryWriter} writes), moving them into
 * place, opening and deleting them, never through a symbolic link.
 *
 * <p><b>Links.</b> A content file is opened with {@code NOFOLLOW_LINKS}: a link in its place is never
 * read, whatever the tier's {@code verify} setting; the tier treats it as damage and deletes the link
 * (never what it points to). Before a temporary file is created, or content is moved into place or
 * deleted, the folder it goes in ({@code tmp}, {@code ab}) is checked with one {@code lstat}: a link
 * there fails the put, or leaves the file alone, instead of writing or deleting where the link points.
 * Reads do not check the two-digit folder, since that {@code lstat} would add a third to a small
 * read's cost: a two-digit folder replaced by a link while the tier runs can be read through (what is
 * read is still checked as {@code verify} says) until the next open refuses it. Only someone who can
 * write the folder, which is private by default, can plant such a link, and they could as well write
 * the content file itself.
 *
 * <p><b>Deletes that fail.</b> A content file whose delete fails (an I/O error, a file system gone
 * read-only) has already left the index, so it would sit on disk outside the accounting. It is kept in
 * a list and deleted again before the next eviction pass and at close; if it is still there at close,
 * the journal is closed without its clean-close record, so the next open checks the folder, where the
 * file is adopted back into the accounting (and checked against its key when read) or deleted. A
 * segment emptied of live records is deleted the same way, and one still there at close is deleted
 * by the next open, which deletes every segment no entry lies in.
 *
 * <p>Not thread-safe except where noted: the tier calls it under its lock.
 */
final class ContentFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ContentFiles.class);

  /** Deletes a file if it exists: {@link Files#deleteIfExists}, or a failing one in tests. */
  @FunctionalInterface
  interface Deleter {
    /**
     * Deletes the file, or the link, at {@code file}.
     *
     * @return whether there was one
     * @throws IOException if it cannot be deleted
     */
    boolean delete(Path file) throws IOException;
  }

  /** The deleter of a real tier. */
  static final Deleter FILES = Files::deleteIfExists;

  /** A temporary file just created, open for writing. */
  record TempFile(Path path, FileChannel channel) {}

  private final DiskLayout layout;
  private final FsyncPolicy fsync;
  private final Deleter deleter;
  /**
   * Content files whose entries are gone but whose delete failed. Guarded by itself: a retired
   * segment is deleted by its last reader ({@link SegmentFile#release}), outside the tier's lock.
   */
  private final Set<Path> undeleted = new LinkedHashSet<>();

  ContentFiles(DiskLayout layout, FsyncPolicy fsync, Deleter deleter) {
    this.layout = layout;
    this.fsync = fsync;
    this.deleter = deleter;
  }

  /**
   * Creates a temporary file with a fresh name, making {@code tmp} again if it was deleted. Safe
   * without the lock: names come from a counter.
   */
  TempFile newTempFile() throws IOException {
    ensureFolder(layout.tmpDir());
    while (true) {
      Path temp = layout.newTempFile();
      try {
        return new TempFile(temp, layout.modes().createFile(temp));
      } catch (FileAlreadyExistsException e) {
        // Someone else's file: take the next name.
      }
    }
  }

  /** Deletes a temporary file that will not be moved into place. Safe without the lock. */
  void deleteTemp(Path temp) {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      LOG.warn("could not delete temporary file {} (the next open will): {}", temp, e.toString());
    }
  }

  /** Moves a written temporary file to the key's name, replacing what was there. */
  void moveIntoPlace(Path temp, KeyBits key) throws IOException {
    Path target = layout.contentFile(key);
    ensureFolder(target.getParent());
    // A rename replaces a link at the target itself, never what it points to.
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    // An earlier file of this key that could not be deleted has just been replaced.
    synchronized (undeleted) {
      undeleted.remove(target);
    }
    if (fsync == FsyncPolicy.ALWAYS) {
      DiskLayout.forceFolder(target.getParent());
    }
  }

  /** Opens an entry's file for reading; a link in its place fails. */
  FileChannel open(Entry e) throws IOException {
    return FileChannel.open(layout.contentFile(e), StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS);
  }

  /** Says why {@link #open} failed, for the log line that reports the entry dropped. */
  String whyUnopened(Entry e, IOException failure) {
    if (failure instanceof NoSuchFileException) {
      return "its file is gone";
    }
    if (Files.isSymbolicLink(layout.contentFile(e))) {
      return "its file is a symbolic link, which the tier never follows (the link is deleted, not "
          + "what it points to)";
    }
    return "opening it failed: " + failure;
  }

  /** Deletes an entry's file, or remembers it to delete again if that fails. */
  void delete(Entry e) {
    delete(layout.contentFile(e), "content file");
  }

  /**
   * Deletes a segment that holds no live record any more ({@link PackedStore}), or remembers it to
   * delete again if that fails, as a content file: a segment left on disk would hold its bytes
   * outside the accounting until the next open.
   */
  void deleteSegment(Path segment) {
    delete(segment, "segment");
  }

  private void delete(Path file, String what) {
    synchronized (undeleted) {
      deleteListed(file, what);
    }
  }

  private void deleteListed(Path file, String what) {
    try {
      if (deleteIfInRealFolder(file)) {
        undeleted.remove(file);
      }
    } catch (IOException ex) {
      if (undeleted.add(file)) {
        LOG.warn("could not delete {} {} ({}); trying again at the next eviction and at close",
            what, file, ex.toString());
      }
    }
  }

  /** Deletes again the files whose delete failed; those that fail again stay listed. */
  void retryDeletes() {
    synchronized (undeleted) {
      for (Iterator<Path> it = undeleted.iterator(); it.hasNext(); ) {
        Path file = it.next();
        try {
          deleteIfInRealFolder(file);
          it.remove();
          LOG.info("deleted {} at last", file);
        } catch (IOException e) {
          // Still failing: kept for the next pass; the first failure was logged.
        }
      }
    }
  }

  /** Tells whether every file the tier meant to delete is gone. */
  boolean allDeleted() {
    synchronized (undeleted) {
      return undeleted.isEmpty();
    }
  }

  /**
   * Deletes a file unless its folder has become a link or a file.
   *
   * @return whether the folder was real (so the file is gone now), false if the file was left
   */
  private boolean deleteIfInRealFolder(Path file) throws IOException {
    BasicFileAttributes folder = DiskLayout.statNoFollow(file.getParent());
    if (folder != null && !folder.isDirectory()) {
      LOG.warn("left {} alone: {} is {}, and the tier never deletes through a link", file,
          file.getParent(), folder.isSymbolicLink() ? "a symbolic link" : "not a folder");
      return false;
    }
    deleter.delete(file);
    return true;
  }

  /** Makes one of the tier's folders if it is missing; fails if a link or a file is in its place. */
  private void ensureFolder(Path folder) throws IOException {
    BasicFileAttributes attributes = DiskLayout.statNoFollow(folder);
    if (attributes == null) {
      try {
        layout.modes().createFolder(folder);
        return;
      } catch (FileAlreadyExistsException e) {
        attributes = DiskLayout.statNoFollow(folder);
      }
    }
    if (attributes != null && !attributes.isDirectory()) {
      throw new FileSystemException(folder.toString(), null, attributes.isSymbolicLink()
          ? "is a symbolic link; the disk tier never writes through a link inside its folder"
          : "is not a folder");
    }
  }
}
