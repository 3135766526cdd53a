package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the tier's files and folders with the modes its {@link FolderAccess} asks for, whatever
 * the process's umask, and never through a symbolic link.
 *
 * <p>Each file and folder is created with its permissions as a creation attribute, so it is never
 * readable by others even for an instant. The umask can still take bits away from those (a umask of
 * {@code 027} takes group write from {@code 0660}); the first file created tells whether it does, and
 * from then on each new file is given its mode explicitly only if it must be. Folders are few (the
 * folder, {@code tmp}, 256 prefix folders), so each is checked as it is made.
 *
 * <p>On a file system without POSIX permissions nothing is set or checked: the platform's defaults
 * stand.
 */
final class FileModes {
  private static final Logger LOG = LoggerFactory.getLogger(FileModes.class);
  private static final int UNKNOWN = 0;
  private static final int AS_CREATED = 1;
  private static final int SET_AFTER = 2;
  private static final Set<OpenOption> CREATE_NEW = Set.of(StandardOpenOption.CREATE_NEW,
      StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  private static final Set<OpenOption> CREATE_NEW_READABLE = Set.of(StandardOpenOption.CREATE_NEW,
      StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  private static final Set<OpenOption> OPEN_OR_CREATE = Set.of(StandardOpenOption.CREATE,
      StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
  private static final Set<OpenOption> CREATE_OR_TRUNCATE = Set.of(StandardOpenOption.CREATE,
      StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);

  private final FolderAccess access;
  private final boolean posix;
  /** Whether the "unix" attribute view can set a folder's set-group-ID bit. */
  private final boolean unixMode;
  private final FileAttribute<?>[] fileAttributes;
  private final FileAttribute<?>[] folderAttributes;
  /** Whether new files come out of creation with their mode, or need it set; races are harmless. */
  private volatile int files = UNKNOWN;

  private FileModes(FolderAccess access, boolean posix, boolean unixMode) {
    this.access = access;
    this.posix = posix;
    this.unixMode = unixMode;
    this.fileAttributes = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(access.filePermissions())}
        : new FileAttribute<?>[0];
    this.folderAttributes = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(access.folderPermissions())}
        : new FileAttribute<?>[0];
  }

  /** The modes for a tier whose folder lives on {@code fileSystem}. */
  static FileModes of(FolderAccess access, FileSystem fileSystem) {
    Set<String> views = fileSystem.supportedFileAttributeViews();
    return new FileModes(access, views.contains("posix"), views.contains("unix"));
  }

  FolderAccess access() {
    return access;
  }

  /**
   * Creates a new file, failing if the name exists (even as a dangling link), and opens it for
   * writing.
   */
  FileChannel createFile(Path file) throws IOException {
    return create(file, CREATE_NEW);
  }

  /**
   * Creates a new file as {@link #createFile} does, open for reading as well as writing: for files
   * that are read while they are still being appended to.
   */
  FileChannel createReadableFile(Path file) throws IOException {
    return create(file, CREATE_NEW_READABLE);
  }

  /**
   * Opens a file for writing from its start, creating it if absent; a symbolic link at its name
   * fails instead of being followed. An existing file keeps its mode.
   */
  FileChannel createOrTruncate(Path file) throws IOException {
    return create(file, CREATE_OR_TRUNCATE);
  }

  /**
   * Opens a file for writing, creating it if absent; a symbolic link at its name fails instead of
   * being followed. Its mode is not checked here: {@link #apply} does that for the tier's own files.
   */
  FileChannel openOrCreate(Path file) throws IOException {
    return FileChannel.open(file, OPEN_OR_CREATE, fileAttributes);
  }

  private FileChannel create(Path file, Set<OpenOption> options) throws IOException {
    FileChannel channel = FileChannel.open(file, options, fileAttributes);
    if (posix && files != AS_CREATED) {
      try {
        Set<PosixFilePermission> made = Files.getPosixFilePermissions(file,
            LinkOption.NOFOLLOW_LINKS);
        if (made.equals(access.filePermissions())) {
          files = AS_CREATED;
        } else {
          files = SET_AFTER;
          view(file).setPermissions(access.filePermissions());
        }
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    }
    return channel;
  }

  /** Creates a folder whose parent exists, with the folder mode; fails if the name exists. */
  void createFolder(Path folder) throws IOException {
    Files.createDirectory(folder, folderAttributes);
    if (posix) {
      setFolderMode(folder);
    }
  }

  /**
   * Gives one of the tier's own existing files or folders its mode if it has another (a folder of an
   * earlier version, made under the umask). Failing to (the file is another user's) is logged, not
   * fatal: the tier works, only less privately than asked.
   */
  void apply(Path path) {
    if (!posix) {
      return;
    }
    try {
      if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        setFolderMode(path);
      } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
          && !Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS)
              .equals(access.filePermissions())) {
        view(path).setPermissions(access.filePermissions());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not give {} the mode of access={} ({})", path,
          access.name().toLowerCase(Locale.ROOT), e.toString());
    }
  }

  private void setFolderMode(Path folder) throws IOException {
    if (unixMode) {
      int mode = (Integer) Files.getAttribute(folder, "unix:mode", LinkOption.NOFOLLOW_LINKS);
      if ((mode & 07777) != access.folderMode()) {
        Files.setAttribute(folder, "unix:mode", access.folderMode(), LinkOption.NOFOLLOW_LINKS);
      }
    } else if (!Files.getPosixFilePermissions(folder, LinkOption.NOFOLLOW_LINKS)
        .equals(access.folderPermissions())) {
      // Without the "unix" view the set-group-ID bit cannot be set from Java: group sharing then
      // needs it set on the folder by hand (chmod g+s), as the README says.
      view(folder).setPermissions(access.folderPermissions());
    }
  }

  private static PosixFileAttributeView view(Path path) {
    return Files.getFileAttributeView(path, PosixFileAttributeView.class,
        LinkOption.NOFOLLOW_LINKS);
  }
}
