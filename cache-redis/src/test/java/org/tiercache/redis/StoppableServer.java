package org.tiercache.redis;

import java.util.ArrayDeque;
import java.util.Deque;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@code redis-server} of one test's own, for the tests that stop it under a running tier and
 * start it again: started before each test, and after it what the test opened on it (tiers,
 * stacks) is closed, newest first, and then the server is stopped through its process. Register it
 * as an instance field with {@code @RegisterExtension}. Public for the tests of the internal
 * package.
 */
public final class StoppableServer implements BeforeEachCallback, AfterEachCallback {
  private final Deque<AutoCloseable> opened = new ArrayDeque<>();
  private RedisServer server;

  /** For {@code @RegisterExtension}. */
  public StoppableServer() {}

  @Override
  public void beforeEach(ExtensionContext context) {
    server = RedisServer.start();
  }

  @Override
  public void afterEach(ExtensionContext context) throws Exception {
    try {
      while (!opened.isEmpty()) {
        opened.pop().close();
      }
    } finally {
      opened.clear();
      server.stop();
    }
  }

  /**
   * Closes {@code closeable} after the test, before the server stops.
   *
   * @return {@code closeable}
   */
  public <T extends AutoCloseable> T closedAfter(T closeable) {
    opened.push(closeable);
    return closeable;
  }

  /** Returns the port the server listens on, on 127.0.0.1; the same after a restart. */
  public int port() {
    return server.port();
  }

  /** Returns {@code redis://127.0.0.1:port}. */
  public String uri() {
    return server.uri();
  }

  /** Stops the server through its process, waiting until it has exited. */
  public void stop() {
    server.stop();
  }

  /** Starts the server again on the same port, empty (nothing was saved). */
  public void startAgain() {
    server.startAgain();
  }
}
