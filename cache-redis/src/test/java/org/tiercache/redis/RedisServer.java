package org.tiercache.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * A real {@code redis-server} for the tests, on 127.0.0.1 and a free port, without persistence
 * ({@code --save '' --appendonly no}); started as a child process and stopped through that process
 * (its pid), never by name. The binary is the one {@link RedisBinary} chooses: {@code PATH}, else
 * the one shipped in the embedded-redis test dependency. Public for the tests of the internal
 * package and for cache-bench's Redis benchmark, which takes it (with {@link RedisBinary}) from
 * this module's test-jar: one place chooses, extracts and starts a server.
 */
public final class RedisServer implements AutoCloseable {
  /** How long a server may take to answer its first PING; a bound, not a timing assertion. */
  private static final Duration START_BOUND = Duration.ofSeconds(30);

  private final Path binary;
  private final int port;
  private final Path dir;
  private final List<String> extraArguments;
  private Process process;

  private RedisServer(Path binary, int port, Path dir, List<String> extraArguments) {
    this.binary = binary;
    this.port = port;
    this.dir = dir;
    this.extraArguments = extraArguments;
  }

  /**
   * Starts a server on a free port, with the binary {@link RedisBinary#chosen()} gives.
   *
   * @param extraArguments more arguments for the server, such as
   *     {@code "--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru"}
   * @throws IllegalStateException if no binary can be found or the server does not start
   */
  public static RedisServer start(String... extraArguments) {
    return start(RedisBinary.chosen(), extraArguments);
  }

  /** Starts a server on a free port with the given binary and more arguments. */
  public static RedisServer start(Path binary, String... extraArguments) {
    Path dir;
    try {
      dir = Files.createTempDirectory("tiercache-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    IllegalStateException last = null;
    // Another process may take the free port between our look and the server's bind: try again.
    for (int attempt = 0; attempt < 3; attempt++) {
      RedisServer server = new RedisServer(binary, freePort(), dir, List.of(extraArguments));
      try {
        server.startAgain();
        return server;
      } catch (IllegalStateException e) {
        last = e;
      }
    }
    throw last;
  }

  /**
   * Starts a server on the given port (one {@link #freePort(int)} gave), with the binary
   * {@link RedisBinary#chosen()} gives.
   *
   * @throws IllegalStateException if the server does not start (the port was taken meanwhile)
   */
  public static RedisServer startOn(int port, String... extraArguments) {
    Path dir;
    try {
      dir = Files.createTempDirectory("tiercache-redis-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    RedisServer server = new RedisServer(RedisBinary.chosen(), port, dir,
        List.of(extraArguments));
    server.startAgain();
    return server;
  }

  /**
   * Returns a port free on 127.0.0.1 whose {@code port + offset} is free too (a cluster node's bus
   * listens on its port + 10000), below 55536 so that both are ports.
   */
  public static int freePort(int offset) {
    for (int attempt = 0; attempt < 100; attempt++) {
      int port = freePort();
      if (port + offset <= 65_535 && isFree(port + offset)) {
        return port;
      }
    }
    throw new IllegalStateException("found no free port p with p + " + offset + " free too");
  }

  private static boolean isFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1,
        InetAddress.getLoopbackAddress())) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** Returns the server process's pid. */
  public long pid() {
    return process.pid();
  }

  /** Kills the server outright (SIGKILL through its process, by pid), as a crash would. */
  public void kill() {
    if (process == null || !process.isAlive()) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Tells whether the server process is running. */
  public boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Returns the port the server listens on, on 127.0.0.1. */
  public int port() {
    return port;
  }

  /** Returns {@code redis://127.0.0.1:port}. */
  public String uri() {
    return "redis://127.0.0.1:" + port;
  }

  /** Returns the binary this server runs. */
  public Path binary() {
    return binary;
  }

  /** Returns the server's own version, as {@code INFO server} reports it. */
  public String version() {
    try (Jedis probe = new Jedis("127.0.0.1", port, 2000)) {
      for (String line : probe.info("server").split("\r?\n")) {
        if (line.startsWith("redis_version:")) {
          return line.substring("redis_version:".length()).trim();
        }
      }
    }
    throw new IllegalStateException("the server on port " + port + " reports no redis_version");
  }

  /** Starts the server again on the same port, empty (nothing was saved). */
  public void startAgain() {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("the server on port " + port + " is running");
    }
    Path log = dir.resolve("redis-" + port + ".log");
    try {
      List<String> command = new ArrayList<>(List.of(binary.toString(), "--bind", "127.0.0.1",
          "--port", Integer.toString(port), "--save", "", "--appendonly", "no",
          "--dir", dir.toString(), "--daemonize", "no"));
      command.addAll(extraArguments);
      process = new ProcessBuilder(command)
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
  public void stop() {
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
      } catch (JedisAccessControlException e) {
        // A server started with --requirepass: it answers, refusing us.
        return;
      }
      if (System.nanoTime() - deadline > 0) {
        stop();
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING "
            + "within " + START_BOUND + ": " + read(log));
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
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
