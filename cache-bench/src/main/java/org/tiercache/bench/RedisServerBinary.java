package org.tiercache.bench;

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
 * The {@code redis-server} that {@link RedisTierBenchmark} starts: {@code -Dtiercache.redis.server}
 * (or {@code TIERCACHE_REDIS_SERVER}) when set to a path, else the one on {@code PATH}, else the
 * redis-server 6.2 binary that {@code com.github.codemonstur:embedded-redis} carries as a resource
 * (Linux amd64/arm64, macOS), extracted into a private temporary folder. {@code embedded} forces the
 * shipped binary. A small copy of the Redis tier tests' {@code RedisBinary}: the benchmark jar does
 * not see the test classes, and this way a fresh machine with only a JDK runs the Redis benchmark.
 */
final class RedisServerBinary {
  private RedisServerBinary() {}

  static Path chosen() {
    String choice = System.getProperty("tiercache.redis.server");
    if (choice == null || choice.isBlank()) {
      choice = System.getenv("TIERCACHE_REDIS_SERVER");
    }
    if (choice == null || choice.isBlank() || choice.equals("path")) {
      return onPath().orElseGet(RedisServerBinary::shipped);
    }
    if (choice.equals("embedded")) {
      return shipped();
    }
    Path given = Path.of(choice);
    if (!Files.isExecutable(given)) {
      throw new IllegalStateException("tiercache.redis.server names '" + choice
          + "', which is not an executable file; use 'path', 'embedded' or a redis-server binary");
    }
    return given;
  }

  private static Optional<Path> onPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String folder : path.split(File.pathSeparator)) {
      if (!folder.isEmpty() && Files.isExecutable(Path.of(folder, "redis-server"))) {
        return Optional.of(Path.of(folder, "redis-server"));
      }
    }
    return Optional.empty();
  }

  private static Path shipped() {
    String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
    boolean x64 = arch.equals("amd64") || arch.equals("x86_64");
    boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
    String resource;
    if (os.startsWith("linux") && x64) {
      resource = "redis-server-6.2.6-v5-linux-amd64";
    } else if (os.startsWith("linux") && arm64) {
      resource = "redis-server-6.2.7-linux-arm64";
    } else if (os.startsWith("mac") && x64) {
      resource = "redis-server-6.2.6-v5-darwin-amd64";
    } else if (os.startsWith("mac") && arm64) {
      resource = "redis-server-6.2.6-v5-darwin-arm64";
    } else {
      throw new IllegalStateException("no redis-server on PATH, and embedded-redis ships none for "
          + os + " on " + arch + ": install one or name it with -Dtiercache.redis.server=PATH");
    }
    try (InputStream in = RedisServerBinary.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("no redis-server on PATH and no resource '" + resource
            + "' in the benchmark jar (dependency com.github.codemonstur:embedded-redis)");
      }
      boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
      Path dir = posix
          ? Files.createTempDirectory("tiercache-bench-redis-bin-",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
          : Files.createTempDirectory("tiercache-bench-redis-bin-");
      Path binary = dir.resolve("redis-server");
      dir.toFile().deleteOnExit();
      binary.toFile().deleteOnExit();
      Files.copy(in, binary, StandardCopyOption.REPLACE_EXISTING);
      if (!binary.toFile().setExecutable(true, true)) {
        throw new IllegalStateException("cannot make " + binary + " executable");
      }
      return binary;
    } catch (IOException e) {
      throw new UncheckedIOException("extracting " + resource + " from the benchmark jar failed", e);
    }
  }
}
