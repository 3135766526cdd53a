package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.internal.IoErrorText;

/**
 * The words of an I/O error on the command's one line: plain, naming the file, never an exception
 * class. (The command's own paths word their failures themselves; this is what reaches {@code Main}
 * otherwise, which a test cannot provoke for every kind on every machine, so each kind is given.)
 */
final class IoErrorTextTest {
  @Test
  void everyKindOfIoErrorIsWordedPlainly() {
    Map<IOException, String> expected = new LinkedHashMap<>();
    expected.put(new NoSuchFileException("/a"), "no such file: /a");
    expected.put(new AccessDeniedException("/a"), "permission denied: /a");
    expected.put(new FileAlreadyExistsException("/a"), "already exists: /a");
    expected.put(new DirectoryNotEmptyException("/a"), "folder not empty: /a");
    expected.put(new NotDirectoryException("/a"), "not a folder: /a");
    expected.put(new NotLinkException("/a"), "not a symbolic link: /a");
    expected.put(new FileSystemLoopException("/a"), "a loop of symbolic links: /a");
    expected.put(new FileSystemException("/a", "/b", "Read-only file system"),
        "/a (and /b): Read-only file system");
    expected.put(new FileSystemException("/a"), "/a: input/output error");
    expected.put(new FileSystemException(null), "input/output error");
    expected.put(new NoSuchFileException(null), "no such file");
    expected.put(new EOFException(), "unexpected end of input");
    expected.put(new InterruptedIOException("read timed out"), "interrupted: read timed out");
    expected.put(new MalformedInputException(1), "text that is not valid in its character set:"
        + " Input length = 1");
    expected.put(new IOException("No space left on device"), "No space left on device");
    expected.put(new IOException(), "input/output error");
    expected.put(new IOException(new IllegalStateException("the cause")), "the cause");
    expected.put(new IOException(new IllegalStateException()), "input/output error");
    for (Map.Entry<IOException, String> each : expected.entrySet()) {
      assertEquals(each.getValue(), IoErrorText.describe(each.getKey()),
          each.getKey().toString());
    }
  }

  @Test
  void noWordingNamesAnExceptionClass() {
    IOException[] errors = {new IOException(), new FileSystemException("/a"), new EOFException(),
        new IOException(new IllegalStateException("the cause"))};
    for (IOException e : errors) {
      String text = IoErrorText.describe(e);
      assertFalse(text.matches(".*\\b(java|javax|sun)\\.[a-z.]+[A-Z]\\w*.*"), text);
    }
  }
}
