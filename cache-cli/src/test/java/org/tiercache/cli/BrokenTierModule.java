package org.tiercache.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compiles the test tiers into module folders, once per test run, for the child command's module
 * path: {@code broken} ({@code src/test/broken-tier}), whose puts fail as a full disk or an
 * unreachable server would, which no real folder can be made to do reliably on every machine; and
 * {@code failing} ({@code src/test/failing-tier}), whose provider's constructor throws, as a broken
 * tier jar of a user's would.
 */
final class BrokenTierModule {
  private static final Map<String, Path> COMPILED = new HashMap<>();

  private BrokenTierModule() {}

  /** The compiled {@code broken} module's folder, compiling it the first time. */
  static Path folder() throws IOException {
    return compiled("broken-tier");
  }

  /** The command's module path with the test tier {@code broken} on it. */
  static String modulePath() throws IOException {
    return System.getProperty("tiercache.cli.modulePath") + File.pathSeparator + folder();
  }

  /** The compiled {@code failing} module's folder, compiling it the first time. */
  static Path failingFolder() throws IOException {
    return compiled("failing-tier");
  }

  /** The command's module path with the test tier {@code failing}, which never loads, on it. */
  static String failingModulePath() throws IOException {
    return System.getProperty("tiercache.cli.modulePath") + File.pathSeparator + failingFolder();
  }

  private static synchronized Path compiled(String name) throws IOException {
    Path done = COMPILED.get(name);
    if (done != null) {
      return done;
    }
    Path sources = Path.of("src", "test", name);
    Path output = Path.of("target", name + "-module");
    // The JDK's javac, as a process: the tests run inside the command's module, which does not
    // read java.compiler.
    Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
    List<String> command = new ArrayList<>(List.of(javac.toString(), "--release", "17",
        "-d", output.toString(), "--module-path", System.getProperty("tiercache.cli.modulePath")));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(f -> f.toString().endsWith(".java")).map(Path::toString).forEach(command::add);
    }
    Path log = Files.createTempFile("javac", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    int status;
    try {
      status = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while compiling the test tier", e);
    }
    if (status != 0) {
      throw new IllegalStateException("compiling the test tier failed: " + Files.readString(log));
    }
    Files.delete(log);
    done = output.toAbsolutePath();
    COMPILED.put(name, done);
    return done;
  }
}
