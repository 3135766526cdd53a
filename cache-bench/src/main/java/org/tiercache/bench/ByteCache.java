package org.tiercache.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ExpiryPolicyBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;
import org.tiercache.tiered.SizeRule;
import org.tiercache.tiered.TieredCache;

/**
 * The in-memory caches compared, behind one shape so that a benchmark method is the same code for
 * each. Each holds {@code byte[]} content under the same bound on content bytes, with the same
 * expire-after-write time to live (except the map, which has none). A JMH fork runs one of them, so
 * the call site stays monomorphic.
 */
interface ByteCache extends AutoCloseable {
  /** The names accepted by {@link #create}: tiercache's tier first, then the peers. */
  String TIERCACHE = "tiercache";
  /** The memory tier as the only tier of a {@code TieredCache}: the composer's overhead. */
  String TIERED = "tiered";
  /**
   * Caffeine handing out what a tier's {@code get} must: a read-only {@code ByteBuffer} view of its
   * array, made on each hit (a diagnostic peer: the price of the tier's API on Caffeine).
   */
  String CAFFEINE_VIEW = "caffeine-view";
  /**
   * Caffeine handing out its array after loading the array's length, as making a view does, but
   * making none: of the view's price, the part that is a load of the array's header.
   */
  String CAFFEINE_HEADER = "caffeine-header";

  Object get(ContentKey key);

  void put(ContentKey key, byte[] content);

  /**
   * Puts an array the caller hands over and never touches again: a tier's {@code putOwned}, which
   * keeps it without a copy; the peers keep every array given anyway, so for them it is a put.
   */
  default void putOwned(ContentKey key, byte[] content) {
    put(key, content);
  }

  @Override
  void close();

  /**
   * Makes a cache by name.
   *
   * @param name {@code tiercache}, {@code tiered} (the memory tier as the only tier of a
   *     {@code TieredCache}), {@code caffeine}, {@code caffeine-view}, {@code caffeine-header},
   *     {@code ehcache} or {@code lhm}
   * @param boundBytes the most content bytes held
   * @param contentSize the size of every value put, for Ehcache's entry-count bound
   * @param ttl expire-after-write time to live
   */
  static ByteCache create(String name, long boundBytes, int contentSize, Duration ttl) {
    switch (name) {
      case TIERCACHE:
        return tier(TierDiscovery.scan().provider("memory")
            .create(TierConfig.builder().capacity(boundBytes).ttl(ttl).build()));
      case TIERED:
        return tier(TieredCache.builder().tier(SizeRule.any(), "memory",
            TierConfig.builder().capacity(boundBytes).ttl(ttl).build()).build());
      case "caffeine":
        return caffeine(boundBytes, ttl);
      case CAFFEINE_VIEW:
        return caffeineView(boundBytes, ttl, true);
      case CAFFEINE_HEADER:
        return caffeineView(boundBytes, ttl, false);
      case "ehcache":
        return ehcache(boundBytes / contentSize, ttl);
      case "lhm":
        return new LruMap(boundBytes);
      default:
        throw new IllegalArgumentException("unknown cache '" + name + "'");
    }
  }

  /** Any tier, such as a {@code TieredCache}, through the {@link CacheTier} interface. */
  static ByteCache tier(CacheTier tier) {
    return new ByteCache() {
      @Override
      public Object get(ContentKey key) {
        return tier.get(key);
      }

      @Override
      public void put(ContentKey key, byte[] content) {
        tier.put(key, content);
      }

      @Override
      public void putOwned(ContentKey key, byte[] content) {
        tier.putOwned(key, content);
      }

      @Override
      public void close() {
        tier.close();
      }
    };
  }

  private static ByteCache caffeine(long boundBytes, Duration ttl) {
    Cache<ContentKey, byte[]> cache = caffeineCache(boundBytes, ttl);
    return new ByteCache() {
      @Override
      public Object get(ContentKey key) {
        return cache.getIfPresent(key);
      }

      @Override
      public void put(ContentKey key, byte[] content) {
        cache.put(key, content);
      }

      @Override
      public void close() {
        cache.invalidateAll();
      }
    };
  }

  /** The Caffeine cache every Caffeine peer wraps: bounded by content bytes, expiring after write. */
  private static Cache<ContentKey, byte[]> caffeineCache(long boundBytes, Duration ttl) {
    return Caffeine.newBuilder()
        .maximumWeight(boundBytes)
        .weigher((ContentKey key, byte[] content) -> content.length)
        .expireAfterWrite(ttl)
        .build();
  }

  /**
   * Caffeine whose get makes a read-only view of the array it found ({@code view}), or only loads
   * the array's length (not {@code view}), as {@code ByteBuffer.wrap} does first.
   */
  private static ByteCache caffeineView(long boundBytes, Duration ttl, boolean view) {
    Cache<ContentKey, byte[]> cache = caffeineCache(boundBytes, ttl);
    return new ByteCache() {
      @Override
      public Object get(ContentKey key) {
        byte[] content = cache.getIfPresent(key);
        if (content == null) {
          return null;
        }
        if (view) {
          return ByteBuffer.wrap(content).asReadOnlyBuffer();
        }
        // A length no content here has, so that the compiler must load it.
        return content.length == Integer.MAX_VALUE ? null : content;
      }

      @Override
      public void put(ContentKey key, byte[] content) {
        cache.put(key, content);
      }

      @Override
      public void close() {
        cache.invalidateAll();
      }
    };
  }

  /**
   * Ehcache 3 on heap, bounded by entry count: every value has the same size, so
   * {@code bound / size} entries is the same bound on content bytes. Its byte-sized heap
   * ({@code heap(n, MemoryUnit.MB)}) would instead walk each value's object graph with its SizeOf
   * engine on every put and count object headers as well, a different bound and a cost no user of
   * fixed-size content needs to pay.
   */
  private static ByteCache ehcache(long entries, Duration ttl) {
    CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder().build(true);
    org.ehcache.Cache<ContentKey, byte[]> cache = manager.createCache("bench",
        CacheConfigurationBuilder.newCacheConfigurationBuilder(ContentKey.class, byte[].class,
                ResourcePoolsBuilder.heap(entries))
            .withExpiry(ExpiryPolicyBuilder.timeToLiveExpiration(ttl)));
    return new ByteCache() {
      @Override
      public Object get(ContentKey key) {
        return cache.get(key);
      }

      @Override
      public void put(ContentKey key, byte[] content) {
        cache.put(key, content);
      }

      @Override
      public void close() {
        manager.close();
      }
    };
  }

  /** The textbook LRU: an access-ordered {@link LinkedHashMap} behind one lock, bounded by bytes. */
  final class LruMap implements ByteCache {
    private final long boundBytes;
    private final LinkedHashMap<ContentKey, byte[]> map = new LinkedHashMap<>(1024, 0.75f, true);
    private long bytes;

    LruMap(long boundBytes) {
      this.boundBytes = boundBytes;
    }

    @Override
    public synchronized Object get(ContentKey key) {
      return map.get(key);
    }

    @Override
    public synchronized void put(ContentKey key, byte[] content) {
      byte[] old = map.put(key, content);
      bytes += content.length - (old == null ? 0 : old.length);
      Iterator<Map.Entry<ContentKey, byte[]>> eldest = map.entrySet().iterator();
      while (bytes > boundBytes) {
        bytes -= eldest.next().getValue().length;
        eldest.remove();
      }
    }

    @Override
    public synchronized void close() {
      map.clear();
    }
  }
}
