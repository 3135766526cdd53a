package org.tiercache.redis.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the Redis server is and how to log in: what a {@code redis://}, {@code redis-cluster://}
 * or {@code redis-sentinel://} URI says.
 *
 * @param kind one server, a cluster, or a primary found through Sentinel
 * @param tls whether to connect with TLS ({@code rediss://}, {@code rediss-cluster://}...)
 * @param host the (first) server's host name or address
 * @param port the (first) server's port
 * @param nodes every node named, as {@code host:port}: the server, the cluster's seed nodes, or
 *     the sentinels
 * @param user the ACL user, or {@code null} for the default user
 * @param password the password, or {@code null} for none
 * @param database the logical database number (always 0 on a cluster)
 * @param master the name Sentinel knows the primary by, or {@code null} but for Sentinel
 */
record ServerAddress(Kind kind, boolean tls, String host, int port, List<String> nodes,
    String user, String password, int database, String master) {

  static final int DEFAULT_PORT = 6379;
  static final int DEFAULT_SENTINEL_PORT = 26379;

  /** What a URI names. */
  enum Kind {
    /** One server: {@code redis://}. */
    SINGLE("redis"),
    /** A Redis Cluster, by some of its nodes: {@code redis-cluster://}. */
    CLUSTER("redis-cluster"),
    /** A primary that Sentinel follows: {@code redis-sentinel://}. */
    SENTINEL("redis-sentinel");

    final String scheme;

    Kind(String scheme) {
      this.scheme = scheme;
    }
  }

  ServerAddress {
    nodes = List.copyOf(nodes);
  }

  /** One server. */
  ServerAddress(boolean tls, String host, int port, String user, String password, int database) {
    this(Kind.SINGLE, tls, host, port, List.of(host + ":" + port), user, password, database, null);
  }

  /**
   * Parses {@code redis://[[user]:password@]host[:port][/database]}, or {@code rediss://} for TLS;
   * {@code redis-cluster://[[user]:password@]host:port,host:port,...} (any of the cluster's nodes;
   * the client learns the rest); {@code redis-sentinel://[[user]:password@]host:port,...
   * [/database]?master=name} (the sentinels; the login is the data nodes'). A {@code s} after
   * {@code redis} asks for TLS in each form.
   *
   * @throws IllegalArgumentException saying what is wrong, without repeating a password
   */
  static ServerAddress parse(String text) {
    int schemeEnd = text.indexOf("://");
    String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd);
    if (scheme.equals("redis") || scheme.equals("rediss")) {
      return parseSingle(text);
    }
    boolean tls = scheme.startsWith("rediss-");
    String plain = tls ? "redis-" + scheme.substring("rediss-".length()) : scheme;
    Kind kind;
    if (plain.equals(Kind.CLUSTER.scheme)) {
      kind = Kind.CLUSTER;
    } else if (plain.equals(Kind.SENTINEL.scheme)) {
      kind = Kind.SENTINEL;
    } else {
      throw new IllegalArgumentException("expected redis://host:port, rediss://host:port, "
          + "redis-cluster://host:port,host:port,... or "
          + "redis-sentinel://host:port,host:port,...?master=name");
    }
    String rest = text.substring(schemeEnd + 3);
    if (rest.contains("#")) {
      throw new IllegalArgumentException("a fragment is not understood");
    }
    String query = null;
    int question = rest.indexOf('?');
    if (question >= 0) {
      query = rest.substring(question + 1);
      rest = rest.substring(0, question);
    }
    String user = null;
    String password = null;
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String login = rest.substring(0, at);
      rest = rest.substring(at + 1);
      int colon = login.indexOf(':');
      if (colon < 0) {
        password = decode(login);
      } else {
        user = colon == 0 ? null : decode(login.substring(0, colon));
        password = decode(login.substring(colon + 1));
      }
      if (password != null && password.isEmpty()) {
        password = null;
      }
    }
    int database = 0;
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      String path = rest.substring(slash + 1);
      rest = rest.substring(0, slash);
      if (!path.isEmpty()) {
        database = parseDatabase(path);
      }
    }
    if (kind == Kind.CLUSTER && database != 0) {
      throw new IllegalArgumentException("a cluster has database 0 only, not " + database);
    }
    String master = null;
    if (query != null && !query.isEmpty()) {
      for (String pair : query.split("&")) {
        if (kind == Kind.SENTINEL && pair.startsWith("master=") && pair.length() > 7) {
          master = decode(pair.substring(7));
        } else {
          throw new IllegalArgumentException("query '" + pair.replaceFirst("=.*", "")
              + "' is not understood; " + (kind == Kind.SENTINEL ? "only master=name"
              : "a cluster takes none"));
        }
      }
    }
    if (kind == Kind.SENTINEL && master == null) {
      throw new IllegalArgumentException("names no primary: add ?master=name (the name the "
          + "sentinels monitor it by)");
    }
    List<String> nodes = new ArrayList<>();
    int defaultPort = kind == Kind.SENTINEL ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
    for (String node : rest.split(",", -1)) {
      nodes.add(node(node.trim(), defaultPort));
    }
    String first = nodes.get(0);
    int colon = first.lastIndexOf(':');
    return new ServerAddress(kind, tls, first.substring(0, colon),
        Integer.parseInt(first.substring(colon + 1)), nodes, user, password, database, master);
  }

  // host[:port], checked: the host a name or an address, the port from 1 to 65535.
  private static String node(String text, int defaultPort) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException("names an empty node: give host:port,host:port,...");
    }
    int colon = text.lastIndexOf(':');
    String host = colon < 0 ? text : text.substring(0, colon);
    int port = defaultPort;
    if (colon >= 0) {
      try {
        port = Integer.parseInt(text.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("node '" + text + "' has no port number");
      }
    }
    if (port < 1 || port > 65_535 || host.isEmpty() || !host.matches("[A-Za-z0-9._\\-\\[\\]:]+")) {
      throw new IllegalArgumentException("node '" + text + "' is not host:port");
    }
    return host + ":" + port;
  }

  private static ServerAddress parseSingle(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URI: " + e.getReason());
    }
    String scheme = uri.getScheme();
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

  // Percent-escapes decoded as UTF-8, as java.net.URI decodes a redis:// login ('+' stays '+').
  private static String decode(String text) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%' && i + 2 < text.length() && isHex(text.charAt(i + 1))
          && isHex(text.charAt(i + 2))) {
        out.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(bytes, 0, bytes.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0;
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
    return new ServerAddress(kind, tls, host, port, nodes, newUser, newPassword, database, master);
  }

  /** Returns the nodes as {@code host:port,host:port}, for the message of an outage. */
  String hostsAndPorts() {
    return String.join(",", nodes);
  }

  /** Returns the address as a URI without the password, for messages and logs. */
  @Override
  public String toString() {
    String scheme = tls ? kind.scheme.replaceFirst("^redis", "rediss") : kind.scheme;
    String login = user == null ? "" : user + "@";
    return switch (kind) {
      case SINGLE -> scheme + "://" + login + host + ":" + port + "/" + database;
      case CLUSTER -> scheme + "://" + login + hostsAndPorts();
      case SENTINEL -> scheme + "://" + login + hostsAndPorts() + "/" + database + "?master="
          + master;
    };
  }
}
