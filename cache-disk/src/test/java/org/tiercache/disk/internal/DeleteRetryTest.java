package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.testlog.CapturedLog;

/**
 * A content file whose delete failed is deleted again later (at the next eviction pass, at close),
 * and one still there at close is brought back into the accounting by the next open: never a file on
 * disk that the tier no longer counts. Failures are injected through the tier's deleter, since the
 * tests run as root, for whom no permission makes a delete fail.
 */
@ExtendWith(CapturedLog.class)
final class DeleteRetryTest {
  @TempDir
  Path dir;
  private final AtomicLong clock = new AtomicLong(1_000);
  /** Files whose delete fails while they are listed here. */
  private final Set<Path> failing = ConcurrentHashMap.newKeySet();
  private final ContentFiles.Deleter deleter = file -> {
    if (failing.contains(file)) {
      throw new IOException("injected failure deleting " + file);
    }
    return Files.deleteIfExists(file);
  };
  private final byte[] a = Folders.content(100, 1);
  private final byte[] b = Folders.content(100, 2);
  private final byte[] c = Folders.content(100, 3);
  private final byte[] d = Folders.content(100, 4);
  private final byte[] e = Folders.content(100, 5);

  @Test
  void contentWhoseDeleteFailedIsDeletedAtTheNextEvictionPass(CapturedLog log) {
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES + " capacity=300", deleter)) {
      put(tier, a, b, c);
      Path fileA = Folders.contentFile(dir, ContentKey.sha256(a));
      failing.add(fileA);
      put(tier, d); // evicts a, whose delete fails
      assertTrue(Files.exists(fileA), "the injected failure left the file");
      assertEquals(300, tier.sizeBytes(), "a is no longer counted");

      failing.clear();
      put(tier, e); // the next eviction pass

      assertFalse(Files.exists(fileA), "the failed delete must be tried again");
      assertOnDiskIsWhatIsCounted(tier);
    }
    log.expectAll(Level.WARN, "could not delete content file " + dir, "injected failure");
  }

  @Test
  void contentWhoseDeleteFailedIsDeletedAtClose(CapturedLog log) {
    Path fileA = Folders.contentFile(dir, ContentKey.sha256(a));
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES, deleter)) {
      put(tier, a, b);
      failing.add(fileA);
      tier.remove(ContentKey.sha256(a));
      assertTrue(Files.exists(fileA));
      failing.clear();
    }
    assertFalse(Files.exists(fileA));
    log.expectAll(Level.WARN, "could not delete content file " + dir, "injected failure");
  }

  @Test
  void contentWhoseDeleteKeepsFailingIsCountedAgainAfterReopen(CapturedLog log) {
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES, deleter)) {
      put(tier, a, b);
      failing.add(Folders.contentFile(dir, ContentKey.sha256(a)));
      tier.remove(ContentKey.sha256(a));
    }
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      assertOnDiskIsWhatIsCounted(tier);
    }
    log.expectAll(Level.WARN, "could not delete content file " + dir, "injected failure");
  }

  private static void put(CacheTier tier, byte[]... contents) {
    for (byte[] content : contents) {
      assertTrue(tier.put(ContentKey.sha256(content), content));
    }
  }

  private void assertOnDiskIsWhatIsCounted(CacheTier tier) {
    List<Path> files = Folders.contentFiles(dir);
    assertEquals(Folders.sizeOf(files), tier.sizeBytes(),
        () -> "the content files on disk " + files + " must be the ones counted");
    assertEquals(files.size(), tier.entryCount());
  }
}
