package org.tiercache.example.attachments;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierStats;
import org.tiercache.tiered.TierReport;
import org.tiercache.tiered.TieredCache;

/**
 * Serves every attachment of a mail store several times from several threads, on the seed's
 * defaults (memory 50 MB / 5 min below 100 KB, disk 500 MB / 1 h from 100 KB), then prints how many
 * requests reached the origin, what each tier holds, and a few of the meters the stack published to
 * a Micrometer registry.
 *
 * <pre>
 * java --module-path target/classes:target/modules \
 *      --module org.tiercache.example.attachments/org.tiercache.example.attachments.Main \
 *      CACHE_DIR MAIL_STORE_DIR [ROUNDS]
 * </pre>
 */
public final class Main {
  private static final int THREADS = 4;

  private Main() {}

  /**
   * Runs the example.
   *
   * @param args the cache folder, the mail store folder, and how many rounds (default 3)
   * @throws Exception if the mail store cannot be read or a request fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length < 2 || args.length > 3) {
      System.err.println("usage: Main CACHE_DIR MAIL_STORE_DIR [ROUNDS]");
      System.exit(2);
    }
    Path cacheDir = Path.of(args[0]);
    FolderOrigin origin = FolderOrigin.index(Path.of(args[1]));
    int rounds = args.length == 3 ? Integer.parseInt(args[2]) : 3;
    List<ContentKey> keys = origin.keys();

    long served = 0;
    long bytes = 0;
    ExecutorService requests = Executors.newFixedThreadPool(THREADS);
    MeterRegistry registry = new SimpleMeterRegistry();
    try (AttachmentService service =
        new AttachmentService(TieredCache.seedDefaults(cacheDir).build(), origin, registry)) {
      List<Future<ByteBuffer>> answers = new ArrayList<>();
      for (int round = 0; round < rounds; round++) {
        for (ContentKey key : keys) {
          answers.add(requests.submit(() -> service.attachment(key)));
        }
      }
      for (Future<ByteBuffer> answer : answers) {
        ByteBuffer content = answer.get();
        served++;
        bytes += content.remaining();
      }
      System.out.printf("attachments %d, requests served %d (%d bytes), fetched from the origin %d%n",
          keys.size(), served, bytes, origin.fetches());
      for (TierReport tier : service.cache().tierStats()) {
        TierStats stats = tier.stats();
        System.out.printf("tier %-6s entries %d, bytes %d, hits %d, misses %d%n", tier.name(),
            stats.entryCount(), stats.sizeBytes(), stats.hits(), stats.misses());
      }
      printMeters(registry, service.cache().tierStats());
    } finally {
      requests.shutdownNow();
    }
  }

  /** Prints what a dashboard would show, read from the registry as any of its meters is read. */
  private static void printMeters(MeterRegistry registry, List<TierReport> tiers) {
    Timer loads = registry.get("cache.loads").tags("position", "stack", "result", "success").timer();
    System.out.printf("meters stack: cache.gets hit %.0f, miss %.0f; cache.loads success %d "
            + "(%.1f ms in all)%n",
        count(registry, "stack", "hit"), count(registry, "stack", "miss"), loads.count(),
        loads.totalTime(TimeUnit.MILLISECONDS));
    for (int position = 0; position < tiers.size(); position++) {
      String at = Integer.toString(position);
      System.out.printf("meters tier %s %-6s: cache.size %.0f, cache.content.size %.0f bytes, "
              + "cache.gets hit %.0f%n", at, tiers.get(position).name(),
          registry.get("cache.size").tags("position", at).gauge().value(),
          registry.get("cache.content.size").tags("position", at).gauge().value(),
          count(registry, at, "hit"));
    }
  }

  private static double count(MeterRegistry registry, String position, String result) {
    return registry.get("cache.gets").tags("position", position, "result", result)
        .functionCounter().count();
  }
}
