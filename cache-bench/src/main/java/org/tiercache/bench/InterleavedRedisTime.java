package org.tiercache.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;
import org.tiercache.redis.RedisServer;
import redis.clients.jedis.RedisClient;

/**
 * A check for a loaded machine, not a report figure: the Redis tier's get and put against a plain
 * client's GET and SET of the same bytes on the same server (the set-up of
 * {@link RedisTierBenchmark}: 128 entries, a put replaces one), in one JVM. The four operations run
 * in short chunks of a fixed number of calls, in an order that rotates every round, so that load
 * from other processes falls on all four alike; each call is timed and a chunk counts by its median
 * call, so that calls descheduled by that load do not move it. Prints, per pair, the median over
 * the rounds of the round's ratio (tier over plain), with its quartiles, and with
 * {@code -Dcommandstats} the server's own time per command. {@code RedisTierBenchmark} with
 * {@code --profile long} on a quiet machine is the measurement of record.
 *
 * <p>{@code java -cp benchmarks.jar org.tiercache.bench.InterleavedRedisTime SIZE ROUNDS [CALLS]}
 */
public final class InterleavedRedisTime {
  private static final int ENTRIES = 128;
  private static volatile Object sink;

  private InterleavedRedisTime() {}

  /**
   * Runs the comparison and prints it.
   *
   * @param args the content size in bytes, the number of measured rounds, optionally the calls
   *     per chunk
   */
  public static void main(String[] args) throws Exception {
    int size = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    // About 2 MB through the connection per chunk, at least 20 calls.
    int calls = args.length > 2 ? Integer.parseInt(args[2])
        : Math.max(20, 2_000_000 / (size + 20_000));
    RedisServer server = RedisServer.start();
    try {
      CacheTier tier = TierDiscovery.scan().provider("redis").create(TierConfig.parse(
          "capacity=1GB ttl=1h prefix=bench uri=" + server.uri()));
      RedisClient plain = RedisClient.create(server.uri());
      SplittableRandom random = new SplittableRandom(size);
      ContentKey[] keys = new ContentKey[ENTRIES];
      byte[][] plainKeys = new byte[ENTRIES][];
      byte[] content = null;
      for (int i = 0; i < ENTRIES; i++) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        keys[i] = ContentKey.sha256(bytes);
        plainKeys[i] = ("plain:" + keys[i]).getBytes(StandardCharsets.UTF_8);
        if (!tier.put(keys[i], bytes)) {
          throw new IllegalStateException("the tier refused entry " + i);
        }
        plain.set(plainKeys[i], bytes);
        content = bytes;
      }
      String[] names = {"tierGet", "plainGet", "tierPut", "plainSet"};
      double[][] nanos = new double[4][rounds];
      int next = 0;
      for (int round = -5; round < rounds; round++) { // five warm-up rounds
        for (int k = 0; k < 4; k++) {
          int op = (k + Math.floorMod(round, 4)) % 4;
          long[] each = new long[calls];
          for (int i = 0; i < calls; i++) {
            int e = next++ & (ENTRIES - 1);
            long start = System.nanoTime();
            switch (op) {
              case 0 -> sink = tier.get(keys[e]);
              case 1 -> sink = plain.get(plainKeys[e]);
              case 2 -> sink = tier.put(keys[e], content);
              default -> sink = plain.set(plainKeys[e], content);
            }
            each[i] = System.nanoTime() - start;
          }
          if (round >= 0) {
            // The chunk's median call: a call descheduled by other load does not move it.
            Arrays.sort(each);
            nanos[op][round] = each[calls / 2];
          }
        }
      }
      for (int pair = 0; pair < 2; pair++) {
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          ratios[r] = nanos[2 * pair][r] / nanos[2 * pair + 1][r];
        }
        Arrays.sort(ratios);
        double[] tierTimes = nanos[2 * pair].clone();
        double[] plainTimes = nanos[2 * pair + 1].clone();
        Arrays.sort(tierTimes);
        Arrays.sort(plainTimes);
        System.out.println(String.format(Locale.ROOT,
            "size=%d %s %.1f us, %s %.1f us (medians): ratio median %.3f (quartiles %.3f, %.3f)"
                + " over %d rounds of %d calls",
            size, names[2 * pair], tierTimes[rounds / 2] / 1000, names[2 * pair + 1],
            plainTimes[rounds / 2] / 1000, ratios[rounds / 2], ratios[rounds / 4],
            ratios[3 * rounds / 4], rounds, calls));
      }
      if (System.getProperty("commandstats") != null) {
        for (String line : plain.info("commandstats").split("\r?\n")) {
          if (line.startsWith("cmdstat_evalsha:") || line.startsWith("cmdstat_get:")
              || line.startsWith("cmdstat_set:")) {
            System.out.println(line);
          }
        }
      }
      tier.close();
      plain.close();
    } finally {
      server.stop();
    }
  }
}
