package org.tiercache.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;

/**
 * The tests need nothing but a JDK: with no {@code redis-server} on {@code PATH}, the binary shipped
 * in the embedded-redis test dependency runs. This test forces that binary, whatever the machine
 * has installed, so a machine with a redis-server proves it too; {@code
 * -Dtiercache.redis.server=embedded} forces it for every Redis test of the run.
 */
final class ShippedServerTest {
  @Test
  void shippedRedisServerServesTheTier() throws Exception {
    try (RedisServer server = RedisServer.start(RedisBinary.shipped())) {
      assertTrue(server.version().startsWith("6.2."),
          () -> "the embedded-redis jar ships redis-server 6.2, not " + server.version());
      assertEquals("rwx------", PosixFilePermissions.toString(
          Files.getPosixFilePermissions(server.binary())), "the extracted binary is private");
      byte[] content = "served by the shipped redis-server".getBytes(StandardCharsets.UTF_8);
      ContentKey key = ContentKey.sha256(content);
      try (CacheTier tier = RedisTiers.open(TierConfig.parse("capacity=1MB"), server.uri(),
          RedisTiers.freshPrefix())) {
        assertTrue(tier.put(key, content));
        assertArrayEquals(content, tier.getBytes(key));
        assertEquals(content.length, tier.sizeBytes());
      }
    }
  }

  @Test
  void withoutRedisServerOnPathTheShippedOneRuns() {
    // Always true in the build's no-redis-server-on-path execution, which empties PATH.
    assumeTrue(RedisBinary.onPath().isEmpty(), "a redis-server is on PATH");
    assumeTrue(System.getProperty(RedisBinary.PROPERTY) == null, "a binary is named");
    assertEquals(RedisBinary.shipped(), RedisBinary.chosen());
  }

  @Test
  void everyPlatformNamedHasItsBinaryInTheJar() {
    String[][] platforms = {{"Linux", "amd64"}, {"Linux", "aarch64"}, {"Mac OS X", "x86_64"},
        {"Mac OS X", "aarch64"}};
    for (String[] platform : platforms) {
      String resource = RedisBinary.resourceName(platform[0], platform[1]);
      assertNotNull(RedisBinary.class.getClassLoader().getResource(resource),
          () -> resource + " for " + String.join("/", platform) + " is not in the jar");
    }
  }

  @Test
  void platformWithoutABinarySaysHowToGetOne() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RedisBinary.resourceName("SunOS", "sparcv9"));
    assertTrue(e.getMessage().contains("SunOS") && e.getMessage().contains("sparcv9")
        && e.getMessage().contains(RedisBinary.PROPERTY), e.getMessage());
  }
}
