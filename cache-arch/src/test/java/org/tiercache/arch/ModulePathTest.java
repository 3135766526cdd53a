package org.tiercache.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the kit's runner in a child JVM on a real module path, as the README's main command does, and
 * shows that the tiers in use are exactly those whose jars are in the folder.
 */
final class ModulePathTest {
  private static final String RUNNER = "org.tiercache.tck/org.tiercache.tck.runner.TckRunner";

  @Test
  void runnerOnTheModulePathChecksTheMemoryTier() throws Exception {
    Result result = run(DistributionFolder.path(), "--tier", "memory");
    assertEquals(0, result.exitCode, result.output);
    assertTrue(result.output.contains("memory"), result.output);
  }

  @Test
  void removingATiersJarRemovesTheTier(@TempDir Path folder) throws Exception {
    copyDistributionExcept(folder, "tiercache-memory");
    Result result = run(folder, "--tier", "memory");
    assertEquals(2, result.exitCode, result.output);
    assertTrue(result.output.contains("no tier provider with id 'memory'"), result.output);
    assertTrue(result.output.contains("ids found:"), result.output);
  }

  @Test
  void theSameStackSpecWorksOrNamesTheIdsFoundDependingOnTheDiskJar(@TempDir Path work)
      throws Exception {
    Path withoutDisk = work.resolve("without-disk");
    copyDistributionExcept(withoutDisk, "tiercache-disk");
    Path program = Path.of(ModulePathTest.class.getResource("/StackCheck.java").toURI());
    String spec = "memory(capacity=1MB) < 100KB ; disk(dir=" + work.resolve("cache") + ")";

    Result with = runSource(DistributionFolder.path(), program, spec);
    assertEquals(0, with.exitCode, with.output);
    assertTrue(with.output.contains("built: 2 tiers"), with.output);

    Result without = runSource(withoutDisk, program, spec);
    assertEquals(3, without.exitCode, without.output);
    assertTrue(without.output.contains("no tier provider with id 'disk'"), without.output);
    Matcher found = Pattern.compile("ids found: ([a-z0-9, -]+)").matcher(without.output);
    assertTrue(found.find(), without.output);
    List<String> ids = List.of(found.group(1).split(",\\s*"));
    assertTrue(ids.contains("memory") && ids.contains("tiered") && !ids.contains("disk"),
        () -> "the ids found must be those of the jars left: " + ids);
  }

  private static void copyDistributionExcept(Path target, String jarPrefix) throws IOException {
    Files.createDirectories(target);
    try (Stream<Path> jars = Files.list(DistributionFolder.path())) {
      for (Path jar : (Iterable<Path>) jars::iterator) {
        if (!jar.getFileName().toString().startsWith(jarPrefix)) {
          Files.copy(jar, target.resolve(jar.getFileName()));
        }
      }
    }
  }

  private static Result runSource(Path modulePath, Path source, String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(java(), "--module-path", modulePath.toString(),
        "--add-modules", "ALL-MODULE-PATH", source.toString()));
    command.addAll(List.of(args));
    return run(command);
  }

  private static Result run(Path modulePath, String... args) throws IOException,
      InterruptedException {
    List<String> command = new ArrayList<>(List.of(java(), "--module-path", modulePath.toString(),
        "--module", RUNNER));
    command.addAll(List.of(args));
    return run(command);
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static Result run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the runner did not finish: " + output);
    }
    return new Result(process.exitValue(), output);
  }

  private static final class Result {
    final int exitCode;
    final String output;

    Result(int exitCode, String output) {
      this.exitCode = exitCode;
      this.output = output;
    }
  }
}
