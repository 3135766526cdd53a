package org.tiercache.cli;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Compiles the test tier {@code broken} ({@code src/test/broken-tier}) into a module folder, once per
 * test run, for the child command's module path: a tier whose puts fail as a full disk or an
 * unreachable server would, which no real folder can be made to do reliably on every machine.
 */
final class BrokenTierModule {
  private static final Path SOURCES = Path.of("src", "test", "broken-tier");
  private static final Path OUTPUT = Path.of("target", "broken-tier-module");
  private static Path compiled;

  private BrokenTierModule() {}

  /** The compiled module's folder, compiling it the first time. */
  static synchronized Path folder() throws IOException {
    if (compiled != null) {
      return compiled;
    }
    // The JDK's javac, as a process: the tests run inside the command's module, which does not
    // read java.compiler.
    Path javac = Path.of(System.getProperty("java.home"), "bin", "javac");
    List<String> command = new ArrayList<>(List.of(javac.toString(), "--release", "17",
        "-d", OUTPUT.toString(), "--module-path", System.getProperty("tiercache.cli.modulePath")));
    try (Stream<Path> files = Files.walk(SOURCES)) {
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
    compiled = OUTPUT.toAbsolutePath();
    return compiled;
  }

  /** The command's module path with the test tier on it. */
  static String modulePath() throws IOException {
    return System.getProperty("tiercache.cli.modulePath") + File.pathSeparator + folder();
  }
}
