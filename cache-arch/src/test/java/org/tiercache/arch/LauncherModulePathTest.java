package org.tiercache.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An operator's own tier survives a build: the launcher adds the folder under the user's config
 * directory and {@code TIERCACHE_MODULE_PATH} to the distribution folder, which {@code ./mvnw clean}
 * empties.
 */
final class LauncherModulePathTest {
  private static final Path LAUNCHER = Path.of(System.getProperty("tiercache.launcher"));
  private static final Path TIER = Path.of(System.getProperty("tiercache.example.tier"));

  @TempDir Path home;

  @Test
  void aTierInTheEnvironmentsModulePathIsUsable() throws Exception {
    String without = run(Map.of(), "providers");
    assertFalse(without.contains("deflate"), without);

    String with = run(Map.of("TIERCACHE_MODULE_PATH", TIER.toString()), "providers");
    assertTrue(with.contains("deflate"), with);
  }

  @Test
  void aTierInTheConfigFolderIsUsable() throws Exception {
    Path modules = Files.createDirectories(home.resolve(".config/tiercache/modules"));
    copyTree(TIER, modules.resolve("deflate"));

    String stat = run(Map.of(), "stat", "--stack", "deflate(capacity=1MB)");
    assertTrue(stat.contains("deflate"), stat);
  }

  private String run(Map<String, String> env, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(
        concat(List.of("bash", LAUNCHER.toString()), List.of(args)));
    builder.environment().remove("TIERCACHE_MODULE_PATH");
    builder.environment().remove("XDG_CONFIG_HOME");
    builder.environment().put("HOME", home.toString());
    builder.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
    builder.environment().putAll(env);
    Process process = builder.redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), output);
    assertEquals(0, process.exitValue(), output);
    return output;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : (Iterable<Path>) files::iterator) {
        Files.copy(source, to.resolve(from.relativize(source).toString()));
      }
    }
  }
}
