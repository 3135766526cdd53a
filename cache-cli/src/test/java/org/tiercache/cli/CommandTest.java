package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.cli.CommandRun.Result;

/**
 * What every test of the real command starts from: a cache home of its own (the runs'
 * {@code XDG_CACHE_HOME}, so the embedded default stack's disk tier is the test's), a work folder
 * for the files it puts and the runs' captured output, and a {@link CommandRun} on both; with the
 * few steps many of those tests take.
 */
abstract class CommandTest {
  /** Reads the command's {@code --json} output. */
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path cacheHome;

  @TempDir
  Path work;

  /**
   * Runs the command on {@link #cacheHome}; a test's own {@code @BeforeEach} (which JUnit runs after
   * this class's) may replace it, e.g. with {@link CommandRun#withBrokenTier()}.
   */
  CommandRun tiercache;

  // Named apart from the tests' own set-up methods, which would otherwise override it.
  @BeforeEach
  final void startCommandRun() {
    tiercache = new CommandRun(cacheHome, work);
  }

  /**
   * Puts {@code files} in one {@code put}, which must succeed, and returns the keys it printed, in
   * its order.
   */
  List<String> put(Path... files) throws Exception {
    String[] args = new String[files.length + 1];
    args[0] = "put";
    for (int i = 0; i < files.length; i++) {
      args[i + 1] = files[i].toString();
    }
    Result put = tiercache.run(args);
    assertEquals(0, put.exit(), put::toString);
    return keys(put);
  }

  /** The keys a {@code put} printed, in its order: each line's text up to its two spaces. */
  static List<String> keys(Result put) {
    return put.stdout().lines().map(line -> line.substring(0, line.indexOf("  "))).toList();
  }

  /** Each line of the run's standard output read as one JSON document. */
  static List<JsonNode> jsonLines(Result result) {
    return result.stdout().lines().map(line -> {
      try {
        return JSON.readTree(line);
      } catch (IOException e) {
        throw new UncheckedIOException("not a JSON line: " + line, e);
      }
    }).toList();
  }

  /** A file {@code name} in {@link #work} of {@code size} bytes, the same for the same name. */
  Path file(String name, int size) throws IOException {
    byte[] bytes = new byte[size];
    new Random(name.hashCode()).nextBytes(bytes);
    return Files.write(work.resolve(name), bytes);
  }
}
