package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.testlog.CapturedLog;

/**
 * Content files changed behind the tier's back: never served, never an exception from get, the
 * entry dropped and the accounting corrected. Every entry a file of its own here
 * ({@link Folders#FILES}); {@code PackedEntriesTest} damages packed records.
 */
@ExtendWith(CapturedLog.class)
final class DamagedContentTest {
  @TempDir
  Path dir;
  private final AtomicLong clock = new AtomicLong(1_000);

  @ParameterizedTest
  @ValueSource(strings = {"always", "checksum"})
  void flippedByteIsAMissAndTheEntryIsRemoved(String verify, CapturedLog log) throws IOException {
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES + " verify=" + verify)) {
      byte[] damaged = Folders.content(5000, 1);
      byte[] kept = Folders.content(300, 2);
      ContentKey key = ContentKey.sha256(damaged);
      tier.put(key, damaged);
      tier.put(ContentKey.sha256(kept), kept);
      Path file = Folders.contentFile(dir, key);
      byte[] onDisk = Files.readAllBytes(file);
      onDisk[2500] ^= 0x01;
      Files.write(file, onDisk);

      assertNull(tier.get(key), "a flipped byte must make a miss, never wrong bytes");
      assertFalse(Files.exists(file), "the damaged file must be removed");
      assertFalse(tier.contains(key));
      assertEquals(1, tier.stats().misses(), "damage is counted as a miss");
      assertEquals(1, tier.stats().damaged(), "and as a damaged entry");
      assertEquals(300, tier.sizeBytes());
      assertEquals(1, tier.entryCount());
      assertArrayEquals(kept, tier.getBytes(ContentKey.sha256(kept)));
      log.expect(Level.WARN, "is damaged", key.toString(), file.toString(), "removed");
    }
  }

  @Test
  void withVerifyNeverOnlyTheLengthIsChecked() throws IOException {
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES + " verify=never")) {
      byte[] content = Folders.content(100, 3);
      ContentKey key = ContentKey.sha256(content);
      tier.put(key, content);
      Path file = Folders.contentFile(dir, key);
      byte[] onDisk = Files.readAllBytes(file);
      onDisk[0] ^= 0x01;
      Files.write(file, onDisk);
      assertArrayEquals(onDisk, tier.getBytes(key), "verify=never trusts the file's bytes");
    }
  }

  @Test
  void truncatedFileIsAMissAndAccountingIsCorrected(CapturedLog log) throws IOException {
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES + " verify=never")) {
      byte[] content = Folders.content(4096, 4);
      ContentKey key = ContentKey.sha256(content);
      tier.put(key, content);
      try (FileChannel channel = FileChannel.open(Folders.contentFile(dir, key),
          StandardOpenOption.WRITE)) {
        channel.truncate(1000);
      }
      assertNull(tier.get(key), "a truncated file must be a miss, even without verification");
      log.expect(Level.WARN, "is damaged", key.toString(), "1000 bytes, not the 4096 put");
      assertEquals(1, tier.stats().damaged());
      assertEquals(0, tier.sizeBytes());
      assertEquals(0, tier.entryCount());
    }
  }

  @Test
  void deletedFileIsAMissAndAccountingIsCorrected(CapturedLog log) throws IOException {
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      byte[] content = Folders.content(4096, 5);
      ContentKey key = ContentKey.sha256(content);
      tier.put(key, content);
      Files.delete(Folders.contentFile(dir, key));
      assertNull(tier.openStream(key), "a deleted file must be a miss");
      log.expect(Level.WARN, key.toString(), Folders.contentFile(dir, key).toString());
      assertNull(tier.get(key));
      assertEquals(1, tier.stats().damaged(), "a file gone behind the tier's back, once");
      assertEquals(0, tier.sizeBytes());
      assertEquals(0, tier.entryCount());
      assertTrue(tier.put(key, content), "the key can be put again");
      assertArrayEquals(content, tier.getBytes(key));
    }
  }

  @Test
  void deletedPrefixFolderIsMadeAgainByTheNextPut() throws IOException {
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      byte[] first = Folders.content(10, 6);
      ContentKey key = ContentKey.sha256(first);
      tier.put(key, first);
      Path folder = Folders.contentFile(dir, key).getParent();
      Files.delete(Folders.contentFile(dir, key));
      Files.delete(folder);
      assertTrue(tier.put(key, first));
      assertArrayEquals(first, tier.getBytes(key));
    }
  }

  @Test
  void streamOfDamagedContentFailsAtItsEndAndRemovesTheEntry(CapturedLog log) throws IOException {
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
      byte[] content = Folders.content(200_000, 7);
      ContentKey key = ContentKey.sha256(content);
      tier.put(key, content);
      Path file = Folders.contentFile(dir, key);
      byte[] onDisk = Files.readAllBytes(file);
      onDisk[199_999] ^= 0x40;
      Files.write(file, onDisk);
      try (InputStream in = tier.openStream(key)) {
        assertNotNull(in, "the length is right, so the stream opens");
        IOException e = assertThrows(IOException.class, in::readAllBytes);
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
      }
      log.expect(Level.WARN, "is damaged", key.toString(), file.toString(), "CRC32C");
      assertEquals(1, tier.stats().damaged());
      assertFalse(tier.contains(key));
      assertEquals(0, tier.sizeBytes());
    }
  }

  @Test
  void fileTruncatedWhileStreamingFailsTheStream(CapturedLog log) throws IOException {
    try (CacheTier tier = Folders.open(dir, clock, Folders.FILES + " verify=never")) {
      byte[] content = Folders.content(300_000, 8);
      ContentKey key = ContentKey.sha256(content);
      tier.put(key, content);
      try (InputStream in = tier.openStream(key)) {
        assertNotNull(in);
        in.readNBytes(1000);
        try (FileChannel channel = FileChannel.open(Folders.contentFile(dir, key),
            StandardOpenOption.WRITE)) {
          channel.truncate(2000);
        }
        assertThrows(IOException.class, in::readAllBytes);
      }
      assertEquals(0, tier.entryCount());
      log.expect(Level.WARN, key.toString());
    }
  }
}
