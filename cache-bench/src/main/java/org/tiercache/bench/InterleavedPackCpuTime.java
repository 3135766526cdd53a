package org.tiercache.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

/**
 * The measurement behind the disk tier's default {@code pack.below} (issue 16): for each content
 * size, the disk tier packing it (a record in a segment) against the disk tier giving it a file of
 * its own ({@code pack.below=0}), both with the default settings otherwise, in one JVM, timed in
 * alternating 200 ms chunks on one thread. Each chunk's throughput is taken per microsecond of the
 * thread's own CPU time (user and system: the file system's work on a put's open, rename and
 * unlink and a get's open is in the system time), so time the thread spends descheduled by other
 * load does not count; the wall-clock rate is printed beside it. Work the kernel does later on its
 * own threads (writeback of dirty pages) is counted for neither store.
 *
 * <p>Operations: {@code put} (a key not held into a full tier, so each put also evicts one entry,
 * as {@code DiskPutBenchmark}), {@code get} (a hit, uniform random over 1,000 entries or 64 MiB,
 * all in the page cache, as {@code DiskGetBenchmark}) and {@code stream} ({@code openStream} of a
 * hit, {@code transferTo} a {@code FileOutputStream} on {@code /dev/null}, with {@code
 * verify=never}: the one case where a file of its own is copied by the kernel, zero-copy, and a
 * packed record is read into the heap; {@code /dev/null} takes what it is given without copying, so
 * this is the most a file's zero copy can gain) and {@code streamChecksum} (the same with the
 * default {@code verify=checksum}, under which both are read through the heap to be checked).
 *
 * <p>{@code java -cp benchmarks.jar org.tiercache.bench.InterleavedPackCpuTime SIZES ROUNDS OPS},
 * for example {@code 4096,16384,32768,65536,131072 15 put,get,stream}. Prints, per size and
 * operation, the median over rounds of the packed store's rate divided by the file store's (above
 * 1: packing is cheaper), with quartiles.
 */
public final class InterleavedPackCpuTime {
  private static final long CHUNK_NANOS = 200_000_000L;
  private static volatile Object sink;

  private InterleavedPackCpuTime() {}

  public static void main(String[] args) throws Exception {
    int[] sizes = Arrays.stream(args[0].split(",")).mapToInt(Integer::parseInt).toArray();
    int rounds = Integer.parseInt(args[1]);
    String[] ops = args.length > 2 ? args[2].split(",") : new String[] {"put", "get"};
    for (String op : ops) {
      for (int size : sizes) {
        compare(op, size, rounds);
      }
    }
  }

  private static void compare(String op, int size, int rounds) throws IOException {
    // packed: pack.below just above the size; files: pack.below=0
    String[] stores = {"pack.below=" + (size + 1), "pack.below=0"};
    Setup[] setups = new Setup[stores.length];
    for (int s = 0; s < stores.length; s++) {
      setups[s] = new Setup(op, size, stores[s]);
    }
    double[][] cpuRates = new double[stores.length][rounds];
    double[][] wallRates = new double[stores.length][rounds];
    try (OutputStream devNull = new FileOutputStream("/dev/null")) {
      for (int round = -3; round < rounds; round++) { // three warm-up rounds
        for (int s = 0; s < stores.length; s++) {
          double[] rate = setups[s].chunk(op, devNull);
          if (round >= 0) {
            cpuRates[s][round] = rate[0];
            wallRates[s][round] = rate[1];
          }
        }
      }
    } finally {
      for (Setup setup : setups) {
        setup.close();
      }
    }
    double[] cpuRatios = new double[rounds];
    double[] wallRatios = new double[rounds];
    for (int i = 0; i < rounds; i++) {
      cpuRatios[i] = cpuRates[0][i] / cpuRates[1][i];
      wallRatios[i] = wallRates[0][i] / wallRates[1][i];
    }
    Arrays.sort(cpuRatios);
    Arrays.sort(wallRatios);
    double[] packedCpu = cpuRates[0].clone();
    double[] filesCpu = cpuRates[1].clone();
    Arrays.sort(packedCpu);
    Arrays.sort(filesCpu);
    System.out.println(String.format(Locale.ROOT, "%s size=%d: packed %.1f us CPU/op, files %.1f "
            + "us CPU/op; packed over files per CPU time: median %.2f (quartiles %.2f, %.2f); "
            + "per wall time: median %.2f (quartiles %.2f, %.2f)", op, size,
        1 / packedCpu[rounds / 2], 1 / filesCpu[rounds / 2],
        cpuRatios[rounds / 2], cpuRatios[rounds / 4], cpuRatios[3 * rounds / 4],
        wallRatios[rounds / 2], wallRatios[rounds / 4], wallRatios[3 * rounds / 4]));
  }

  /** One disk tier, filled, with the keys it is read or put with. */
  private static final class Setup implements AutoCloseable {
    private final Path dir;
    private final CacheTier tier;
    private final ContentKey[] keys;
    private final int[] order;
    private final byte[] content;
    private int next;

    Setup(String op, int size, String packing) {
      boolean put = op.equals("put");
      int entries = put
          ? Math.max(16, Math.min(4096, (64 << 20) / size))
          : Math.min(1000, (64 << 20) / size);
      dir = Folders.create("pack-ab");
      String verify = op.equals("stream") ? "never" : "checksum";
      String[] setting = packing.split("=");
      long bound = put ? (long) entries * size : 4L * entries * size + (64 << 20);
      tier = TierDiscovery.scan().provider("disk").create(TierConfig.builder().capacity(bound)
          .set("dir", dir.toString()).set("verify", verify).set(setting[0], setting[1]).build());
      // a put cycles over twice the keys the tier holds: every put is of a key not held, evicting
      keys = Keys.random(put ? 2 * entries : entries, 6);
      content = Keys.content(size, 1);
      for (ContentKey key : keys) {
        tier.put(key, content);
      }
      order = Keys.uniformSequence(1 << 12, entries, 9);
    }

    /** Returns operations per microsecond of the thread's CPU time, then of wall time. */
    double[] chunk(String op, OutputStream devNull) throws IOException {
      ThreadMXBean bean = ManagementFactory.getThreadMXBean();
      long cpuStart = bean.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      long end = start + CHUNK_NANOS;
      long done = 0;
      Object last = null;
      do {
        for (int k = 0; k < 64; k++) {
          switch (op) {
            case "put" -> {
              tier.put(keys[next], content);
              next = (next + 1) % keys.length;
            }
            case "get" -> {
              ByteBuffer hit = tier.get(keys[order[next]]);
              next = (next + 1) & (order.length - 1);
              last = hit;
            }
            case "stream", "streamChecksum" -> {
              try (InputStream in = tier.openStream(keys[order[next]])) {
                last = in.transferTo(devNull);
              }
              next = (next + 1) & (order.length - 1);
            }
            default -> throw new IllegalArgumentException("unknown operation '" + op
                + "': put, get, stream or streamChecksum");
          }
        }
        done += 64;
      } while (System.nanoTime() < end);
      long cpu = bean.getCurrentThreadCpuTime() - cpuStart;
      long wall = System.nanoTime() - start;
      sink = last;
      return new double[] {done * 1000.0 / cpu, done * 1000.0 / wall};
    }

    @Override
    public void close() {
      tier.close();
      Folders.delete(dir);
    }
  }
}
