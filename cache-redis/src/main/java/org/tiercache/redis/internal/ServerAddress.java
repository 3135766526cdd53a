package org.tiercache.redis.internal;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Where the Redis server is and how to log in: what a {@code redis://} URI says.
 *
 * @param tls whether to connect with TLS ({@code rediss://})
 * @param host the server's host name or address
 * @param port the server's port
 * @param user the ACL user, or {@code null} for the default user
 * @param password the password, or {@code null} for none
 * @param database the logical database number
 */
record ServerAddress(boolean tls, String host, int port, String user, String password,
    int database) {

  static final int DEFAULT_PORT = 6379;

  /**
   * Parses {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for TLS.
   *
   * @throws IllegalArgumentException saying what is wrong, without repeating a password
   */
  static ServerAddress parse(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URI: " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException("expected redis://host:port or rediss://host:port");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("names no host");
    }
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new IllegalArgumentException("a query or fragment is not understood; use settings");
    }
    String user = null;
    String password = null;
    String userInfo = uri.getUserInfo();
    if (userInfo != null && !userInfo.isEmpty()) {
      int colon = userInfo.indexOf(':');
      if (colon < 0) {
        password = userInfo;
      } else {
        user = colon == 0 ? null : userInfo.substring(0, colon);
        password = userInfo.substring(colon + 1);
      }
    }
    String path = uri.getPath();
    int database = 0;
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      database = parseDatabase(path.substring(1));
    }
    return new ServerAddress("rediss".equals(scheme), uri.getHost(),
        uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), user, password, database);
  }

  /**
   * Returns a URI's text with any login replaced by {@code ***}, for messages: everything up to the
   * last {@code @}, since a password may hold an unencoded {@code @} or {@code /}.
   */
  static String redact(String text) {
    return text.replaceFirst("(?<=://).*@", "***@");
  }

  static int parseDatabase(String text) {
    int database;
    try {
      database = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("database '" + text + "' is not a number");
    }
    if (database < 0) {
      throw new IllegalArgumentException("database must not be negative: " + database);
    }
    return database;
  }

  ServerAddress withLogin(String newUser, String newPassword) {
    return new ServerAddress(tls, host, port, newUser, newPassword, database);
  }

  /** Returns the address as a URI without the password, for messages and logs. */
  @Override
  public String toString() {
    return (tls ? "rediss://" : "redis://") + (user == null ? "" : user + "@") + host + ":" + port
        + "/" + database;
  }
}
