package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;
import org.tiercache.cli.command.TiercacheCommand;
import picocli.CommandLine;

/** The real command, run as a child process on the module path, as a user would run it. */
final class CommandLineTest extends CommandTest {
  /** The variable a JVM reads options from, to give the child a small heap. */
  private static final String JVM_OPTIONS = "JAVA_TOOL_OPTIONS";

  @Test
  void getReturnsTheBytesPutInAnEarlierCommand() throws Exception {
    Path small = file("small.txt", 1_000);
    Path large = file("large.bin", 300_000);

    Result put = tiercache.run("put", small.toString(), large.toString());
    assertEquals(0, put.exit(), put::toString);
    List<String> keys = keys(put);
    assertEquals(2, keys.size(), put::toString);
    assertTrue(put.stdout().contains(keys.get(0) + "  " + small), put::toString);

    Result toStdout = tiercache.run("get", keys.get(0));
    assertEquals(0, toStdout.exit(), toStdout::toString);
    assertArrayEquals(Files.readAllBytes(small), toStdout.stdoutBytes());

    Path copy = work.resolve("copy.bin");
    Result toFile = tiercache.run("get", keys.get(1), "-o", copy.toString());
    assertEquals(0, toFile.exit(), toFile::toString);
    assertArrayEquals(Files.readAllBytes(large), Files.readAllBytes(copy));
  }

  @Test
  void streamsAFileLargerThanTheCommandsHeapInAndOut() throws Exception {
    // 64 MB through a command whose heap is 32 MB: only streaming gets it through the composer.
    Path huge = file("huge.bin", 64 << 20);
    Result put = tiercache.runWithEnvironment(JVM_OPTIONS, "-Xmx32m", "put", huge.toString());
    assertEquals(0, put.exit(), put::toString);

    Path copy = work.resolve("huge.copy");
    Result get = tiercache.runWithEnvironment(JVM_OPTIONS, "-Xmx32m",
        "get", keys(put).get(0), "--output", copy.toString());
    assertEquals(0, get.exit(), get::toString);
    assertArrayEquals(Files.readAllBytes(huge), Files.readAllBytes(copy));
  }

  @Test
  void putsEveryFileOfAFolder() throws Exception {
    Path folder = Files.createDirectories(work.resolve("folder/sub"));
    Files.writeString(folder.resolve("a.txt"), "a");
    Files.writeString(folder.getParent().resolve("b.txt"), "b");
    Result put = tiercache.run("put", folder.getParent().toString());
    assertEquals(0, put.exit(), put::toString);
    assertEquals(2, keys(put).size(), put::toString);
  }

  @Test
  void aMissExitsOne() throws Exception {
    String absent = "sha256:" + "ab".repeat(32);
    Result get = tiercache.run("get", absent);
    assertEquals(1, get.exit(), get::toString);
    assertEquals("tiercache: not found: " + absent, get.stderr().strip());
    assertEquals(0, get.stdoutBytes().length);
  }

  /**
   * With a file per entry ({@code pack.below=0}), so that the damage is in the entry's own file
   * and its removal can be seen; {@code PackedEntriesCommandTest} damages a packed record.
   */
  @Test
  void verifyFindsAndRemovesACorruptedEntry() throws Exception {
    String stack = "disk(dir=" + tiercache.diskFolder() + ",pack.below=0)";
    Path good = file("good.bin", 5_000);
    Path bad = file("bad.bin", 5_000);
    Result put = tiercache.run("put", good.toString(), bad.toString(), "--stack", stack);
    assertEquals(0, put.exit(), put::toString);
    String badKey = keys(put).get(1);
    String hex = badKey.substring("sha256:".length());
    Path content = tiercache.diskFolder().resolve(hex.substring(0, 2)).resolve(hex);
    assertTrue(Files.isRegularFile(content), "the disk tier's content file " + content);
    byte[] bytes = Files.readAllBytes(content);
    bytes[1234] ^= 0x01;
    Files.write(content, bytes);

    Result verify = tiercache.run("verify", "--stack", stack);
    assertEquals(1, verify.exit(), verify::toString);
    assertTrue(verify.stdout().contains("corrupt  " + badKey + "  in disk  removed"),
        verify::toString);
    assertTrue(verify.stdout().contains("1 entries verified"), verify::toString);
    assertFalse(Files.exists(content), "the corrupt content file is removed");

    assertEquals(1, tiercache.run("get", badKey, "--stack", stack).exit());
    Result good1 = tiercache.run("get", keys(put).get(0), "--stack", stack);
    assertArrayEquals(Files.readAllBytes(good), good1.stdoutBytes());
    Result again = tiercache.run("verify", "--stack", stack);
    assertEquals(0, again.exit(), again::toString);
  }

  @Test
  void aBadKeyGivesTheKeysMessageAndExitTwoWithoutAStackTrace() throws Exception {
    Result get = tiercache.run("get", "../../etc/passwd");
    assertEquals(2, get.exit(), get::toString);
    assertEquals("tiercache: invalid content key '../../etc/passwd': expected 64 (sha256) or 32"
        + " (md5) lowercase hex digits, got 16 characters", get.stderr().strip());

    Result debug = tiercache.run("--debug", "get", "../../etc/passwd");
    assertEquals(2, debug.exit(), debug::toString);
    assertTrue(debug.stderr().contains("org.tiercache.api.ContentKey.of("), debug::toString);
  }

  @Test
  void aMissingFileExitsTwoAndStoresNothing() throws Exception {
    Path present = file("present.txt", 10);
    Path missing = work.resolve("missing.txt");
    Result put = tiercache.run("put", present.toString(), missing.toString());
    assertEquals(2, put.exit(), put::toString);
    assertEquals("tiercache: no such file: " + missing, put.stderr().strip());
    assertEquals("", put.stdout());
  }

  @Test
  void anUnknownTierIdListsTheIdsFound() throws Exception {
    Result stat = tiercache.run("stat", "--stack", "memory(capacity=1MB) < 1KB ; redis(host=x)");
    assertEquals(2, stat.exit(), stat::toString);
    assertEquals("tiercache: tier 2 'redis(host=x)': no tier provider with id 'redis' on the module"
        + " path; ids found: disk, memory, tiered", stat.stderr().strip());

    Result tck = tiercache.run("tck", "--tier", "redis");
    assertEquals(2, tck.exit(), tck::toString);
    assertTrue(tck.stderr().contains("ids found: disk, memory, tiered"), tck::toString);
  }

  @Test
  void theStackOptionsMayComeBeforeTheCommand() throws Exception {
    Result before = tiercache.run("--stack", "memory(capacity=3MB)", "stat");
    assertEquals(0, before.exit(), before::toString);
    assertTrue(before.stdout().contains("3 MB"), before::toString);

    Result equalsForm = tiercache.run("--debug", "--stack=memory(capacity=5MB)", "stat", "--json");
    assertEquals(0, equalsForm.exit(), equalsForm::toString);
    assertTrue(equalsForm.stdout().contains(Long.toString(5L << 20)), equalsForm::toString);

    Result notForThatCommand = tiercache.run("--stack", "memory", "providers");
    assertEquals(2, notForThatCommand.exit(), notForThatCommand::toString);
    assertTrue(notForThatCommand.stderr().contains("--stack"), notForThatCommand::toString);
  }

  @Test
  void aTtlLongerThanTheClockCanMeasureIsRefusedNamingItInOneLine() throws Exception {
    Result stat = tiercache.run("stat", "--stack", "memory(ttl=PT9223372036854775807S)");
    assertEquals(2, stat.exit(), stat::toString);
    assertEquals(1, stat.stderr().strip().lines().count(), stat::toString);
    assertTrue(stat.stderr().contains("'ttl'") && stat.stderr().contains("PT9223372036854775807S")
        && stat.stderr().contains("too long a duration"), stat::toString);
  }

  @Test
  void aFolderThatIsAFileExitsThree() throws Exception {
    Path notAFolder = file("not-a-folder", 1);
    Result stat = tiercache.run("stat", "--dir", notAFolder.toString());
    assertEquals(3, stat.exit(), stat::toString);
    assertTrue(stat.stderr().startsWith("tiercache: "), stat::toString);
    assertTrue(stat.stderr().contains(notAFolder.toString()), stat::toString);
    assertEquals(1, stat.stderr().strip().lines().count(), stat::toString);
  }

  @Test
  @SuppressWarnings("try") // the lock is only held, as another process would
  void aFolderLockedByAnotherProcessExitsThree() throws Exception {
    assertEquals(0, tiercache.run("put", file("x", 10).toString()).exit());
    try (FileChannel channel = FileChannel.open(tiercache.diskFolder().resolve(".lock"),
            StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      Result stat = tiercache.run("stat");
      assertEquals(3, stat.exit(), stat::toString);
      assertTrue(stat.stderr().contains("is in use by another tier"), stat::toString);
      assertEquals(1, stat.stderr().strip().lines().count(), stat::toString);
    }
  }

  @Test
  void providersListsMemoryAndDiskWithTheirModules() throws Exception {
    Result providers = tiercache.run("providers", "--json");
    assertEquals(0, providers.exit(), providers::toString);
    JsonNode list = JSON.readTree(providers.stdout()).get("providers");
    assertEquals(0, JSON.readTree(providers.stdout()).get("failures").size(), providers::toString);
    List<String> ids = new ArrayList<>();
    for (JsonNode provider : list) {
      ids.add(provider.get("id").asText());
      assertEquals("org.tiercache." + provider.get("id").asText(),
          provider.get("module").asText());
      assertFalse(provider.get("version").isNull(), providers::toString);
      assertTrue(provider.get("location").asText().endsWith(".jar")
          || provider.get("location").asText().endsWith("classes"), providers::toString);
    }
    assertTrue(ids.containsAll(List.of("disk", "memory")), ids::toString);

    Result table = tiercache.run("providers");
    assertTrue(table.stdout().lines().anyMatch(l -> l.matches("memory\\s+org\\.tiercache\\.memory\\s.*")),
        table::toString);
  }

  @Test
  void statJsonParsesAndCountsWhatEarlierCommandsDid() throws Exception {
    Result put = tiercache.run("put", file("a", 100).toString(), file("b", 200_000).toString());
    assertEquals(0, put.exit(), put::toString);
    assertEquals(0, tiercache.run("get", keys(put).get(0)).exit());
    assertEquals(1, tiercache.run("get", "sha256:" + "0".repeat(64)).exit());

    Result stat = tiercache.run("stat", "--json");
    assertEquals(0, stat.exit(), stat::toString);
    JsonNode report = JSON.readTree(stat.stdout());
    assertEquals("embedded default", report.get("source").asText());
    JsonNode disk = report.get("tiers").get(1);
    assertEquals("disk", disk.get("id").asText());
    assertEquals("lifetime", disk.get("counts").asText(), stat::toString);
    assertEquals(2, disk.get("puts").asLong(), stat::toString);
    assertEquals(1, disk.get("hits").asLong(), stat::toString);
    assertEquals(1, disk.get("misses").asLong(), stat::toString);
    assertEquals(2, disk.get("entries").asLong());
    assertEquals(200_100, disk.get("bytes").asLong());
    assertEquals(1L << 30, disk.get("capacity").asLong());
    assertEquals(tiercache.diskFolder().toString(), disk.get("dir").asText());
    assertTrue(keys(put).contains(report.get("oldest").get("key").asText()), stat::toString);
    assertEquals("memory", report.get("tiers").get(0).get("id").asText());
    assertEquals(64L << 20, report.get("tiers").get(0).get("capacity").asLong());
  }

  @Test
  void clearRefusesWithoutYesWhenNoTerminalCanAsk() throws Exception {
    assertEquals(0, tiercache.run("put", file("kept", 10).toString()).exit());
    Result clear = tiercache.run("clear");
    assertEquals(2, clear.exit(), clear::toString);
    assertTrue(clear.stderr().contains("--yes"), clear::toString);
    assertEquals(1, entries());

    Result yes = tiercache.run("clear", "--yes");
    assertEquals(0, yes.exit(), yes::toString);
    assertEquals(0, entries());
  }

  @Test
  void aConfigurationFileSelectsTheStack() throws Exception {
    Path config = work.resolve("tiercache.properties");
    Files.writeString(config, "stack = memory(capacity=1MB)\n");
    Result stat = tiercache.run("stat", "--json", "--stack-file", config.toString());
    assertEquals(0, stat.exit(), stat::toString);
    JsonNode tiers = JSON.readTree(stat.stdout()).get("tiers");
    assertEquals(1, tiers.size());
    assertEquals(1L << 20, tiers.get(0).get("capacity").asLong());

    Files.writeString(config, "stak = memory\n");
    Result typo = tiercache.run("stat", "--stack-file", config.toString());
    assertEquals(2, typo.exit(), typo::toString);
    assertTrue(typo.stderr().contains("unknown keys [stak]"), typo::toString);
  }

  @Test
  void tckJsonSummarisesTheKitsRun() throws Exception {
    Result tck = tiercache.run("tck", "--tier", "memory", "--rules", "store", "--json");
    assertEquals(0, tck.exit(), tck::toString);
    JsonNode outcome = JSON.readTree(tck.stdout());
    assertEquals("passed", outcome.get("status").asText());
    assertTrue(outcome.get("passed").asLong() > 0, tck::toString);
    assertEquals(0, outcome.get("failed").asLong());
    assertEquals("memory", outcome.get("tiers").get(0).get("tier").asText());
  }

  @Test
  void everyCommandHasHelp() throws Exception {
    // One child for the real thing; the rest in-process, since each child costs a JVM start.
    Result help = tiercache.run("put", "--help");
    assertEquals(0, help.exit(), help::toString);
    assertTrue(help.stdout().startsWith("Store files in the cache and print their keys.\nUsage:"
        + " tiercache put"), () -> "a one-line summary, then the usage:\n" + help);

    CommandLine root = TiercacheCommand.commandLine();
    assertEquals(List.of("put", "get", "ls", "rm", "stat", "verify", "evict-expired", "clear", "tck",
        "providers", "completion", "help"), List.copyOf(root.getSubcommands().keySet()));
    for (CommandLine command : root.getSubcommands().values()) {
      String name = command.getCommandName();
      if (name.equals("help")) {
        continue; // picocli's own `help COMMAND`
      }
      assertTrue(command.getUsageMessage().contains("\nUsage: tiercache " + name), name);
      assertTrue(command.getCommandSpec().findOption("--help") != null, name);
    }
  }

  private long entries() throws Exception {
    Result stat = tiercache.run("stat", "--json");
    assertEquals(0, stat.exit(), stat::toString);
    return JSON.readTree(stat.stdout()).get("entries").asLong();
  }
}
