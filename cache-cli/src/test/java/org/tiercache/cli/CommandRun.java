package org.tiercache.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command in a child JVM on the module path the build gathered
 * ({@code target/classes} and {@code target/modules}), as the launcher does, with
 * {@code XDG_CACHE_HOME} pointing at a test's folder.
 */
final class CommandRun {
  private final Path cacheHome;
  private final Path scratch;

  CommandRun(Path cacheHome, Path scratch) {
    this.cacheHome = cacheHome;
    this.scratch = scratch;
  }

  /** The outcome of one run. */
  record Result(int exit, byte[] stdoutBytes, String stderr) {
    String stdout() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout\n" + stdout() + "\n--- stderr\n" + stderr;
    }
  }

  /** The embedded default stack's disk folder. */
  Path diskFolder() {
    return cacheHome.resolve("tiercache");
  }

  Result run(String... args) throws IOException, InterruptedException {
    String modulePath = System.getProperty("tiercache.cli.modulePath");
    if (modulePath == null) {
      throw new IllegalStateException("system property tiercache.cli.modulePath is not set: run the"
          + " tests through Maven, which gathers target/modules first");
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", modulePath,
        "--module", "org.tiercache.cli/org.tiercache.cli.Main"));
    command.addAll(List.of(args));
    Path out = Files.createTempFile(scratch, "stdout", ".bin");
    Path err = Files.createTempFile(scratch, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().put("XDG_CACHE_HOME", cacheHome.toString());
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("tiercache " + String.join(" ", args) + " did not end in 120 s");
    }
    return new Result(process.exitValue(), Files.readAllBytes(out), Files.readString(err));
  }
}
