package org.tiercache.bench;

import java.util.Locale;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;
import org.tiercache.bench.InterleavedRounds.Spread;
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
      RedisPopulation entries = RedisPopulation.fill(size, plain, tier);
      ContentKey[] keys = entries.keys;
      byte[][] plainKeys = entries.plainKeys;
      byte[] content = entries.content;
      String[] names = {"tierGet", "plainGet", "tierPut", "plainSet"};
      InterleavedRounds.CallTimer timer = new InterleavedRounds.CallTimer(RedisPopulation.ENTRIES);
      double[][] nanos = InterleavedRounds.rotating(5, rounds, 4, op -> // five warm-up rounds
          timer.medianNanos(calls, e -> switch (op) {
            case 0 -> tier.get(keys[e]);
            case 1 -> plain.get(plainKeys[e]);
            case 2 -> tier.put(keys[e], content);
            default -> plain.set(plainKeys[e], content);
          }));
      for (int pair = 0; pair < 2; pair++) {
        Spread ratio = Spread.ofRatios(nanos[2 * pair], nanos[2 * pair + 1]);
        System.out.println(String.format(Locale.ROOT,
            "size=%d %s %.1f us, %s %.1f us (medians): ratio median %.3f (quartiles %.3f, %.3f)"
                + " over %d rounds of %d calls",
            size, names[2 * pair], Spread.of(nanos[2 * pair]).median() / 1000, names[2 * pair + 1],
            Spread.of(nanos[2 * pair + 1]).median() / 1000, ratio.median(), ratio.lowerQuartile(),
            ratio.upperQuartile(), rounds, calls));
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
