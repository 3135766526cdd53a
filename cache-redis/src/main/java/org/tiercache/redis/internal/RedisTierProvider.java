package org.tiercache.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/**
 * Provides the {@code redis} tier. Public only so that {@link java.util.ServiceLoader} can make it;
 * its package is not exported.
 */
public final class RedisTierProvider implements CacheTierProvider {
  static final String ID = "redis";

  /** Does nothing: all work happens in {@link #create}. */
  public RedisTierProvider() {}

  @Override
  public String id() {
    return ID;
  }

  /**
   * Makes a tier on the server the settings name, or else the one named by the system property
   * {@code tiercache.redis.uri} or the environment variable {@code TIERCACHE_REDIS_URI}. A server
   * that does not answer is not an error: the tier misses and refuses until it does.
   *
   * @throws org.tiercache.api.CacheException if a setting is unknown or invalid, no server is
   *     named, or the server answers but refuses the tier (a wrong password, say)
   */
  @Override
  public CacheTier create(TierConfig config) {
    return RedisTier.open(RedisSettings.from(config));
  }

  /**
   * Returns a namespace of its own for each scratch folder, derived from the folder so that a
   * reopen in the same check finds it, and a backstop of one hour so that what the kit leaves on a
   * server goes by itself. The server is the one the system property or the environment variable
   * names (see {@link #create}), or the one the runner's {@code --config redis:uri=...} gives.
   */
  @Override
  public Map<String, String> scratchSettings(Path scratchDir) {
    return Map.of(RedisSettings.PREFIX, "tiercache-kit-" + digest(scratchDir),
        RedisSettings.BACKSTOP, "1h");
  }

  private static String digest(Path dir) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(dir.toAbsolutePath().toString().getBytes(UTF_8));
      return HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
