package org.tiercache.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real command in a child JVM on the module path the build gathered
 * ({@code target/classes} and {@code target/modules}), as the launcher does, with
 * {@code XDG_CACHE_HOME} pointing at a test's folder.
 */
final class CommandRun {
  private final Path cacheHome;
  private final Path scratch;
  private final String modulePath;
  private final List<String> appended;

  CommandRun(Path cacheHome, Path scratch) {
    this(cacheHome, scratch, System.getProperty("tiercache.cli.modulePath"), List.of());
  }

  private CommandRun(Path cacheHome, Path scratch, String modulePath, List<String> appended) {
    this.cacheHome = cacheHome;
    this.scratch = scratch;
    this.modulePath = modulePath;
    this.appended = appended;
  }

  /** The same runs with the test tier {@code broken} on the module path ({@link BrokenTierModule}). */
  CommandRun withBrokenTier() throws IOException {
    return new CommandRun(cacheHome, scratch, BrokenTierModule.modulePath(), appended);
  }

  /**
   * The same runs with the test tier {@code failing}, whose provider never loads, on the module path
   * ({@link BrokenTierModule#failingFolder()}).
   */
  CommandRun withFailingTier() throws IOException {
    return new CommandRun(cacheHome, scratch, BrokenTierModule.failingModulePath(), appended);
  }

  /**
   * The same runs with {@code arguments} after each run's own, e.g. {@code --stack} and a stack for
   * every command of a test.
   */
  CommandRun appending(String... arguments) {
    List<String> all = new ArrayList<>(appended);
    all.addAll(List.of(arguments));
    return new CommandRun(cacheHome, scratch, modulePath, List.copyOf(all));
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
    return run(Map.of(), args);
  }

  /** Runs with one more variable in the child's environment. */
  Result runWithEnvironment(String name, String value, String... args)
      throws IOException, InterruptedException {
    return run(Map.of(name, value), args);
  }

  private Result run(Map<String, String> environment, String... args)
      throws IOException, InterruptedException {
    if (System.getProperty("tiercache.cli.modulePath") == null) {
      throw new IllegalStateException("system property tiercache.cli.modulePath is not set: run the"
          + " tests through Maven, which gathers target/modules first");
    }
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--module-path", modulePath,
        "--module", "org.tiercache.cli/org.tiercache.cli.Main"));
    command.addAll(List.of(args));
    command.addAll(appended);
    Path out = Files.createTempFile(scratch, "stdout", ".bin");
    Path err = Files.createTempFile(scratch, "stderr", ".txt");
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile());
    builder.environment().put("XDG_CACHE_HOME", cacheHome.toString());
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("tiercache " + String.join(" ", args) + " did not end in 120 s");
    }
    return new Result(process.exitValue(), Files.readAllBytes(out), Files.readString(err));
  }
}
