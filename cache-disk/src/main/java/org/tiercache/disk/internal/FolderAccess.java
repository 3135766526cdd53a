package org.tiercache.disk.internal;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;

/**
 * Who may read and write what a disk tier creates: the setting {@code access}. Applied on POSIX
 * file systems only; elsewhere the platform's defaults stand.
 *
 * <p>The tier has no read-only mode: every tier that opens a folder writes its lock file and its
 * journal and deletes what it evicts. So a sharing mode must let each user of the group write, not
 * only read: {@code 0640/0750} would let a second user's tier open nothing.
 */
enum FolderAccess {
  /**
   * The default: files {@code 0600}, folders {@code 0700}, as ssh and gpg keep their homes. Cached
   * content is often someone's mail attachments; nobody but the owner (and root) should read it.
   */
  PRIVATE("rw-------", "rwx------", 0700),
  /**
   * Files {@code 0660}, folders {@code 2770}: the owner and the members of the cache folder's group
   * read and write everything, others nothing. The set-group-ID bit on the folders makes every file
   * and folder created inside belong to the folder's group, whichever member's process created it,
   * so that a file one member's tier wrote can be read and evicted by another's.
   */
  GROUP("rw-rw----", "rwxrwx---", 02770);

  private final Set<PosixFilePermission> filePermissions;
  private final Set<PosixFilePermission> folderPermissions;
  private final int folderMode;

  FolderAccess(String file, String folder, int folderMode) {
    this.filePermissions = PosixFilePermissions.fromString(file);
    this.folderPermissions = PosixFilePermissions.fromString(folder);
    this.folderMode = folderMode;
  }

  /** The permissions of every file the tier creates. */
  Set<PosixFilePermission> filePermissions() {
    return filePermissions;
  }

  /** The permissions of every folder the tier creates (without the set-group-ID bit). */
  Set<PosixFilePermission> folderPermissions() {
    return folderPermissions;
  }

  /** The whole mode of a folder, with the set-group-ID bit when the mode has it. */
  int folderMode() {
    return folderMode;
  }

  static FolderAccess parse(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "private":
        return PRIVATE;
      case "group":
        return GROUP;
      default:
        throw new IllegalArgumentException("expected private or group");
    }
  }
}
