package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.CacheException;
import org.tiercache.api.TierConfig;

/** How the settings are read: the server, its defaults from outside, and every value checked. */
final class ProviderSettingsTest {
  private static final UnaryOperator<String> NOTHING = name -> null;

  @Test
  void uriGivesServerLoginAndDatabase() {
    ServerAddress server = read("uri=redis://alice:s3cret@cache.example:6380/3").server();
    assertEquals(new ServerAddress(false, "cache.example", 6380, "alice", "s3cret", 3), server);
    assertFalse(server.toString().contains("s3cret"), "messages must not show the password");
    assertTrue(read("uri=rediss://:pw@cache.example").server().tls());
    assertEquals(6379, read("uri=redis://cache.example").server().port());
    assertNull(read("uri=redis://:pw@cache.example").server().user());
  }

  @Test
  void hostPortAndDatabaseAreAnAlternativeToTheUri() {
    ServerAddress server = read("host=10.0.0.5 port=6390 database=2 password=pw").server();
    assertEquals(new ServerAddress(false, "10.0.0.5", 6390, null, "pw", 2), server);
  }

  @Test
  void serverComesFromThePropertyThenTheEnvironmentWhenTheSettingsNameNone() {
    UnaryOperator<String> property = name -> name.equals("tiercache.redis.uri")
        ? "redis://from-property:1" : null;
    UnaryOperator<String> environment = name -> name.equals("TIERCACHE_REDIS_URI")
        ? "redis://from-environment:2" : null;
    TierConfig none = TierConfig.parse("");
    assertEquals("from-property",
        RedisSettings.from(none, property, environment).server().host());
    assertEquals("from-environment",
        RedisSettings.from(none, NOTHING, environment).server().host());
    assertEquals("from-settings", RedisSettings.from(TierConfig.parse("host=from-settings"),
        property, environment).server().host(), "the settings win over both");
  }

  @Test
  void noServerAnywhereFailsNamingWhereToSetOne() {
    CacheException e = assertThrows(CacheException.class,
        () -> RedisSettings.from(TierConfig.parse("prefix=x"), NOTHING, NOTHING));
    assertTrue(e.getMessage().contains("uri=redis://host:port")
        && e.getMessage().contains("tiercache.redis.uri")
        && e.getMessage().contains("TIERCACHE_REDIS_URI"), e.getMessage());
  }

  @Test
  void defaultsAreDocumentedOnes() {
    RedisSettings settings = read("host=h");
    assertEquals(256L << 20, settings.capacityBytes());
    assertEquals("tiercache", settings.namespace());
    assertEquals(8, settings.poolSize());
    assertEquals(Duration.ofSeconds(2), settings.connectTimeout());
    assertEquals(Duration.ofSeconds(2), settings.readTimeout());
    assertEquals(Duration.ofDays(30), settings.backstop());
    assertEquals(Duration.ofSeconds(1), settings.retryInterval());
    assertNull(settings.ttl());
    assertEquals(Duration.ofMinutes(65), read("host=h ttl=5m").backstop(),
        "with a ttl the backstop is the ttl plus an hour");
  }

  @Test
  void badSettingsAreRefusedByName() {
    assertRefused("host=h colour=blue", "colour");
    assertRefused("uri=redis://h host=h", "host");
    assertRefused("port=7000", "host");
    assertRefused("uri=http://h", "uri");
    assertRefused("host=h prefix=a{b}", "prefix");
    assertRefused("host=h pool.size=0", "pool.size");
    assertRefused("host=h port=70000", "port");
    assertRefused("host=h read.timeout=0s", "read.timeout");
    assertRefused("host=h ttl=1h backstop=30m", "backstop");
    assertRefused("prefix=p", "names no server");
  }

  @Test
  void aBadUriDoesNotRepeatItsPassword() {
    CacheException e = assertThrows(CacheException.class,
        () -> read("uri=redis://user:s3cret@h/notanumber"));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    assertTrue(e.getMessage().contains("***@h"), e.getMessage());
  }

  @Test
  void scratchSettingsGiveEachFolderItsOwnStableNamespace() {
    RedisTierProvider provider = new RedisTierProvider();
    Map<String, String> one = provider.scratchSettings(Path.of("/tmp/one"));
    assertEquals(one, provider.scratchSettings(Path.of("/tmp/one")),
        "the same folder must give the same namespace, or a reopen would find another cache");
    assertNotEquals(one.get("prefix"), provider.scratchSettings(Path.of("/tmp/two")).get("prefix"));
    assertFalse(one.containsKey("capacity") || one.containsKey("ttl"));
    read("host=h prefix=" + one.get("prefix") + " backstop=" + one.get("backstop"));
  }

  @Test
  void clusterUriNamesItsSeedNodesAndTakesTwentyFourShardsByDefault() {
    RedisSettings settings =
        read("uri=\"redis-cluster://bob:s3cret@10.0.0.1:7000,10.0.0.2:7001\"");
    ServerAddress server = settings.server();
    assertEquals(ServerAddress.Kind.CLUSTER, server.kind());
    assertEquals(java.util.List.of("10.0.0.1:7000", "10.0.0.2:7001"), server.nodes());
    assertEquals("bob", server.user());
    assertEquals("s3cret", server.password());
    assertEquals(24, settings.shards(), "a cluster spreads a namespace by default");
    assertEquals("redis-cluster://bob@10.0.0.1:7000,10.0.0.2:7001", server.toString());
    assertEquals("10.0.0.1:7000,10.0.0.2:7001", settings.hostAndPort());
    assertEquals(6379, read("uri=redis-cluster://seed").server().port());
    assertEquals(3, read("uri=\"redis-cluster://a:1,b:2\" shards=3").shards());
    assertTrue(read("uri=rediss-cluster://a:1").server().tls());
    assertEquals("p@ss", read("uri=redis-cluster://:p%40ss@a:1").server().password());
  }

  @Test
  void oneServerKeepsOneShardByDefaultSoExistingNamespacesKeepTheirKeys() {
    assertEquals(1, read("uri=redis://cache.example").shards());
    assertEquals(1, read("uri=\"redis-sentinel://s1:26379,s2?master=cache\"").shards());
    assertEquals(4, read("uri=redis://cache.example shards=4").shards());
  }

  @Test
  void sentinelUriNamesTheSentinelsAndThePrimary() {
    ServerAddress server = read("uri=\"redis-sentinel://:pw@s1:5000,s2/2?master=cache\"").server();
    assertEquals(ServerAddress.Kind.SENTINEL, server.kind());
    assertEquals(java.util.List.of("s1:5000", "s2:26379"), server.nodes());
    assertEquals("cache", server.master());
    assertEquals(2, server.database());
    assertEquals("pw", server.password());
    assertEquals("redis-sentinel://s1:5000,s2:26379/2?master=cache", server.toString());
  }

  @Test
  void badClusterOrSentinelUrisAreRefusedNamingWhatIsWrong() {
    assertRefused("uri=redis-sentinel://s1:5000", "master=name");
    assertRefused("uri=redis-cluster://a:1/3", "database 0 only");
    assertRefused("uri=redis-cluster://a:1?master=x", "a cluster takes none");
    assertRefused("uri=\"redis-cluster://a:1,,b:2\"", "empty node");
    assertRefused("uri=redis-cluster://a:x", "node 'a:x'");
    assertRefused("uri=redis-cluster://a:70000", "node 'a:70000'");
    assertRefused("uri=redis-cluster://a:1 shards=0", "shards");
    assertRefused("uri=redis-cluster://a:1 shards=1025", "shards");
  }

  private static RedisSettings read(String text) {
    return RedisSettings.from(TierConfig.parse(text), NOTHING, NOTHING);
  }

  // Every refusal of a setting is a configuration error (the command exits 2 for it), never a
  // storage failure.
  private static void assertRefused(String text, String named) {
    CacheException e = assertThrows(CacheConfigurationException.class, () -> read(text), text);
    assertTrue(e.getMessage().contains(named), () -> "the refusal of '" + text + "' must name '"
        + named + "': " + e.getMessage());
  }
}
