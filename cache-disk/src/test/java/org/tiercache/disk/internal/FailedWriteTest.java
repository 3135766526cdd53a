package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;

/**
 * A put whose write fails (as on a full disk) throws {@link CacheException}, leaves no part of its
 * content and no reservation behind, and the tier goes on working.
 */
final class FailedWriteTest {
  @TempDir
  Path dir;
  private final AtomicLong clock = new AtomicLong(1_000);

  @Test
  void putThatCannotWriteItsFileLeavesNothingAndTheTierUsable() throws IOException {
    // a file of its own, written in tmp (packed content is appended to an open segment)
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES + " capacity=1000")) {
      byte[] held = Folders.content(600, 1);
      tier.put(ContentKey.sha256(held), held);
      // The temporary folder becomes a file: every write of new content fails.
      Path tmp = dir.resolve("tmp");
      Files.delete(tmp);
      Files.write(tmp, new byte[0]);
      byte[] content = Folders.content(400, 2);
      ContentKey key = ContentKey.sha256(content);

      CacheException e = assertThrows(CacheException.class, () -> tier.put(key, content));
      assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
      assertFalse(tier.contains(key));
      assertEquals(1, tier.entryCount());
      assertEquals(600, tier.sizeBytes());
      assertArrayEquals(held, tier.getBytes(ContentKey.sha256(held)), "other entries are kept");

      Files.delete(tmp);
      Files.createDirectory(tmp);
      assertTrue(tier.put(key, content), "the failed put gave back its room: 600 + 400 fit");
      assertEquals(1000, tier.sizeBytes());
      assertEquals(2, tier.entryCount(), "nothing was evicted: the reservation was released");
    }
  }

  @Test
  void streamThatFailsPartWayLeavesNoPartialEntry() throws IOException {
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      InputStream failing = new InputStream() {
        private int left = 100_000;

        @Override
        public int read() throws IOException {
          if (left-- <= 0) {
            throw new IOException("connection reset");
          }
          return 7;
        }
      };
      assertThrows(CacheException.class, () -> tier.putStream(failing, DigestAlgorithm.SHA_256));
      assertEquals(0, tier.entryCount());
      assertEquals(0, tier.sizeBytes());
      assertTrue(Folders.list(dir.resolve("tmp")).isEmpty(), "the temporary file is deleted");
      assertTrue(Folders.contentFiles(dir).isEmpty());
      byte[] content = Folders.content(10, 3);
      PutResult result = tier.putStream(new ByteArrayInputStream(content), DigestAlgorithm.SHA_256);
      assertTrue(result.stored());
    }
  }

  @Test
  void streamLargerThanTheCapacityIsRefusedWithItsKeyAndLeavesNoFile() {
    try (CacheTier tier = Folders.open(dir, clock, "capacity=100KB")) {
      byte[] content = Folders.content(300_000, 4);
      PutResult result = tier.putStream(new ByteArrayInputStream(content), DigestAlgorithm.SHA_256);
      assertFalse(result.stored());
      assertEquals(ContentKey.sha256(content), result.key());
      assertEquals(1, tier.stats().rejectedPuts());
      assertTrue(Folders.list(dir.resolve("tmp")).isEmpty());
    }
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void putThatFailsAfterWritingLeavesNoTemporaryFileAndGivesBackItsRoom(boolean stream)
      throws IOException {
    // a file of its own, moved into its two-digit folder
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES + " capacity=1000")) {
      byte[] held = Folders.content(600, 1);
      tier.put(ContentKey.sha256(held), held);
      byte[] content = Folders.content(400, 2);
      ContentKey key = ContentKey.sha256(content);
      // The content is written whole, then cannot be moved into place: its folder is a file.
      Path prefix = Folders.contentFile(dir, key).getParent();
      Files.write(prefix, new byte[0]);

      CacheException e = assertThrows(CacheException.class, () -> put(tier, content, stream));

      assertTrue(e.getMessage().contains(prefix + ": is not a folder"), e.getMessage());
      assertTrue(Folders.list(dir.resolve("tmp")).isEmpty(), "the written file is deleted");
      assertFalse(tier.contains(key));
      Files.delete(prefix);
      assertTrue(put(tier, content, stream), "the failed put gave back its room: 600 + 400 fit");
      assertEquals(2, tier.entryCount(), "nothing was evicted");
      assertEquals(1000, tier.sizeBytes());
    }
  }

  private static boolean put(CacheTier tier, byte[] content, boolean stream) {
    return stream
        ? tier.putStream(new ByteArrayInputStream(content), DigestAlgorithm.SHA_256).stored()
        : tier.put(ContentKey.sha256(content), content);
  }

  @Test
  void deletedTemporaryFolderIsMadeAgain() throws IOException {
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      Files.delete(dir.resolve("tmp"));
      byte[] content = Folders.content(10, 5);
      assertTrue(tier.put(ContentKey.sha256(content), content));
    }
  }
}
