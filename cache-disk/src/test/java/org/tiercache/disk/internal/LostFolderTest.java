package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.testlog.CapturedLog;

/**
 * The folder deleted or replaced under a running tier: the tier notices (by its lock file's
 * identity), never makes the folder again, never writes into a new one, and fails its calls with a
 * {@link CacheException} that says what happened.
 */
@ExtendWith(CapturedLog.class)
final class LostFolderTest {
  @TempDir
  Path scratch;
  private final AtomicLong clock = new AtomicLong(1_000);
  private final byte[] a = Folders.content(100, 1);
  private final byte[] b = Folders.content(200, 2);

  @Test
  void deletedFolderIsNotMadeAgainAndEveryCallFails(CapturedLog log) {
    Path dir = scratch.resolve("cache");
    CacheTier tier = Folders.open(dir, clock, "");
    tier.put(ContentKey.sha256(a), a);
    Folders.deleteTree(dir);

    CacheException put = assertThrows(CacheException.class,
        () -> tier.put(ContentKey.sha256(b), b));
    assertTrue(put.getMessage().contains(dir.toString())
        && put.getMessage().contains("deleted or replaced"), put.getMessage());
    assertFalse(Files.exists(dir), "the tier must not make the folder again, unlocked");
    assertThrows(CacheException.class, () -> tier.get(ContentKey.sha256(a)));
    assertThrows(CacheException.class,
        () -> tier.putStream(new ByteArrayInputStream(b), DigestAlgorithm.SHA_256));
    assertThrows(CacheException.class, tier::clear);
    assertFalse(Files.exists(dir));
    tier.close();
    assertFalse(Files.exists(dir), "nor at close");
    log.expect(Level.ERROR, "disk tier folder " + dir + " is no longer this tier's", "is gone");
  }

  @Test
  void missingFileOfADeletedFolderIsReportedAsTheLostFolder(CapturedLog log) {
    Path dir = scratch.resolve("cache");
    // a file of its own, which the get finds missing (a packed entry's segment stays open)
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      tier.put(ContentKey.sha256(a), a);
      Folders.deleteTree(dir);
      CacheException e = assertThrows(CacheException.class,
          () -> tier.get(ContentKey.sha256(a)));
      assertTrue(e.getMessage().contains("deleted or replaced"), e.getMessage());
    }
    log.expect(Level.ERROR, "disk tier folder " + dir + " is no longer this tier's", "is gone");
  }

  @Test
  void folderReplacedUnderATierIsLeftToTheTierThatOpensIt(CapturedLog log) throws IOException {
    Path dir = scratch.resolve("cache");
    CacheTier first = Folders.open(dir, clock, "");
    first.put(ContentKey.sha256(a), a);
    Files.move(dir, scratch.resolve("moved-away"));
    try (CacheTier second = Folders.open(dir, clock, "")) {
      CacheException e = assertThrows(CacheException.class,
          () -> first.put(ContentKey.sha256(b), b));
      assertTrue(e.getMessage().contains(dir.resolve(".lock") + " is another file"),
          e.getMessage());
      assertThrows(CacheException.class, () -> first.remove(ContentKey.sha256(a)));
      assertThrows(CacheException.class, first::evictExpired);
      first.close();

      assertTrue(Folders.contentFiles(dir).isEmpty(), "nothing of the first tier's is written "
          + "into the folder the second tier owns");
      assertEquals(0, second.entryCount());
      assertTrue(second.put(ContentKey.sha256(b), b));
      assertArrayEquals(b, second.getBytes(ContentKey.sha256(b)));
    }
    log.expect(Level.ERROR, "disk tier folder " + dir + " is no longer this tier's",
        "is another file");
  }
}
