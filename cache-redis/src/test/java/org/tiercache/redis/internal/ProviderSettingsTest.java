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
