package org.tiercache.bench;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.Locale;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.bench.InterleavedRounds.Spread;
import org.tiercache.redis.RedisServer;
import redis.clients.jedis.RedisClient;

/**
 * A before/after check for a loaded machine, not a report figure: two builds of the Redis tier
 * side by side in one JVM, on one server, each against plain {@code GET}/{@code SET} of the same
 * bytes, timed as {@link InterleavedRedisTime} times them (six operations in short chunks in a
 * rotating order, each chunk by its median call, the median of the per-round ratios). The "new"
 * tier's classes and scripts ({@code org.tiercache.redis.internal}) come from a classes folder
 * given on the command line, loaded ahead of the ones in this jar, which are the "old" tier's
 * unless a second folder is given: so a change is measured against what it changes under the same
 * load, which separate runs minutes apart on a shared machine cannot do.
 *
 * <p>{@code java -cp benchmarks.jar org.tiercache.bench.InterleavedRedisAb SIZE ROUNDS NEW_CLASSES
 * [OLD_CLASSES]}, e.g. with {@code cache-redis/target/classes} of a worktree as NEW_CLASSES.
 */
public final class InterleavedRedisAb {
  private static final String INTERNAL = "org.tiercache.redis.internal.";

  private InterleavedRedisAb() {}

  /**
   * Runs the comparison and prints it.
   *
   * @param args the content size in bytes, the number of measured rounds, the new tier's classes
   *     folder, optionally the old tier's
   */
  public static void main(String[] args) throws Exception {
    int size = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    ClassLoader here = InterleavedRedisAb.class.getClassLoader();
    ClassLoader newer = new InternalFirst(new File(args[2]), here);
    ClassLoader older = args.length > 3 ? new InternalFirst(new File(args[3]), here) : here;
    int calls = Math.max(20, 2_000_000 / (size + 20_000));
    RedisServer server = RedisServer.start();
    try {
      CacheTier oldTier = open(older, "old", server.uri());
      CacheTier newTier = open(newer, "new", server.uri());
      RedisClient plain = RedisClient.create(server.uri());
      RedisPopulation entries = RedisPopulation.fill(size, plain, oldTier, newTier);
      ContentKey[] keys = entries.keys;
      byte[][] plainKeys = entries.plainKeys;
      byte[] content = entries.content;
      String[] names = {"plainGet", "oldGet", "newGet", "plainSet", "oldPut", "newPut"};
      InterleavedRounds.CallTimer timer = new InterleavedRounds.CallTimer(RedisPopulation.ENTRIES);
      double[][] medians = InterleavedRounds.rotating(5, rounds, names.length, op -> // 5 warm-up
          timer.medianNanos(calls, e -> switch (op) {
            case 0 -> plain.get(plainKeys[e]);
            case 1 -> oldTier.get(keys[e]);
            case 2 -> newTier.get(keys[e]);
            case 3 -> plain.set(plainKeys[e], content);
            case 4 -> oldTier.put(keys[e], content);
            default -> newTier.put(keys[e], content);
          }));
      for (int op = 0; op < names.length; op++) {
        int base = op < 3 ? 0 : 3;
        Spread ratio = Spread.ofRatios(medians[op], medians[base]);
        System.out.println(String.format(Locale.ROOT,
            "size=%d %-8s %7.1f us (median); over %s: median %.3f (quartiles %.3f, %.3f)", size,
            names[op], Spread.of(medians[op]).median() / 1000, names[base], ratio.median(),
            ratio.lowerQuartile(), ratio.upperQuartile()));
      }
      oldTier.close();
      newTier.close();
      plain.close();
    } finally {
      server.stop();
    }
  }

  private static CacheTier open(ClassLoader loader, String prefix, String uri) throws Exception {
    CacheTierProvider provider = (CacheTierProvider) loader
        .loadClass(INTERNAL + "RedisTierProvider").getConstructor().newInstance();
    return provider.create(TierConfig.parse("capacity=1GB ttl=1h prefix=" + prefix + " uri="
        + uri));
  }

  /**
   * Loads the tier's internal classes and its scripts from a folder ahead of its parent; the API,
   * Jedis and everything else from the parent, so that both tiers implement one {@code CacheTier}.
   */
  private static final class InternalFirst extends URLClassLoader {
    InternalFirst(File classes, ClassLoader parent) throws Exception {
      super(new URL[] {classes.toURI().toURL()}, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      if (!name.startsWith(INTERNAL)) {
        return super.loadClass(name, resolve);
      }
      synchronized (getClassLoadingLock(name)) {
        Class<?> loaded = findLoadedClass(name);
        if (loaded == null) {
          try {
            loaded = findClass(name);
          } catch (ClassNotFoundException e) {
            loaded = super.loadClass(name, false);
          }
        }
        if (resolve) {
          resolveClass(loaded);
        }
        return loaded;
      }
    }

    @Override
    public URL getResource(String name) {
      URL own = name.startsWith(INTERNAL.replace('.', '/')) ? findResource(name) : null;
      return own != null ? own : super.getResource(name);
    }
  }
}
