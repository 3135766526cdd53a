package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.tiercache.api.CacheException;

/**
 * The exclusive hold a tier has on its folder, through an operating-system lock on
 * {@code dir/.lock}.
 *
 * <p>One process, one tier per folder: the index lives in the tier's memory, so a second writer
 * would evict files the first still counts, and neither would see the other's puts. Sharing a folder
 * safely would need a shared index (a lock around every journal append and a reader that follows
 * the journal); until a use asks for it, a second opener gets a clear error instead. The lock is
 * released by the operating system when the process dies, so a crash never leaves the folder locked,
 * and the lock file itself is never deleted (deleting it would let two openers lock different files).
 */
final class DirectoryLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock, or fails at once.
   *
   * @throws CacheException naming the folder if another tier holds it or the lock file cannot be made
   */
  static DirectoryLock acquire(DiskLayout layout) {
    Path file = layout.lockFile();
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
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
    return new DirectoryLock(channel, lock);
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // Nothing was locked; the failure already being reported matters more.
    }
  }
}
