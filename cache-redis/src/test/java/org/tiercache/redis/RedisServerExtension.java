package org.tiercache.redis;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class the one {@link RedisServer} of the test run: started by the first class that
 * asks, kept in the root context's store, and stopped by JUnit when the run ends (the store closes
 * what it holds). Register it as a static field with {@code @RegisterExtension}.
 */
public final class RedisServerExtension implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisServerExtension.class);

  private volatile RedisServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = context.getRoot().getStore(NAMESPACE)
        .computeIfAbsent(RedisServer.class, type -> RedisServer.start(), RedisServer.class);
  }

  /** Returns the URI of the run's server. */
  public String uri() {
    return server.uri();
  }
}
