package org.tiercache.bench;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.tiered.SizeRule;
import org.tiercache.tiered.TieredCache;

/**
 * Single flight, as a count: N threads released together miss on one key whose loader takes
 * {@value #LOADER_MILLIS} ms (a slow backend), and the loads performed are counted; a figure, not a
 * time. {@code TieredCache.get(key, loader)} against Caffeine's {@code get(key, mappingFunction)}
 * and against the get-then-load-then-put a caller writes without either. Printed as JSON lines:
 * {@code java -cp benchmarks.jar org.tiercache.bench.SingleFlightCount}.
 */
public final class SingleFlightCount {
  private static final int LOADER_MILLIS = 100;
  private static final int ROUNDS = 5;

  private SingleFlightCount() {}

  public static void main(String[] args) throws Exception {
    int[] threadCounts = {2, 8, 32};
    for (int threads : threadCounts) {
      TieredCache tiered = TieredCache.builder()
          .tier(SizeRule.any(), "memory", TierConfig.parse("capacity=64MB")).build();
      print("tiercache", threads, run(threads, (key, loader) -> tiered.get(key, k -> loader.get())));
      tiered.close();

      Cache<ContentKey, byte[]> caffeine = Caffeine.newBuilder().maximumWeight(64 << 20)
          .weigher((ContentKey k, byte[] v) -> v.length).build();
      print("caffeine", threads, run(threads, (key, loader) -> caffeine.get(key, k -> loader.get())));

      TieredCache plain = TieredCache.builder()
          .tier(SizeRule.any(), "memory", TierConfig.parse("capacity=64MB")).build();
      print("get-then-put", threads, run(threads, (key, loader) -> {
        ByteBuffer hit = plain.get(key);
        if (hit != null) {
          return hit;
        }
        byte[] loaded = loader.get();
        plain.put(key, loaded);
        return loaded;
      }));
      plain.close();
    }
  }

  private interface Loader {
    byte[] get();
  }

  private static final class Outcome {
    int loads;
    int callers;
    int served;
  }

  private static Outcome run(int threads, BiFunction<ContentKey, Loader, Object> get)
      throws Exception {
    Outcome outcome = new Outcome();
    for (int round = 0; round < ROUNDS; round++) {
      byte[] content = Keys.content(4096, 100 + round);
      ContentKey key = ContentKey.sha256(content);
      AtomicInteger loads = new AtomicInteger();
      AtomicInteger served = new AtomicInteger();
      Loader loader = () -> {
        loads.incrementAndGet();
        try {
          TimeUnit.MILLISECONDS.sleep(LOADER_MILLIS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return content.clone();
      };
      CyclicBarrier start = new CyclicBarrier(threads);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread worker = new Thread(() -> {
          try {
            start.await();
            if (get.apply(key, loader) != null) {
              served.incrementAndGet();
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        worker.start();
        workers.add(worker);
      }
      for (Thread worker : workers) {
        worker.join();
      }
      outcome.loads += loads.get();
      outcome.served += served.get();
      outcome.callers += threads;
    }
    return outcome;
  }

  private static void print(String cache, int threads, Outcome outcome) {
    System.out.printf(Locale.ROOT,
        "{\"cache\":\"%s\",\"threads\":%d,\"rounds\":%d,\"loads\":%d,\"loadsPerRound\":%.2f,"
            + "\"callers\":%d,\"served\":%d}%n",
        cache, threads, ROUNDS, outcome.loads, outcome.loads / (double) ROUNDS, outcome.callers,
        outcome.served);
  }
}
