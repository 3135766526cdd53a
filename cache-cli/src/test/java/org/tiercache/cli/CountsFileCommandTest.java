package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.cli.CommandRun.Result;

/**
 * The command's counts file in the disk folder: a symbolic link there (planted by anyone who can
 * write the folder) is never written through or read; the file is private to its owner.
 */
final class CountsFileCommandTest {
  private static final String PRECIOUS = "someone else's file\n";

  @TempDir
  Path cacheHome;

  @TempDir
  Path work;

  @TempDir
  Path elsewhere;

  private CommandRun tiercache;

  @BeforeEach
  void setUp() {
    tiercache = new CommandRun(cacheHome, work);
  }

  @Test
  void aLinkAtTheTemporaryNameIsNeverWrittenThrough() throws Exception {
    Result first = tiercache.run("put", Files.writeString(work.resolve("a"), "a").toString());
    assertEquals(0, first.exit(), first::toString);
    Path victim = Files.writeString(elsewhere.resolve("victim"), PRECIOUS);
    Path temp = tiercache.diskFolder().resolve("tiercache-cli.counts.tmp");
    Files.createSymbolicLink(temp, victim);

    Result put = tiercache.run("put", Files.writeString(work.resolve("b"), "b").toString());

    assertEquals(0, put.exit(), put::toString);
    assertEquals(PRECIOUS, Files.readString(victim), "the link's target is untouched");
    Path counts = tiercache.diskFolder().resolve("tiercache-cli.counts");
    assertTrue(Files.isRegularFile(counts, LinkOption.NOFOLLOW_LINKS));
    assertTrue(Files.readString(counts).contains("stack.puts=2"), Files.readString(counts));
  }

  @Test
  void aDanglingLinkAtTheTemporaryNameCreatesNothingAtItsTarget() throws Exception {
    assertEquals(0, tiercache.run("stat").exit());
    Path target = elsewhere.resolve("created-by-nobody");
    Files.createSymbolicLink(tiercache.diskFolder().resolve("tiercache-cli.counts.tmp"), target);

    Result stat = tiercache.run("stat");

    assertEquals(0, stat.exit(), stat::toString);
    assertFalse(Files.exists(target, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void aCountsFileThatIsALinkIsIgnoredWithOneWarningAndLeftAsItIs() throws Exception {
    assertEquals(0, tiercache.run("stat").exit());
    Path counts = tiercache.diskFolder().resolve("tiercache-cli.counts");
    Files.delete(counts);
    Path victim = Files.writeString(elsewhere.resolve("victim"), PRECIOUS);
    Files.createSymbolicLink(counts, victim);

    Result put = tiercache.run("put", Files.writeString(work.resolve("c"), "c").toString());
    Result stat = tiercache.run("stat");

    assertEquals(0, put.exit(), put::toString);
    assertEquals(0, stat.exit(), stat::toString);
    assertEquals(PRECIOUS, Files.readString(victim), "the link's target is neither read nor written");
    assertTrue(Files.isSymbolicLink(counts), "the link is left for its owner to remove");
    assertEquals(1, stat.stderr().strip().lines().count(), stat::toString);
    assertTrue(stat.stderr().contains("WARN") && stat.stderr().contains("a symbolic link"),
        stat::toString);
    assertTrue(stat.stdout().contains("tiercache-cli.counts is not a regular file"),
        stat::toString);
    // Removed as its owner would, so that cleaning the temporary folder warns of no link.
    Files.delete(counts);
  }

  @Test
  void theCountsFileIsPrivateToItsOwner() throws Exception {
    assertEquals(0, tiercache.run("stat").exit());
    Path counts = tiercache.diskFolder().resolve("tiercache-cli.counts");
    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(counts)));
  }
}
