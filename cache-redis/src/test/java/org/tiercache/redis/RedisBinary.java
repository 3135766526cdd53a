package org.tiercache.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import java.util.Optional;

/**
 * Which {@code redis-server} the tests start: the one on {@code PATH} when there is one, otherwise
 * the real redis-server 6.2 binary that the test dependency {@code com.github.codemonstur:
 * embedded-redis} carries as a resource, extracted once per test JVM into a private temporary file
 * (folder 0700, file 0700). Only the binary is taken from that jar, none of its classes: the tests
 * start and stop the server themselves, by pid, on a port of their own.
 *
 * <p>The system property {@value #PROPERTY}, else the environment variable {@value #VARIABLE},
 * chooses: {@code path} (the default) prefers {@code PATH} and falls back to the shipped binary,
 * {@code embedded} always takes the shipped binary (so a machine that has a redis-server can still
 * prove the tests pass without one), and anything else is the path of a binary to run.
 */
final class RedisBinary {
  /** The system property that chooses the binary. */
  static final String PROPERTY = "tiercache.redis.server";
  /** The environment variable that chooses the binary when the property is not set. */
  static final String VARIABLE = "TIERCACHE_REDIS_SERVER";
  /** The choice that forces the binary shipped in the embedded-redis jar. */
  static final String EMBEDDED = "embedded";

  private RedisBinary() {}

  /** Returns the binary the system property or environment variable asks for (see the class). */
  static Path chosen() {
    String choice = System.getProperty(PROPERTY);
    if (choice == null || choice.isBlank()) {
      choice = System.getenv(VARIABLE);
    }
    if (choice == null || choice.isBlank() || choice.equals("path")) {
      return onPath().orElseGet(RedisBinary::shipped);
    }
    if (choice.equals(EMBEDDED)) {
      return shipped();
    }
    Path given = Path.of(choice);
    if (!Files.isExecutable(given)) {
      throw new IllegalStateException(PROPERTY + "/" + VARIABLE + " names '" + choice
          + "', which is not an executable file; use 'path', 'embedded' or a redis-server binary");
    }
    return given;
  }

  /** Returns the {@code redis-server} on {@code PATH}, if there is one. */
  static Optional<Path> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String folder : path.split(File.pathSeparator)) {
      if (folder.isEmpty()) {
        continue;
      }
      Path candidate = Path.of(folder, "redis-server");
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the binary shipped in the embedded-redis jar for this platform, extracted on first
   * use.
   *
   * @throws IllegalStateException if this platform has no shipped binary or the jar is missing
   */
  static Path shipped() {
    return Shipped.BINARY;
  }

  /** Returns the name of the resource holding the binary for an operating system and a CPU. */
  static String resourceName(String osName, String osArch) {
    String os = osName.toLowerCase(Locale.ROOT);
    String arch = osArch.toLowerCase(Locale.ROOT);
    boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
    boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
    if (os.startsWith("linux") && x64) {
      return "redis-server-6.2.6-v5-linux-amd64";
    }
    if (os.startsWith("linux") && arm64) {
      return "redis-server-6.2.7-linux-arm64";
    }
    if (os.startsWith("mac") && x64) {
      return "redis-server-6.2.6-v5-darwin-amd64";
    }
    if (os.startsWith("mac") && arm64) {
      return "redis-server-6.2.6-v5-darwin-arm64";
    }
    throw new IllegalStateException("the embedded-redis jar ships no redis-server for " + osName
        + " on " + osArch + ", and none is on PATH: install redis-server (on Debian, 'apt-get "
        + "install -y redis-server') or name one with -D" + PROPERTY + "=/path/to/redis-server");
  }

  // Extracted once, when first asked for: the holder idiom makes that lazy and thread-safe.
  private static final class Shipped {
    static final Path BINARY = extract(
        resourceName(System.getProperty("os.name"), System.getProperty("os.arch")));

    private static Path extract(String resource) {
      // A top-level resource of a jar is not encapsulated, so the class loader finds it whether
      // the jar is on the class path or on the module path (an automatic module).
      ClassLoader loader = RedisBinary.class.getClassLoader();
      try (InputStream in = loader.getResourceAsStream(resource)) {
        if (in == null) {
          throw new IllegalStateException("no redis-server on PATH and no resource '" + resource
              + "' on the test path: the test dependency com.github.codemonstur:embedded-redis "
              + "is missing");
        }
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        Path dir = posix
            ? Files.createTempDirectory("tiercache-redis-bin-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
            : Files.createTempDirectory("tiercache-redis-bin-");
        Path binary = dir.resolve("redis-server");
        // Registered before the file, so that the file (deleted first) leaves the folder empty.
        dir.toFile().deleteOnExit();
        binary.toFile().deleteOnExit();
        Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
        if (posix) {
          Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwx------"));
        } else if (!binary.toFile().setExecutable(true, true)) {
          throw new IllegalStateException("cannot make " + binary + " executable");
        }
        return binary;
      } catch (IOException e) {
        throw new UncheckedIOException("extracting " + resource + " from the embedded-redis jar "
            + "failed", e);
      }
    }
  }
}
