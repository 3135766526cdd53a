package org.tiercache.disk.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;

/**
 * The child process of {@link FailedPackedWriteTest}, started under a file size limit ({@code
 * ulimit -f}), which the kernel enforces as a full disk: a write past it is cut short, the next
 * one fails ({@code EFBIG}). It packs entries of {@link #SIZE} bytes until an append is refused part
 * way, then goes on until a put stores again, checking after each put that a failed one left
 * nothing behind, and prints the seeds of the contents stored and of those refused
 * ({@code stored 0,1,2} and {@code failed 3,4}) for its parent to check after a reopen.
 */
final class FileSizeLimitChild {
  static final int SIZE = 20_000;
  static final String SETTINGS = "pack.below=64KB segment.size=1MB capacity=100MB";
  /** More puts than a 1 MB segment holds: the child gives up if the tier never stores again. */
  private static final int MOST = 200;

  private FileSizeLimitChild() {}

  public static void main(String[] args) {
    TierConfig config = TierConfig.parse("dir=" + Path.of(args[0]) + " " + SETTINGS).toBuilder()
        .clock(CacheClock.system())
        .build();
    List<Integer> stored = new ArrayList<>();
    List<Integer> failed = new ArrayList<>();
    try (CacheTier tier = new DiskTierProvider().create(config)) {
      boolean storedAgain = false;
      for (int seed = 0; seed < MOST && !storedAgain; seed++) {
        byte[] content = Folders.content(SIZE, seed);
        ContentKey key = ContentKey.sha256(content);
        try {
          require(tier.put(key, content), "a put that did not throw must store");
          stored.add(seed);
          storedAgain = !failed.isEmpty();
        } catch (CacheException e) {
          failed.add(seed);
          require(!tier.contains(key), "a failed put must leave nothing: " + e);
        }
        require(tier.entryCount() == stored.size(), "entries " + tier.entryCount());
        require(tier.sizeBytes() == (long) SIZE * stored.size(), "bytes " + tier.sizeBytes());
      }
      for (int seed : stored) {
        byte[] content = Folders.content(SIZE, seed);
        require(Arrays.equals(content, tier.getBytes(ContentKey.sha256(content))),
            "content " + seed + " must read back exact");
      }
    }
    System.out.println("stored " + join(stored));
    System.out.println("failed " + join(failed));
  }

  private static void require(boolean holds, String what) {
    if (!holds) {
      throw new IllegalStateException(what);
    }
  }

  private static String join(List<Integer> seeds) {
    return String.join(",", seeds.stream().map(String::valueOf).toList());
  }
}
