package org.tiercache.redis;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A real {@code redis-server} for the tests, on 127.0.0.1 and a free port, without persistence
 * ({@code --save '' --appendonly no}); started as a child process and stopped through that process
 * (its pid), never by name.
 */
final class RedisServer implements AutoCloseable {
  /** How long a server may take to answer its first PING; a bound, not a timing assertion. */
  private static final Duration START_BOUND = Duration.ofSeconds(30);

  private final Path binary;
  private final int port;
  private final Path dir;
  private Process process;

  private RedisServer(Path binary, int port, Path dir) {
    this.binary = binary;
    this.port = port;
    this.dir = dir;
  }

  /**
   * Starts a server on a free port.
   *
   * @throws IllegalStateException if {@code redis-server} is not installed, saying how to install
   *     it
   */
  static RedisServer start() {
    Path binary = binary();
    Path dir;
    try {
      dir = Files.createTempDirectory("tiercache-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IllegalStateException last = null;
    // Another process may take the free port between our look and the server's bind: try again.
    for (int attempt = 0; attempt < 3; attempt++) {
      RedisServer server = new RedisServer(binary, freePort(), dir);
      try {
        server.startAgain();
        return server;
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  int port() {
    return port;
  }

  String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Starts the server again on the same port, empty (nothing was saved). */
  void startAgain() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the server on port " + port + " is running");
    }
    Path log = dir.resolve("redis-" + port + ".log");
    try {
      process = new ProcessBuilder(List.of(binary.toString(), "--bind", "127.0.0.1",
          "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
          "--dir", dir.toString(), "--daemonize", "no"))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      // Should a test forget to stop it, the server still ends with the test JVM.
      Process started = process;
      Runtime.getRuntime().addShutdownHook(new Thread(started::destroy));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + binary + ": " + e, e);
    }
    awaitPong(log);
  }

  /** Stops the server through its process, waiting until it has exited. */
  void stop() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }

  @Override
  public void close() {
    stop();
  }

  // Polls with PING until the server answers: bounded, and cut short if the process dies.
  private void awaitPong(Path log) {
    long deadline = System.nanoTime() + START_BOUND.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("redis-server on port " + port + " exited with "
            + process.exitValue() + ": " + read(log));
      }
      try (Jedis probe = new Jedis("127.0.0.1", port, 500)) {
        if ("PONG".equals(probe.ping())) {
          return;
        }
      } catch (JedisConnectionException e) {
        // Not listening yet.
      }
      if (System.nanoTime() - deadline > 0) {
        stop();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING "
            + "within " + START_BOUND + ": " + read(log));
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  private static Path binary() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String folder : path.split(File.pathSeparator)) {
        Path candidate = Path.of(folder, "redis-server");
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    Path debian = Path.of("/usr/bin/redis-server");
    if (Files.isExecutable(debian)) {
      return debian;
    }
    throw new IllegalStateException("redis-server is not installed (not on PATH, not "
        + "/usr/bin/redis-server): the Redis tier's tests run against a real server. Install it, "
        + "on Debian with 'apt-get update && apt-get install -y redis-server'");
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }
}
