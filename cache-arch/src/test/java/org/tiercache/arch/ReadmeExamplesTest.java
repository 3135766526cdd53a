package org.tiercache.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * The READMEs' shell examples work as written: each one runs against the real launcher and the
 * distribution folder, in a temporary home and working folder, and exits 0; what a README shows an
 * example printing, it prints. How a README marks its examples: {@link ReadmeExamples}.
 */
final class ReadmeExamplesTest {
  /**
   * Examples a README marks as not runnable in a test (a server, an operator's folder, a
   * placeholder, a tool a JDK lacks), each with its reason. Changing a skip changes this number, so
   * no example stops being run unnoticed.
   */
  private static final int SKIPPED_BY_DESIGN = 24;
  private static final Path ROOT = Path.of(System.getProperty("tiercache.launcher"))
      .toAbsolutePath().getParent();
  /** The test's temporary home appears in output as the README's example home. */
  private static final String README_HOME = "/home/me";

  @TempDir Path temp;

  @Test
  void everyExampleRunsOrIsSkippedWithAReason(TestReporter reporter) throws IOException {
    int run = 0;
    int skipped = 0;
    int builds = 0;
    List<String> problems = new ArrayList<>();
    Map<String, Integer> skippedPerFile = new LinkedHashMap<>();
    for (ReadmeExamples readme : readmes()) {
      problems.addAll(readme.unusedSkips);
      List<ReadmeExamples.Example> examples = readme.blocks.stream()
          .flatMap(b -> b.examples().stream()).toList();
      for (ReadmeExamples.Example example : examples) {
        if (example.runs()) {
          run++;
        } else if (example.skippedByMarker()) {
          skipped++;
          skippedPerFile.merge(ROOT.relativize(readme.file).toString(), 1, Integer::sum);
        } else {
          builds++;
        }
      }
      for (ReadmeExamples.Output output : readme.outputs) {
        if (output.source() != null && examples.stream()
            .noneMatch(e -> e.runs() && e.command().contains(output.source()))) {
          problems.add(readme.file + ": line " + output.line() + ": output of \""
              + output.source() + "\", which no example that runs holds");
        }
      }
    }
    reporter.publishEntry("examples", "run " + run + ", skipped by design " + skipped
        + " " + skippedPerFile + ", build commands not run " + builds);
    assertEquals(List.of(), problems);
    assertTrue(run >= 13, "examples run, at least the 13 of today: " + run);
    assertEquals(SKIPPED_BY_DESIGN, skipped,
        "examples skipped by design, per file: " + skippedPerFile);
  }

  @Test
  void shownOutputMatchesWhatWasPrintedOnly() {
    List<String> printed = List.of("skipped tier 'redis'", "tier    rules   passed",
        "disk    store       21", "disk    lru         10", "", "PASSED: 300 tests of 3 tier(s)");
    assertTrue(ReadmeExamples.shows(printed, List.of("tier rules passed", "disk store 21",
        "...", "PASSED: ... tests of 3 tier(s)")));
    assertFalse(ReadmeExamples.shows(printed, List.of("disk store 21", "PASSED: ...")),
        "lines shown one after the other must be printed one after the other");
    assertFalse(ReadmeExamples.shows(printed, List.of("...", "PASSED: 195 tests of 3 tier(s)")));
    assertFalse(ReadmeExamples.shows(printed, List.of("disk store 2")));
  }

  @Test
  void aSkipMarkerThatSkipsNothingIsReported() throws IOException {
    Path readme = temp.resolve("README.md");
    Files.writeString(readme, String.join("\n",
        "<!-- example: skip \"/srv\": an operator's folder -->",
        "```sh", "./mvnw -B verify", "./tiercache stat", "```", ""));
    ReadmeExamples examples = ReadmeExamples.read(readme);
    assertEquals(1, examples.unusedSkips.size(), examples.unusedSkips.toString());
    assertEquals(List.of(ReadmeExamples.BUILD, "run"), examples.blocks.get(0).examples().stream()
        .map(e -> e.runs() ? "run" : e.notRunBecause()).toList());
  }

  @TestFactory
  Stream<DynamicNode> examplesWorkAsWritten() throws IOException {
    List<DynamicNode> files = new ArrayList<>();
    for (ReadmeExamples readme : readmes()) {
      Map<ReadmeExamples.Example, String> printed = new HashMap<>();
      List<String> lastBlockOutput = new ArrayList<>();
      List<DynamicNode> tests = new ArrayList<>();
      for (Object item : readme.items) {
        if (item instanceof ReadmeExamples.Block block
            && block.examples().stream().anyMatch(ReadmeExamples.Example::runs)) {
          tests.add(DynamicTest.dynamicTest(
              "line " + block.line() + ": " + first(block), () -> {
                lastBlockOutput.clear();
                lastBlockOutput.add(runBlock(readme, block, printed));
              }));
        } else if (item instanceof ReadmeExamples.Output output) {
          tests.add(DynamicTest.dynamicTest("line " + output.line() + ": output", () -> {
            String actual = output.source() == null
                ? String.join("\n", lastBlockOutput) : printedBy(printed, output.source());
            assertTrue(ReadmeExamples.shows(actual.lines().toList(), output.expected()),
                () -> readme.file + ": line " + output.line()
                    + ": the output shown is not what the example printed.\nshown:\n"
                    + String.join("\n", output.expected()) + "\nprinted:\n" + actual);
          }));
        }
      }
      if (!tests.isEmpty()) {
        files.add(DynamicContainer.dynamicContainer(
            ROOT.relativize(readme.file).toString(), tests));
      }
    }
    return files.stream();
  }

  private String runBlock(ReadmeExamples readme, ReadmeExamples.Block block,
      Map<ReadmeExamples.Example, String> printed) throws IOException, InterruptedException {
    DistributionFolder.path();   // built by cache-dist, or the launcher would start a build
    Path dir = Files.createTempDirectory(temp, "block");
    Path home = Files.createDirectories(dir.resolve("home"));
    Path work = Files.createDirectories(dir.resolve("work"));
    Path out = Files.createDirectories(dir.resolve("out"));
    try (Stream<Path> entries = Files.list(ROOT)) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        Files.createSymbolicLink(work.resolve(entry.getFileName()), entry);
      }
    }
    StringBuilder script = new StringBuilder("set -o pipefail\n");
    for (int i = 0; i < block.setup().size(); i++) {
      script.append("{ ").append(block.setup().get(i)).append("\n} > '").append(out)
          .append("/setup' 2>&1 || { cat '").append(out).append("/setup'; exit 99; }\n");
    }
    List<ReadmeExamples.Example> runs = block.examples().stream()
        .filter(ReadmeExamples.Example::runs).toList();
    for (int i = 0; i < runs.size(); i++) {
      // A group, not a subshell: an example's variables (key=$(...)) reach the next one.
      script.append("{ ").append(runs.get(i).command()).append("\n} > '").append(out)
          .append('/').append(i).append(".out' 2>&1; echo $? > '").append(out).append('/')
          .append(i).append(".rc'\n");
    }
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", script.toString())
        .directory(work.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    for (String name : List.of("XDG_CONFIG_HOME", "TIERCACHE_MODULE_PATH", "TIERCACHE_REDIS_URI",
        "TIERCACHE_JAVA_OPTS", "TIERCACHE_REBUILD")) {
      env.remove(name);
    }
    env.put("HOME", home.toString());
    // Java takes its user.home from the password database, not HOME: name the cache folder.
    env.put("XDG_CACHE_HOME", home.resolve(".cache").toString());
    String shell;
    try {
      Process process = builder.start();
      shell = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(process.waitFor(20, TimeUnit.MINUTES), "still running: " + first(block));
      assertEquals(0, process.exitValue(),
          () -> readme.file + ": line " + block.line() + ": the hidden setup failed: " + shell);
    } finally {
      // The links go before @TempDir's cleanup, which would warn about each one.
      try (Stream<Path> links = Files.list(work)) {
        for (Path link : (Iterable<Path>) links::iterator) {
          if (Files.isSymbolicLink(link)) {
            Files.delete(link);
          }
        }
      }
    }

    List<String> failures = new ArrayList<>();
    StringBuilder all = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      ReadmeExamples.Example example = runs.get(i);
      String output = Files.readString(out.resolve(i + ".out"))
          .replace(home.toString(), README_HOME);
      int status = Integer.parseInt(Files.readString(out.resolve(i + ".rc")).strip());
      printed.put(example, output);
      all.append(output);
      if (status != 0) {
        failures.add(readme.file + ": line " + example.line() + ": " + example.command()
            + "\n  exited " + status + ":\n" + output.indent(4));
      }
    }
    if (!failures.isEmpty()) {
      fail(String.join("\n", failures));
    }
    return all.toString();
  }

  private static String printedBy(Map<ReadmeExamples.Example, String> printed, String text) {
    return printed.entrySet().stream()
        .filter(e -> e.getKey().command().contains(text))
        .max((a, b) -> Integer.compare(a.getKey().line(), b.getKey().line()))
        .map(Map.Entry::getValue)
        .orElseThrow(() -> new AssertionError("no example holding \"" + text + "\" has run"));
  }

  private static String first(ReadmeExamples.Block block) {
    return block.examples().stream().filter(ReadmeExamples.Example::runs).findFirst()
        .map(ReadmeExamples.Example::command).orElse("");
  }

  /** The root README and every module's and example's README. */
  private static List<ReadmeExamples> readmes() throws IOException {
    List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> found = Stream.concat(Files.list(ROOT), Files.list(ROOT.resolve("examples")))) {
      files.addAll(found.map(dir -> dir.resolve("README.md")).filter(Files::isRegularFile)
          .sorted().collect(Collectors.toList()));
    }
    List<ReadmeExamples> readmes = new ArrayList<>();
    for (Path file : files) {
      readmes.add(ReadmeExamples.read(file));
    }
    assertFalse(readmes.get(0).blocks.isEmpty(), "no example found in " + files.get(0));
    return readmes;
  }
}
