package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/** {@code put} of a folder names, on standard error, what it skipped. */
final class PutSkippedFilesCommandTest extends CommandTest {
  @Test
  void aDanglingLinkInAFolderIsNamedAsSkipped() throws Exception {
    Path folder = Files.createDirectory(work.resolve("folder"));
    Path kept = Files.writeString(folder.resolve("a.txt"), "a");
    Path dangling = Files.createSymbolicLink(folder.resolve("b.txt"), folder.resolve("gone"));

    Result put = tiercache.run("put", folder.toString());

    assertEquals(0, put.exit(), put::toString);
    assertTrue(put.stdout().strip().endsWith("  " + kept), put::toString);
    assertEquals(1, put.stdout().strip().lines().count(), put::toString);
    assertEquals("tiercache: skipped: " + dangling + " (a dangling symbolic link)",
        put.stderr().strip(), put::toString);
  }
}
