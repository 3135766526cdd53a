package org.tiercache.redis;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Gives a test class the one {@link RedisCluster} of the test run: started by the first class that
 * asks, kept in the root context's store, and stopped by JUnit when the run ends (the store closes
 * what it holds), so that the kit's suites share one cluster. Register it as a static field with
 * {@code @RegisterExtension}. Tests that kill nodes start a cluster of their own.
 */
public final class RedisClusterExtension implements BeforeAllCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(RedisClusterExtension.class);

  private volatile RedisCluster cluster;

  @Override
  public void beforeAll(ExtensionContext context) {
    cluster = context.getRoot().getStore(NAMESPACE)
        .computeIfAbsent(RedisCluster.class, type -> RedisCluster.start(), RedisCluster.class);
  }

  /** Returns the URI of the run's cluster, {@code redis-cluster://...}. */
  public String uri() {
    return cluster.uri();
  }

  /** Returns the run's cluster. */
  public RedisCluster cluster() {
    return cluster;
  }
}
