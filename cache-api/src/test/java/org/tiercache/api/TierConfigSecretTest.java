package org.tiercache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A secret setting never shows: not in toString, not in any message, not in any cause. */
final class TierConfigSecretTest {
  private static final String SECRET = "hunter2-Sekret";

  @ParameterizedTest
  @ValueSource(strings = {"password", "redis.password", "PASSWORD", "apiToken", "client_secret",
      "aws.credentials", "passwd"})
  void keysEndingInASecretWordAreSecret(String key) {
    assertTrue(TierConfig.isSecretKey(key), key);
  }

  @ParameterizedTest
  @ValueSource(strings = {"dir", "capacity", "passwords.file", "tokens", "host", "user"})
  void otherKeysAreNot(String key) {
    assertFalse(TierConfig.isSecretKey(key), key);
  }

  @Test
  void toStringMasksSecretValuesAndUserInformationButTheSpecStringKeepsThem() {
    TierConfig config = TierConfig.parse("password=" + SECRET + " uri=redis://me:" + SECRET
        + "@cache.internal:6379/0 host=h");
    assertEquals("host=h password=*** uri=redis://***@cache.internal:6379/0", config.toString());
    assertEquals(config, TierConfig.parse(config.toSpecString()));
    assertTrue(config.toSpecString().contains(SECRET));
  }

  @Test
  void redactMasksPairsAndUriUserInformationInAnyText() {
    assertEquals("redis(password=***,ttl=5m) < 1KB ; disk(dir=/x)",
        TierConfig.redact("redis(password=" + SECRET + ",ttl=5m) < 1KB ; disk(dir=/x)"));
    assertEquals("redis(uri=redis://***@h:1/0)",
        TierConfig.redact("redis(uri=redis://:" + SECRET + "@h:1/0)"));
    assertEquals("x token=*** y", TierConfig.redact("x token=\"a b " + SECRET + "\" y"));
    assertEquals("redis://***@h", TierConfig.redact("redis://u:p@ss@w" + SECRET + "@h"));
    assertEquals("no secrets here", TierConfig.redact("no secrets here"));
  }

  /** Every message path of TierConfig that a configuration holding a secret can reach. */
  @Test
  void noMessageOrCauseOfARefusedConfigurationHoldsTheSecret() {
    String uri = "redis://:" + SECRET + "@127.0.0.1:6379";
    List<Supplier<TierConfig>> refused = List.of(
        () -> TierConfig.parse("password=" + SECRET + " ttl=bogus"),
        () -> TierConfig.parse("uri=" + uri + " capacity=lots"),
        () -> TierConfig.parse("password=" + SECRET + " password=" + SECRET),
        () -> TierConfig.parse("password=" + SECRET + " stray"),
        () -> TierConfig.parse("password=\"" + SECRET + " never closed"),
        () -> TierConfig.parse("password=\"" + SECRET + "\\q\""),
        () -> TierConfig.parse("Password=" + SECRET),
        () -> TierConfig.parse("uri=" + uri + " Colour=blue"),
        () -> TierConfig.parse("password=" + SECRET + " colour=blue")
            .requireOnly("redis", Set.of("password")),
        () -> TierConfig.parse("password=" + SECRET).requireOnly("memory", Set.of()),
        () -> TierConfig.parse("uri=" + uri).requireOnly("memory", Set.of()),
        () -> {
          TierConfig.parse("password=" + SECRET).get("password", v -> {
            throw new IllegalArgumentException("bad password " + v);
          });
          return null;
        },
        () -> {
          TierConfig.parse("uri=\"redis://:" + SECRET + " x@h\"").get("uri", URI::create);
          return null;
        },
        () -> TierConfig.builder().set("password", "").build(),
        () -> TierConfig.builder().set("password", null).build(),
        () -> TierConfig.builder().set("uri", uri).capacity("9999999TB").build());
    for (Supplier<?> attempt : refused) {
      RuntimeException e = assertThrows(RuntimeException.class, attempt::get);
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      assertFalse(trace.toString().contains(SECRET), trace::toString);
      assertFalse(trace.toString().contains("hunter2"), trace::toString);
    }
  }

  @Test
  void aRefusedSecretStillNamesItsKey() {
    CacheConfigurationException e = assertThrows(CacheConfigurationException.class,
        () -> TierConfig.parse("password=" + SECRET).get("password", v -> {
          throw new IllegalArgumentException("too short");
        }));
    assertEquals("invalid value for setting 'password': '***' (too short)", e.getMessage());
  }
}
