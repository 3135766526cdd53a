package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Redis password never shows in anything the tier says: not in the message of any exception it
 * throws, nor in the causes it carries, nor in its logs, nor in its {@code toString}. Every path
 * this module reaches is tried: bad settings next to a password, an unreachable server, a refused
 * login, and a working tier.
 */
final class SecretNeverShownTest {
  private static final String SECRET = "s3cr3t-Pa55w0rd";

  @Test
  void badSettingsNextToAPasswordNeverShowIt() {
    List<String[]> bad = List.of(
        new String[] {"uri", "redis://:" + SECRET + "@cache.example:notaport"},
        new String[] {"uri", "redis://alice:" + SECRET + "@cache.example/notanumber"},
        new String[] {"uri", "redis://:" + SECRET + "@"},
        new String[] {"uri", "http://:" + SECRET + "@cache.example"},
        new String[] {"uri", "redis://:" + SECRET + "@cache.example?db=1"},
        new String[] {"uri", "redis://:with@at" + SECRET + "@cache.example/x"},
        new String[] {"uri", "redis://:with/slash" + SECRET + "@cache.example/x"},
        new String[] {"uri", "redis://:" + SECRET + "@cache.example", "host", "cache.example"},
        new String[] {"host", "cache.example", "password", SECRET, "port", "abc"},
        new String[] {"host", "cache.example", "password", SECRET, "pool.size", "0"},
        new String[] {"host", "cache.example", "password", SECRET, "read.timeout", "0s"},
        new String[] {"password", SECRET, "database", "3"},
        new String[] {"password", SECRET},
        new String[] {"host", "cache.example", "pasword", SECRET},
        new String[] {"uri", "redis-cluster://:" + SECRET + "@a:1,b:notaport"},
        new String[] {"uri", "redis-cluster://alice:" + SECRET + "@a:1/3"},
        new String[] {"uri", "redis-cluster://:" + SECRET + "@a:1?master=" + SECRET},
        new String[] {"uri", "redis-sentinel://:" + SECRET + "@a:1"},
        new String[] {"uri", "redis-sentinel://:" + SECRET + "@a:1,,b?master=m"},
        new String[] {"uri", "redis-cluster://:" + SECRET + "@a:1", "shards", "0"});
    try (StandardErrorCapture logs = StandardErrorCapture.start()) {
      for (String[] settings : bad) {
        TierConfig.Builder config = TierConfig.builder();
        for (int i = 0; i < settings.length; i += 2) {
          config.set(settings[i], settings[i + 1]);
        }
        CacheException refused = assertThrows(CacheException.class,
            () -> TierDiscovery.scan().provider("redis").create(config.build()),
            () -> String.join(" ", settings) + " must be refused");
        assertNoSecret(refused, String.join(" ", settings));
      }
      assertFalse(logs.text().contains(SECRET), logs.text());
    }
  }

  @Test
  void anUnreachableServerNeverShowsThePassword() {
    try (StandardErrorCapture logs = StandardErrorCapture.start();
        CacheTier tier = open("redis://:" + SECRET + "@127.0.0.1:" + closedPort(), "")) {
      byte[] content = "content".getBytes(StandardCharsets.UTF_8);
      CacheException failed = assertThrows(CacheException.class,
          () -> tier.put(ContentKey.sha256(content), content));
      assertTrue(failed.getMessage().startsWith("redis at 127.0.0.1:"), failed.getMessage());
      assertNoSecret(failed, "put to an unreachable server");
      assertNull(tier.get(ContentKey.sha256(content)));
      assertFalse(tier.toString().contains(SECRET), tier.toString());
      assertTrue(logs.text().contains("cannot be used"), "the outage is logged: " + logs.text());
      assertFalse(logs.text().contains(SECRET), logs.text());
    }
  }

  @Test
  void anUnreachableClusterOrSentinelNeverShowsThePassword() {
    try (StandardErrorCapture logs = StandardErrorCapture.start()) {
      for (String uri : List.of(
          "redis-cluster://:" + SECRET + "@127.0.0.1:" + closedPort() + ",127.0.0.1:"
              + closedPort(),
          "redis-sentinel://alice:" + SECRET + "@127.0.0.1:" + closedPort() + "?master=m")) {
        CacheException refused = assertThrows(CacheException.class, () -> open(uri, ""),
            () -> "no node answers: " + uri.replace(SECRET, "***"));
        assertTrue(refused.getMessage().startsWith("redis at 127.0.0.1:"), refused.getMessage());
        assertNoSecret(refused, "unreachable " + uri.replace(SECRET, "***"));
      }
      assertFalse(logs.text().contains(SECRET), logs.text());
    }
  }

  @Test
  void aClusterWithAPasswordServesAndNeverShowsItNorARefusedOne() {
    try (RedisCluster cluster = RedisCluster.start(1, SECRET);
        StandardErrorCapture logs = StandardErrorCapture.start()) {
      String nodes = cluster.uri().substring("redis-cluster://".length());
      try (CacheTier tier = open("redis-cluster://:" + SECRET + "@" + nodes, "shards=2")) {
        byte[] content = "content".getBytes(StandardCharsets.UTF_8);
        assertTrue(tier.put(ContentKey.sha256(content), content));
        assertArrayEquals(content, tier.getBytes(ContentKey.sha256(content)));
        assertFalse(tier.toString().contains(SECRET), tier.toString());
        assertTrue(tier.toString().contains("redis-cluster://127.0.0.1:"), tier.toString());
      }
      CacheException refused = assertThrows(CacheException.class,
          () -> open("redis-cluster://:not-" + SECRET + "@" + nodes, ""));
      assertTrue(refused.getMessage().contains("refused the login"), refused.getMessage());
      assertNoSecret(refused, "cluster login refused");
      assertFalse(logs.text().contains(SECRET), logs.text());
    }
  }

  @Test
  void aRefusedLoginNeverShowsThePassword() {
    String right = "the-right-one-" + SECRET.length();
    try (RedisServer server = RedisServer.start("--requirepass", right);
        StandardErrorCapture logs = StandardErrorCapture.start()) {
      try (Jedis admin = new Jedis(new HostAndPort("127.0.0.1", server.port()),
          DefaultJedisClientConfig.builder().password(right).build())) {
        admin.aclSetUser("alice", "on", ">" + right, "~*", "+@all");
      }
      String base = "127.0.0.1:" + server.port();
      for (String uri : List.of("redis://:" + SECRET + "@" + base,
          "redis://alice:" + SECRET + "@" + base, "redis://nobody:" + SECRET + "@" + base)) {
        CacheException refused = assertThrows(CacheException.class, () -> open(uri, ""),
            () -> "a wrong password must be refused: " + uri.replace(SECRET, "***"));
        assertNoSecret(refused, "login refused");
      }
      CacheException refused = assertThrows(CacheException.class,
          () -> TierDiscovery.scan().provider("redis").create(TierConfig.builder()
              .set("host", "127.0.0.1").set("port", Integer.toString(server.port()))
              .set("user", "alice").set("password", SECRET).build()));
      assertNoSecret(refused, "login refused, password as a setting");

      // The right password, which must not show either, in a tier that works and then fails.
      try (CacheTier tier = open("redis://alice:" + right + "@" + base, "retry.interval=0")) {
        byte[] content = "content".getBytes(StandardCharsets.UTF_8);
        assertTrue(tier.put(ContentKey.sha256(content), content));
        assertFalse(tier.toString().contains(right), tier.toString());
        assertFalse(tier.stats().toString().contains(right));
        server.stop();
        CacheException failed = assertThrows(CacheException.class,
            () -> tier.put(ContentKey.sha256(content), content));
        assertFalse(trace(failed).contains(right), trace(failed));
        assertNull(assertDoesNotThrow(() -> tier.get(ContentKey.sha256(content))));
      }
      assertFalse(logs.text().contains(SECRET) || logs.text().contains(right), logs.text());
    }
  }

  private static CacheTier open(String uri, String settings) {
    return TierDiscovery.scan().provider("redis").create(TierConfig.parse(settings).toBuilder()
        .set("uri", uri).set("prefix", RedisTiers.freshPrefix()).build());
  }

  private static void assertNoSecret(Throwable failure, String context) {
    String trace = trace(failure);
    List<String> texts = new ArrayList<>();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      texts.add(String.valueOf(t.getMessage()));
    }
    assertFalse(trace.contains(SECRET), () -> context + ": the password shows in\n" + trace);
    assertFalse(texts.stream().anyMatch(text -> text.contains(SECRET)), context);
  }

  private static String trace(Throwable failure) {
    StringWriter text = new StringWriter();
    failure.printStackTrace(new PrintWriter(text));
    return text.toString();
  }

  // A port nothing listens on: taken free, then released.
  private static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
