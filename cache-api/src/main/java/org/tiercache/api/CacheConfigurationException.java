package org.tiercache.api;

/**
 * A configuration that cannot be used, as opposed to a tier whose storage failed: a malformed
 * setting or value, a setting a tier does not know, a size rule or stack spec that does not parse, a
 * tier id with no provider on the module path. The remedy is to change the configuration; trying
 * again as it is fails the same way.
 *
 * <p>Thrown by every parser of the configuration ({@link TierConfig#parse}, {@link
 * TierConfig#parseBytes}, {@link TierConfig#parseDuration}, {@link TierConfig#get(String,
 * java.util.function.Function)}, {@link TierConfig#requireOnly}, the composer's size rules and
 * stack spec), by {@link TierDiscovery#provider} for an id it cannot resolve, and by providers
 * refusing their settings. A command line maps it to "bad usage"; any other {@link CacheException}
 * is a failure of storage.
 *
 * @since 0.2
 */
public class CacheConfigurationException extends CacheException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what is wrong, naming the setting and the value (secrets masked)
   */
  public CacheConfigurationException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what is wrong, naming the setting and the value (secrets masked)
   * @param cause the parser's failure, or {@code null}
   */
  public CacheConfigurationException(String message, Throwable cause) {
    super(message, cause);
  }
}
