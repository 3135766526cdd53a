package org.tiercache.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.openjdk.jol.info.GraphLayout;
import org.tiercache.api.ContentKey;

/**
 * Heap bytes per entry of the memory tier, of the peers, and of the disk tier's index (entries in
 * files of their own, and packed into segments), printed as
 * JSON lines: {@code java -cp benchmarks.jar org.tiercache.bench.HeapPerEntry [entries [what]]},
 * {@code what} a list of {@code memory} (the memory tier and its peers), {@code disk-files} and
 * {@code disk-packed} (the disk index), all three by default: at a million entries the packed
 * index alone is quick to fill, while a million files of their own take many minutes to write.
 *
 * <p>How: each cache is filled to {@code entries/5} and then to {@code entries} entries, and the
 * retained object graph reachable from the cache object is measured both times with JOL's
 * {@link GraphLayout} (exact sizes of every object reached, this JVM's layout). Per entry is the
 * difference divided by the difference in entries, so everything fixed (the cache object, its
 * executor, buffers) cancels out. From it are subtracted the content array (each cache is handed
 * its own array per entry, which each keeps: the memory tier through {@code putOwned}, the peers
 * through their put) and
 * the key object (a {@link ContentKey}, the same instances for every cache, made by the caller
 * anyway); both are printed. The disk tier keeps neither in the heap, so its figure is its whole
 * index. As a check, the same difference is taken from the used heap after {@code System.gc()}
 * (content arrays subtracted; keys are made before both readings, so they are not in it).
 */
public final class HeapPerEntry {
  private static final int CONTENT = 100;

  private HeapPerEntry() {}

  public static void main(String[] args) throws IOException {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    List<String> what = List.of(
        (args.length > 1 ? args[1] : "memory,disk-files,disk-packed").split(","));
    if (!List.of("memory", "disk-files", "disk-packed").containsAll(what)) {
      throw new IllegalArgumentException("what to measure: a list of memory, disk-files and "
          + "disk-packed, not '" + args[1] + "'");
    }
    int first = entries / 5;
    ContentKey[] keys = Keys.random(entries, 11);
    byte[] content = Keys.content(CONTENT, 12);
    long contentBytes = GraphLayout.parseInstance((Object) content).totalSize();
    // what one more key adds (its string and array), without the algorithm constant keys share
    long keyBytes = GraphLayout.parseInstance(keys[0], keys[1]).totalSize()
        - GraphLayout.parseInstance(keys[0]).totalSize();
    long bound = 4L * entries * CONTENT;
    Duration ttl = MemoryWorkload.TTL;

    List<String> lines = new ArrayList<>();
    for (String name : what.contains("memory") ? List.of("tiercache", "caffeine", "ehcache", "lhm")
        : List.<String>of()) {
      ByteCache cache = ByteCache.create(name, bound, CONTENT, ttl);
      lines.add(measure("memory", name, () -> cache, cache::putOwned, keys, content, first,
          entries, contentBytes, keyBytes, true));
      cache.close();
    }
    // Files of their own, then packed into segments (issue 16: the index keeps a location too).
    for (String store : List.of("tiercache-fsync-never+pack.below-0",
        "tiercache-fsync-never+pack.below-64KB")) {
      boolean packed = store.endsWith("64KB");
      if (!what.contains(packed ? "disk-packed" : "disk-files")) {
        continue;
      }
      Path dir = Folders.create("heap-per-entry");
      try {
        DiskStore disk = DiskStore.create(store, dir, bound);
        lines.add(measure(packed ? "disk-index-packed" : "disk-index",
            "tiercache", () -> disk, disk::put, keys, content, first, entries, 0, 0, false));
        disk.close();
      } finally {
        Folders.delete(dir);
      }
    }
    lines.forEach(System.out::println);
  }

  private interface Put {
    void put(ContentKey key, byte[] content);
  }

  private static String measure(String what, String name, Supplier<Object> root, Put put,
      ContentKey[] keys, byte[] content, int first, int entries, long contentBytes, long keyBytes,
      boolean keysRetained) {
    for (int i = 0; i < first; i++) {
      put.put(keys[i], content.clone());
    }
    long graphBefore = GraphLayout.parseInstance(root.get()).totalSize();
    long heapBefore = usedHeapAfterGc();
    for (int i = first; i < entries; i++) {
      put.put(keys[i], content.clone());
    }
    long heapAfter = usedHeapAfterGc();
    long graphAfter = GraphLayout.parseInstance(root.get()).totalSize();
    double added = entries - first;
    double graph = (graphAfter - graphBefore) / added - contentBytes - (keysRetained ? keyBytes : 0);
    double heap = (heapAfter - heapBefore) / added - contentBytes;
    return String.format(Locale.ROOT,
        "{\"what\":\"%s\",\"cache\":\"%s\",\"entries\":%d,\"jolBytesPerEntry\":%.1f,"
            + "\"heapDiffBytesPerEntry\":%.1f,\"contentArrayBytes\":%d,\"keyBytes\":%d,"
            + "\"keyRetained\":%s}",
        what, name, entries, graph, heap, contentBytes, keyBytes, keysRetained);
  }

  private static long usedHeapAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
