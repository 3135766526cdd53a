package org.tiercache.example.attachments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the application as its README says, in a JVM of its own on a module path made of its
 * runtime jars: the tiers are found by ServiceLoader, each attachment reaches the origin once, and
 * the disk tier keeps the large ones for the next run.
 */
final class ModulePathRunTest {
  private static final String MAIN =
      "org.tiercache.example.attachments/org.tiercache.example.attachments.Main";

  @TempDir Path work;

  @Test
  void eachAttachmentIsFetchedOnceAndLargeOnesOutliveTheProcess() throws Exception {
    Path store = Files.createDirectories(work.resolve("mail-store"));
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 3; i++) {
      write(store.resolve("note-" + i + ".txt"), 10_000 + i, random);
    }
    for (int i = 0; i < 2; i++) {
      write(store.resolve("scan-" + i + ".pdf"), 300_000 + i, random);
    }
    Path cache = work.resolve("cache");

    String first = run(cache, store);
    assertTrue(first.contains("attachments 5, requests served 15"), first);
    assertTrue(first.contains("fetched from the origin 5"), first);
    assertTrue(first.contains("tier memory entries 3"), first);
    assertTrue(first.contains("tier disk   entries 2"), first);
    assertFalse(first.contains("No SLF4J providers"), "a logging provider is on the module path: "
        + first);
    // Micrometer's jars are on the module path too: the meters agree with the figures above.
    assertTrue(first.contains("cache.loads success 5 "), first);
    assertTrue(first.contains("meters tier 1 disk  : cache.size 2, cache.content.size 600001 bytes"),
        first);

    // The memory tier died with the first JVM; the disk tier still holds the two large scans.
    String second = run(cache, store);
    assertTrue(second.contains("fetched from the origin 3"), second);
  }

  private static void write(Path file, int size, SplittableRandom random) throws IOException {
    byte[] content = new byte[size];
    random.nextBytes(content);
    Files.write(file, content);
  }

  private static String run(Path cache, Path store) throws IOException, InterruptedException {
    String modulePath = System.getProperty("example.module.path");
    assertTrue(modulePath != null && !modulePath.isEmpty(),
        "surefire sets example.module.path to target/classes and target/modules");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", modulePath, "--module", MAIN, cache.toString(), store.toString()));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the application did not finish: " + output);
    }
    assertEquals(0, process.exitValue(), output);
    return output;
  }
}
