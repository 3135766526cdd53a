package org.tiercache.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.tiercache.api.ContentKey;

/**
 * A check for a loaded machine, not a report figure: disk stores' hits ({@link DiskStore}, as
 * {@link DiskGetBenchmark} makes them) in one JVM, timed in alternating 200 ms chunks on one
 * thread, each chunk's cost taken in nanoseconds of that thread's own CPU time per get, so that time
 * it spends descheduled by other load does not count. Prints each store's median CPU time per get
 * and the median and quartiles of the per-round ratio of the first store's speed to it (the first
 * store's gets per CPU-second over this one's: 0.9 means the first store's get costs 1/0.9 of this
 * one's). Time the kernel spends in the {@code pread} is the thread's CPU time too, so a raw
 * {@code pread} is measured whole. JMH on a quiet machine is the measurement of record.
 *
 * <p>{@code java -cp benchmarks.jar org.tiercache.bench.InterleavedDiskGetCpuTime SIZE ROUNDS
 * [tiercache-pack.below-64KB,raw-pread]}
 */
public final class InterleavedDiskGetCpuTime {
  private static final long CHUNK_NANOS = 200_000_000L;
  private static final int SEQUENCE = 1 << 12;
  private static volatile Object sink;

  private InterleavedDiskGetCpuTime() {}

  public static void main(String[] args) {
    int size = Integer.parseInt(args[0]);
    int rounds = Integer.parseInt(args[1]);
    String[] names = (args.length > 2 ? args[2] : "tiercache-pack.below-64KB,raw-pread")
        .split(",");
    int entries = Math.min(1000, (256 << 20) / size);
    ContentKey[] keys = new ContentKey[entries];
    byte[] content = Keys.content(size, 1);
    DiskStore[] stores = new DiskStore[names.length];
    Path[] dirs = new Path[names.length];
    for (int c = 0; c < names.length; c++) {
      dirs[c] = Folders.create("disk-get-cpu");
      stores[c] = DiskStore.create(names[c], dirs[c], 4L * entries * size + (64 << 20));
    }
    for (int i = 0; i < entries; i++) {
      content[0] = (byte) i;
      content[1] = (byte) (i >>> 8);
      keys[i] = ContentKey.sha256(content);
      for (DiskStore store : stores) {
        store.put(keys[i], content);
      }
    }
    int[] order = Keys.uniformSequence(SEQUENCE, entries, 5);
    double[][] nanos = new double[names.length][rounds];
    ThreadMXBean bean = ManagementFactory.getThreadMXBean();
    for (int round = -5; round < rounds; round++) { // five warm-up rounds
      for (int c = 0; c < names.length; c++) {
        double perGet = chunk(stores[c], keys, order, bean);
        if (round >= 0) {
          nanos[c][round] = perGet;
        }
      }
    }
    for (int c = 0; c < names.length; c++) {
      double[] own = nanos[c].clone();
      double[] ratios = new double[rounds];
      for (int i = 0; i < rounds; i++) {
        ratios[i] = nanos[c][i] / nanos[0][i];
      }
      Arrays.sort(own);
      Arrays.sort(ratios);
      System.out.println(String.format(Locale.ROOT, "get size=%d %s: median %.0f CPU-ns per get "
              + "(quartiles %.0f, %.0f); %s's speed over it: median %.3f (quartiles %.3f, %.3f)",
          size, names[c], own[rounds / 2], own[rounds / 4], own[3 * rounds / 4], names[0],
          ratios[rounds / 2], ratios[rounds / 4], ratios[3 * rounds / 4]));
      stores[c].close();
      Folders.delete(dirs[c]);
    }
  }

  /** One chunk of gets; returns CPU nanoseconds per get. */
  private static double chunk(DiskStore store, ContentKey[] keys, int[] order,
      ThreadMXBean bean) {
    long cpuStart = bean.getCurrentThreadCpuTime();
    long end = System.nanoTime() + CHUNK_NANOS;
    long done = 0;
    int index = 0;
    Object last = null;
    do {
      for (int k = 0; k < 1024; k++, index++) {
        last = store.get(keys[order[index & (SEQUENCE - 1)]]);
      }
      done += 1024;
    } while (System.nanoTime() < end);
    if (last == null) {
      throw new IllegalStateException("a get missed");
    }
    sink = last;
    return (double) (bean.getCurrentThreadCpuTime() - cpuStart) / done;
  }
}
