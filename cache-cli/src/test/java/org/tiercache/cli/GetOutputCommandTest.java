package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * Where {@code get} writes: into a folder as {@code cp} does, never over a folder, never blaming a
 * tier for an output problem, and never binary content onto a terminal unless forced.
 */
final class GetOutputCommandTest extends CommandTest {
  /** The variable a JVM reads options from: how a test plays the launcher's terminal check. */
  private static final String JVM_OPTIONS = "JAVA_TOOL_OPTIONS";

  private byte[] content;
  private String key;

  @BeforeEach
  void setUp() throws Exception {
    content = new byte[3_000];
    new Random(7).nextBytes(content);
    Path file = Files.write(work.resolve("content.bin"), content);
    Result put = tiercache.run("put", file.toString());
    assertEquals(0, put.exit(), put::toString);
    key = put.stdout().split("\\s+")[0];
  }

  @Test
  void anEmptyFolderAsOutputReceivesAFileNamedAfterTheKey() throws Exception {
    Path folder = Files.createDirectory(work.resolve("empty"));

    Result get = tiercache.run("get", key, "-o", folder.toString());

    assertEquals(0, get.exit(), get::toString);
    assertTrue(Files.isDirectory(folder), "the folder is not replaced");
    assertArrayEquals(content, Files.readAllBytes(folder.resolve(key)));
  }

  @Test
  void aFolderWithFilesAsOutputReceivesAFileNamedAfterTheKeyBesideThem() throws Exception {
    Path folder = Files.createDirectory(work.resolve("full"));
    Files.writeString(folder.resolve("other"), "other");

    Result get = tiercache.run("get", key, "-o", folder.toString());

    assertEquals(0, get.exit(), get::toString);
    assertArrayEquals(content, Files.readAllBytes(folder.resolve(key)));
    assertEquals("other", Files.readString(folder.resolve("other")));
  }

  @Test
  void aFolderNamedAfterTheKeyInTheOutputFolderIsNeverReplaced() throws Exception {
    Path folder = Files.createDirectory(work.resolve("out"));
    Path inTheWay = Files.createDirectory(folder.resolve(key));

    Result get = tiercache.run("get", key, "-o", folder.toString());

    assertEquals(3, get.exit(), get::toString);
    assertEquals("tiercache: cannot write " + inTheWay
        + ": it is a folder, which get never replaces", get.stderr().strip(), get::toString);
    assertTrue(Files.isDirectory(inTheWay));
  }

  @Test
  void anOutputInAMissingFolderIsAnOutputFailureNamingThePathNotTheTier() throws Exception {
    Path target = work.resolve("missing").resolve("file.bin");

    Result get = tiercache.run("get", key, "-o", target.toString());

    assertEquals(3, get.exit(), get::toString);
    assertEquals("tiercache: cannot write " + target + ": no such folder: " + target.getParent(),
        get.stderr().strip(), get::toString);
    assertFalse(get.stderr().contains("tier '"), "no tier is blamed: " + get);
  }

  @Test
  void contentIsNotWrittenToATerminalWithoutForce() throws Exception {
    Result get = tiercache.runWithEnvironment(JVM_OPTIONS, "-Dtiercache.stdout.tty=true",
        "get", key);

    assertEquals(2, get.exit(), get::toString);
    assertEquals(0, get.stdoutBytes().length, get::toString);
    assertTrue(get.stderr().contains("tiercache: not writing content to a terminal (binary output"
        + " can mess up your terminal): give -o FILE, redirect standard output, or --force"),
        get::toString);
  }

  @Test
  void forceWritesContentToATerminal() throws Exception {
    Result get = tiercache.runWithEnvironment(JVM_OPTIONS, "-Dtiercache.stdout.tty=true",
        "get", "--force", key);

    assertEquals(0, get.exit(), get::toString);
    assertArrayEquals(content, get.stdoutBytes());
  }
}
