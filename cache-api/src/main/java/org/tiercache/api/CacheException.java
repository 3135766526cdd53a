package org.tiercache.api;

/**
 * An unchecked failure of a tier that is not the caller's misuse: an I/O error, a full disk, a
 * server that cannot be reached. A configuration that cannot be used (a malformed setting, an
 * unknown tier id) raises the subclass {@link CacheConfigurationException}, so that a caller can
 * tell "fix the settings" from "the storage failed" by type.
 *
 * <p>Misuse of the API (a {@code null} argument, an invalid key) raises the JDK's own exceptions
 * instead, as each method documents.
 *
 * @since 0.1
 */
public class CacheException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what failed, naming the value or file involved
   */
  public CacheException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what failed, naming the value or file involved
   * @param cause the underlying failure
   */
  public CacheException(String message, Throwable cause) {
    super(message, cause);
  }
}
