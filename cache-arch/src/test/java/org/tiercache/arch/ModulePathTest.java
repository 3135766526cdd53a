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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the kit's runner in a child JVM on a real module path, as the README's main command does, and
 * shows that the tiers in use are exactly those whose jars are in the folder.
 */
final class ModulePathTest {
  private static final String RUNNER = "org.tiercache.tck/org.tiercache.tck.TckRunner";

  @Test
  void runnerOnTheModulePathChecksTheMemoryTier() throws Exception {
    Result result = run(DistributionFolder.path(), "--tier", "memory");
    assertEquals(0, result.exitCode, result.output);
    assertTrue(result.output.contains("memory"), result.output);
  }

  @Test
  void removingATiersJarRemovesTheTier(@TempDir Path folder) throws Exception {
    try (Stream<Path> jars = Files.list(DistributionFolder.path())) {
      for (Path jar : (Iterable<Path>) jars::iterator) {
        if (!jar.getFileName().toString().startsWith("tiercache-memory")) {
          Files.copy(jar, folder.resolve(jar.getFileName()));
        }
      }
    }
    Result result = run(folder, "--tier", "memory");
    assertEquals(2, result.exitCode, result.output);
    assertTrue(result.output.contains("no tier provider with id 'memory'"), result.output);
    assertTrue(result.output.contains("ids found:"), result.output);
  }

  private static Result run(Path modulePath, String... args) throws IOException,
      InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("--module-path");
    command.add(modulePath.toString());
    command.add("--module");
    command.add(RUNNER);
    command.addAll(List.of(args));
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
