package org.tiercache.testtier;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierHealth;
import org.tiercache.api.TierStats;

/**
 * Makes {@code broken} tiers. Settings: {@code fail} is what every put throws, {@code enospc} (the
 * default: a {@code CacheException} caused by {@code IOException("No space left on device")}, as the
 * disk tier throws on a full disk), {@code unavailable} (a server that cannot be reached), or
 * {@code leak} (a message that, wrongly, quotes the password); {@code echo} is text added to the
 * message (to check how the command shows a tier's hostile text); {@code password} and {@code uri}
 * are taken and unused; {@code capacity} as usual (default 1 GB); {@code bug=capacity} makes
 * {@code capacityBytes()} throw an {@code IllegalArgumentException}, as a bug in a tier would;
 * {@code health} is what {@code health()} answers: {@code up} (the default), {@code degraded} or
 * {@code down} (the cause names the tier's server, followed by {@code echo}); {@code holds=corrupt}
 * makes it declare {@code LISTING} and hold one entry whose content does not match its key (as a
 * tier that does not check what it reads would serve it), until it is removed. It declares itself
 * {@link TierCapability#PERSISTENT}, as the disk tier it stands for, so that a one-shot {@code put}
 * writes to it.
 */
public final class BrokenTierProvider implements CacheTierProvider {
  /** Does nothing: ServiceLoader creates providers. */
  public BrokenTierProvider() {}

  @Override
  public String id() {
    return "broken";
  }

  @Override
  public CacheTier create(TierConfig config) {
    config.requireOnly(id(), Set.of("fail", "echo", "password", "uri", "bug", "health", "holds"));
    String fail = config.get("fail").orElse("enospc");
    if (!Set.of("enospc", "unavailable", "leak").contains(fail)) {
      throw new CacheException("tier 'broken': unknown fail=" + fail);
    }
    String echo = config.get("echo").orElse("");
    TierHealth health = switch (config.get("health").orElse("up")) {
      case "up" -> TierHealth.UP;
      case "degraded" -> TierHealth.degraded("server at 127.0.0.1:1 refuses writes" + echo,
          Instant.parse("2026-01-02T03:04:05Z"));
      case "down" -> TierHealth.down("server at 127.0.0.1:1 unavailable" + echo,
          Instant.parse("2026-01-02T03:04:05Z"));
      default -> throw new CacheException("tier 'broken': unknown health="
          + config.get("health").get());
    };
    return new Broken(fail, echo, config.get("password").orElse(""),
        config.capacityBytes(1L << 30), config.get("bug").isPresent(), health,
        config.get("holds").isPresent() ? new AtomicBoolean(true) : null);
  }

  /** The key of the one entry {@code holds=corrupt} holds, and the bytes it serves for it. */
  private static final ContentKey HELD =
      ContentKey.sha256("the content put".getBytes(StandardCharsets.UTF_8));
  private static final byte[] DAMAGED = "the content rot".getBytes(StandardCharsets.UTF_8);

  private record Broken(String fail, String echo, String password, long capacity, boolean bug,
      TierHealth health, AtomicBoolean holding) implements CacheTier {
    @Override
    public Set<TierCapability> capabilities() {
      return holding == null ? Set.of(TierCapability.PERSISTENT)
          : Set.of(TierCapability.PERSISTENT, TierCapability.LISTING);
    }

    @Override
    public Stream<EntryInfo> entries() {
      if (holding == null) {
        return CacheTier.super.entries();
      }
      return holding.get() ? Stream.of(EntryInfo.of(HELD, DAMAGED.length, 0, id()))
          : Stream.empty();
    }

    @Override
    public String id() {
      return "broken";
    }

    @Override
    public ByteBuffer get(ContentKey key) {
      return contains(key) ? ByteBuffer.wrap(DAMAGED).asReadOnlyBuffer() : null;
    }

    @Override
    public boolean put(ContentKey key, byte[] content) {
      if (content.length > capacity) {
        return false;
      }
      switch (fail) {
        case "unavailable" -> throw new CacheException("server at 127.0.0.1:1 unavailable" + echo
            + ": putting " + key + " was not attempted", new IOException("Connection refused"));
        case "leak" -> throw new CacheException("authentication with password " + password
            + " failed" + echo);
        default -> throw new CacheException("writing " + key + " to the broken tier failed" + echo,
            new IOException("No space left on device"));
      }
    }

    @Override
    public boolean remove(ContentKey key) {
      return key.equals(HELD) && holding != null && holding.compareAndSet(true, false);
    }

    @Override
    public boolean contains(ContentKey key) {
      return key.equals(HELD) && holding != null && holding.get();
    }

    @Override
    public void clear() {}

    @Override
    public long evictExpired() {
      return 0;
    }

    @Override
    public long sizeBytes() {
      return 0;
    }

    @Override
    public long entryCount() {
      return 0;
    }

    @Override
    public long capacityBytes() {
      if (bug) {
        throw new IllegalArgumentException("a bug in the broken tier");
      }
      return capacity;
    }

    @Override
    public TierStats stats() {
      return TierStats.EMPTY;
    }

    @Override
    public void close() {}
  }
}
