package org.tiercache.cli.internal;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/**
 * Words an I/O error for the command's one line: what happened, and to which file, never the
 * exception's class name ({@code java.nio.file.FileSystemException: ...}) that {@code toString()}
 * would put in a user's face. The class and the stack trace are for {@code --debug}.
 */
public final class IoErrorText {
  /** When the JDK gives no reason: the words of the C library's {@code EIO}. */
  static final String NO_REASON = "input/output error";

  private IoErrorText() {}

  /**
   * Returns the words for an I/O error.
   *
   * @param e the error
   * @return one line, naming the file when the error names one
   */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException fs) {
      return describe(fs);
    }
    if (e instanceof EOFException) {
      return "unexpected end of input" + detail(e);
    }
    if (e instanceof InterruptedIOException) {
      return "interrupted" + detail(e);
    }
    if (e instanceof CharacterCodingException) {
      return "text that is not valid in its character set" + detail(e);
    }
    String message = message(e);
    return message == null || message.isBlank() ? NO_REASON : message;
  }

  /**
   * The error's message; for one made from a cause alone ({@code new IOException(cause)}), whose
   * message the JDK makes the cause's {@code toString()}, class name and all, the cause's message.
   */
  private static String message(IOException e) {
    String message = e.getMessage();
    Throwable cause = e.getCause();
    if (cause != null && message != null && message.equals(cause.toString())) {
      return cause.getMessage();
    }
    return message;
  }

  private static String describe(FileSystemException e) {
    String file = e.getFile() == null ? "" : e.getFile();
    String other = e.getOtherFile() == null ? "" : " (and " + e.getOtherFile() + ")";
    String what;
    if (e instanceof NoSuchFileException) {
      what = "no such file";
    } else if (e instanceof AccessDeniedException) {
      what = "permission denied";
    } else if (e instanceof FileAlreadyExistsException) {
      what = "already exists";
    } else if (e instanceof DirectoryNotEmptyException) {
      what = "folder not empty";
    } else if (e instanceof NotDirectoryException) {
      what = "not a folder";
    } else if (e instanceof NotLinkException) {
      what = "not a symbolic link";
    } else if (e instanceof FileSystemLoopException) {
      what = "a loop of symbolic links";
    } else {
      String reason = e.getReason();
      return (file.isEmpty() ? "" : file + other + ": ")
          + (reason == null || reason.isBlank() ? NO_REASON : reason);
    }
    return what + (file.isEmpty() ? "" : ": " + file + other);
  }

  /** The JDK's message, when it has one, after a colon. */
  private static String detail(IOException e) {
    String message = message(e);
    return message == null || message.isBlank() ? "" : ": " + message;
  }
}
