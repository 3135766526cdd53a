package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierHealth;

/**
 * The disk tier's health: down from the moment its folder is deleted under it, degraded while the
 * file system is full and after repairing a damaged journal at open, up otherwise.
 */
final class DiskHealthTest {
  @TempDir
  Path scratch;
  private final AtomicLong clock = new AtomicLong(7_000_000_000L);
  private final byte[] a = Folders.content(100, 1);

  @Test
  void aDeletedFolderMakesTheTierDownAtOnce() {
    Path dir = scratch.resolve("cache");
    CacheTier tier = Folders.open(dir, clock, "");
    tier.put(ContentKey.sha256(a), a);
    assertEquals(TierHealth.UP, tier.health());

    Folders.deleteTree(dir);
    long noticed = clock.get();
    TierHealth down = tier.health();
    clock.addAndGet(1_000);

    assertEquals(TierHealth.Status.DOWN, down.status());
    assertTrue(down.cause().startsWith("disk tier folder " + dir + " was deleted or replaced: "),
        down.cause());
    assertEquals(Instant.ofEpochSecond(0, noticed), down.since());
    assertEquals(down, tier.health(), "down for good, since the same moment");
    tier.close();
  }

  @Test
  void theLossIsDatedByTheFirstCallThatFoundItNotByTheHealthCheck() {
    Path dir = scratch.resolve("cache");
    CacheTier tier = Folders.open(dir, clock, "");
    Folders.deleteTree(dir);
    long failedAt = clock.get();
    assertThrows(CacheException.class, () -> tier.put(ContentKey.sha256(a), a));
    clock.addAndGet(60_000_000_000L);

    assertEquals(Instant.ofEpochSecond(0, failedAt), tier.health().since());
    tier.close();
  }

  @Test
  void journalDamageRepairedAtOpenIsDegradedUntilTheFolderIsReopenedCleanly() throws IOException {
    Path dir = scratch.resolve("cache");
    // files of their own, which recovery adopts back from the folder: so all 20 are served on
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      for (int i = 0; i < 20; i++) {
        byte[] content = Folders.content(100 + i, i);
        tier.put(ContentKey.sha256(content), content);
      }
    }
    Path journal = dir.resolve("journal");
    byte[] bytes = Files.readAllBytes(journal);
    for (int i = bytes.length / 2; i < bytes.length / 2 + 16; i++) {
      bytes[i] ^= 0x5a;
    }
    Files.write(journal, bytes);

    long opened = clock.get();
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      TierHealth repaired = tier.health();
      assertEquals(TierHealth.Status.DEGRADED, repaired.status());
      assertTrue(repaired.cause().startsWith("disk tier folder " + dir
          + ": repaired journal damage at open"), repaired.cause());
      assertEquals(Instant.ofEpochSecond(0, opened), repaired.since());
      assertEquals(20, tier.entryCount(), "and it serves on");
    }
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      assertEquals(TierHealth.UP, tier.health(), "a clean reopen ends it");
    }
  }

  @Test
  void aPutFailingForWantOfSpaceIsDegradedUntilTheNextPutStored() {
    DiskHealth health = new DiskHealth(scratch, clock::get, null);
    health.putFailed(new IOException("reading the caller's stream failed"));
    assertEquals(TierHealth.UP, health.report(null), "a failure that is not the disk's");

    long full = clock.get();
    health.putFailed(new FileSystemException(scratch + "/tmp/1.tmp", null,
        "No space left on device"));
    clock.addAndGet(1_000);
    health.putFailed(new IOException(new FileSystemException("No space left on device")));
    TierHealth degraded = health.report(null);
    assertEquals(TierHealth.degraded("disk tier folder " + scratch
        + ": no space left on the device", Instant.ofEpochSecond(0, full)), degraded);

    health.putStored();
    assertEquals(TierHealth.UP, health.report(null));
  }
}
