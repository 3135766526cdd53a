package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheException;

/**
 * The exclusive hold a tier has on its folder, through an operating-system lock on
 * {@code dir/.lock}, and the way the tier notices that it lost the folder.
 *
 * <p>One process, one tier per folder: the index lives in the tier's memory, so a second writer
 * would evict files the first still counts, and neither would see the other's puts. Sharing a folder
 * safely would need a shared index (a lock around every journal append and a reader that follows
 * the journal); until a use asks for it, a second opener gets a clear error instead. The lock is
 * released by the operating system when the process dies, so a crash never leaves the folder locked,
 * and the lock file itself is never deleted (deleting it would let two openers lock different files).
 *
 * <p>The lock holds a file, not a name: if someone deletes the folder, or moves it away and makes
 * another in its place, the tier still holds a lock on a file that is no longer
 * {@code dir/.lock}, and a second tier can open the new folder. {@link #intact()} tells this by the
 * lock file's identity (device and inode on POSIX), so that the tier stops instead of writing into a
 * folder another tier owns. The tier keeps its lock file open, so that inode cannot be freed and given
 * to a new {@code .lock} while the tier runs.
 *
 * <p>Not thread-safe: the tier calls {@link #intact()} under its lock.
 */
final class DirectoryLock implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DirectoryLock.class);
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  /** The lock file's identity when it was locked. */
  private final Object identity;
  /** Why the folder is no longer the tier's, or null while it is. Guarded by the tier's lock. */
  private String lost;

  private DirectoryLock(Path file, FileChannel channel, FileLock lock, Object identity) {
    this.file = file;
    this.channel = channel;
    this.lock = lock;
    this.identity = identity;
  }

  /**
   * Takes the lock, or fails at once. A symbolic link at the lock file's name is refused, never
   * followed (following a dangling one would create a file wherever it points).
   *
   * @throws CacheException naming the folder if another tier holds it or the lock file cannot be made
   */
  static DirectoryLock acquire(DiskLayout layout) {
    Path file = layout.lockFile();
    FileChannel channel;
    try {
      BasicFileAttributes existing = DiskLayout.statNoFollow(file);
      if (existing != null && existing.isSymbolicLink()) {
        throw new CacheException("the lock file " + file + " of disk tier folder " + layout.dir()
            + " is a symbolic link; the tier never follows a link inside its folder: remove it");
      }
      channel = layout.modes().openOrCreate(file);
    } catch (IOException e) {
      throw new CacheException("cannot create the lock file " + file + " of disk tier folder "
          + layout.dir() + ": " + e, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // this process already holds it, through another tier
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CacheException("cannot lock " + file + " of disk tier folder " + layout.dir()
          + ": " + e, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new CacheException("disk tier folder " + layout.dir()
          + " is in use by another tier (this process or another holds " + file
          + "); a folder can be open in one tier at a time");
    }
    try {
      return new DirectoryLock(file, channel, lock, identityOf(DiskLayout.statNoFollow(file)));
    } catch (IOException e) {
      closeQuietly(channel);
      throw new CacheException("cannot read the lock file " + file + ": " + e, e);
    }
  }

  /**
   * Tells whether {@code dir/.lock} is still the file this tier locked. One {@code lstat}: cheap
   * enough before a write or an eviction, not worth it on every read. A loss is remembered, and
   * logged once: the folder never becomes the tier's again.
   */
  boolean intact() {
    if (lost == null) {
      lost = whyLost();
      if (lost != null) {
        LOG.error("disk tier folder {} is no longer this tier's: {}. Every call now fails; close "
            + "the tier and open the folder again", file.getParent(), lost);
      }
    }
    return lost == null;
  }

  /** Tells whether {@link #intact()} has found the folder lost. */
  boolean isLost() {
    return lost != null;
  }

  /** Returns why {@link #intact()} found the folder lost, or {@code null} if it has not. */
  String lostReason() {
    return lost;
  }

  /** The failure of every call once the folder is lost. */
  CacheException lostFolder() {
    return new CacheException("disk tier folder " + file.getParent() + " was deleted or replaced "
        + "while the tier had it open (" + lost + "); the tier has stopped rather than write into "
        + "a folder another tier may own: close it and open the folder again");
  }

  private String whyLost() {
    BasicFileAttributes now;
    try {
      now = DiskLayout.statNoFollow(file);
    } catch (IOException e) {
      return "its lock file " + file + " cannot be read (" + e + ")";
    }
    if (now == null) {
      return "its lock file " + file + " is gone: the folder was deleted or moved away";
    }
    if (!Objects.equals(identityOf(now), identity)) {
      return "its lock file " + file + " is another file: the folder was replaced";
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  /** Device and inode where the platform has them; else the creation time, which moves less. */
  private static Object identityOf(BasicFileAttributes attributes) {
    if (attributes == null) {
      return null;
    }
    Object key = attributes.fileKey();
    return key != null ? key : attributes.creationTime();
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing was locked; the failure already being reported matters more.
    }
  }
}
