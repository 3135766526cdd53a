package org.tiercache.api;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds the tier jars of {@code src/test/fixture-tiers}, one per folder, as a user's build would:
 * compiled against this module's classes, with the folder's services file, and a manifest whose
 * {@code Implementation-Version} is {@value #CLASS_PATH_VERSION}; the {@code modular} folder becomes a
 * module jar of version {@value #MODULE_VERSION}.
 */
final class FixtureJars {
  static final String CLASS_PATH_VERSION = "1.2.3";
  static final String MODULE_VERSION = "3.4.5";

  private static final Path SOURCES = Path.of("src", "test", "fixture-tiers");
  private static final Path API_CLASSES = Path.of("target", "classes");

  private FixtureJars() {}

  /**
   * Builds the jar of every fixture folder into {@code into}, with two runs of javac: one for the
   * class-path tiers, one for the module.
   *
   * @return each fixture's jar by folder name
   */
  static Map<String, Path> buildAll(Path into) throws IOException, InterruptedException {
    List<String> fixtures;
    try (Stream<Path> folders = Files.list(SOURCES)) {
      fixtures = folders.map(f -> f.getFileName().toString()).sorted()
          .collect(Collectors.toList());
    }
    Path classes = Files.createDirectories(into.resolve("classes"));
    Path moduleClasses = Files.createDirectories(into.resolve("module-classes"));
    List<Path> plain = new ArrayList<>();
    List<Path> modular = new ArrayList<>();
    for (String fixture : fixtures) {
      List<Path> sources = javaFiles(SOURCES.resolve(fixture));
      (sources.stream().anyMatch(f -> f.endsWith("module-info.java")) ? modular : plain)
          .addAll(sources);
    }
    compile(plain, classes, false);
    compile(modular, moduleClasses, true);
    Map<String, Path> jars = new HashMap<>();
    for (String fixture : fixtures) {
      Path source = SOURCES.resolve(fixture);
      boolean isModule = Files.exists(source.resolve("module-info.java"));
      // A fixture's classes are those its sources compile to: same path, .class, nested ones too.
      Set<String> stems = javaFiles(source).stream()
          .map(f -> source.relativize(f).toString().replaceAll("\\.java$", ""))
          .collect(Collectors.toSet());
      Path root = isModule ? moduleClasses : classes;
      jars.put(fixture, jar(into.resolve(fixture + ".jar"), source, root, f -> {
        String name = root.relativize(f).toString().replaceAll("(\\$.*)?\\.class$", "");
        return stems.contains(name);
      }));
    }
    return jars;
  }

  private static List<Path> javaFiles(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toList());
    }
  }

  private static Path jar(Path jar, Path source, Path classes, Predicate<Path> ownClass)
      throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.IMPLEMENTATION_VERSION, CLASS_PATH_VERSION);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest)) {
      add(out, source, f -> !f.toString().endsWith(".java"));
      add(out, classes, ownClass);
    }
    return jar.toAbsolutePath();
  }

  private static void add(JarOutputStream out, Path root, Predicate<Path> wanted) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files = walk.filter(Files::isRegularFile).filter(wanted).sorted()
          .collect(Collectors.toList());
    }
    for (Path file : files) {
      out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
      out.write(Files.readAllBytes(file));
      out.closeEntry();
    }
  }

  // The JDK's javac as a process: this test module does not read java.compiler.
  private static void compile(List<Path> javaFiles, Path classes, boolean modular)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "javac").toString(), "--release", "17",
        "-d", classes.toString(), modular ? "--module-path" : "--class-path",
        API_CLASSES.toAbsolutePath().toString()));
    if (modular) {
      command.addAll(List.of("--module-version", MODULE_VERSION));
    }
    javaFiles.forEach(f -> command.add(f.toString()));
    Path log = Files.createTempFile("javac", ".log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    int status = process.waitFor();
    String output = Files.readString(log);
    Files.delete(log);
    if (status != 0) {
      throw new IllegalStateException("compiling the fixture tier failed: " + output);
    }
  }
}
