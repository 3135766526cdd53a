package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.testlog.CapturedLog;

/**
 * {@code openStream(key).transferTo(out)}: the kernel copies the file when nothing but the length is
 * checked, and the bytes pass through the check otherwise; either way out gets exactly the content,
 * and a file shorter than its entry fails the transfer and removes the entry.
 */
@ExtendWith(CapturedLog.class)
final class StreamTransferTest {
  private final AtomicLong clock = new AtomicLong(1_000);

  @ParameterizedTest
  @ValueSource(strings = {"never", "checksum", "always"})
  void transferToAFileCopiesExactlyTheContent(String verify, @TempDir Path dir)
      throws IOException {
    try (CacheTier tier = Folders.open(dir.resolve("cache"), clock, "verify=" + verify)) {
      byte[] content = Folders.content(3_000_000, 11);
      ContentKey key = ContentKey.sha256(content);
      tier.put(key, content);
      Path copy = dir.resolve("copy.bin");
      try (InputStream in = tier.openStream(key); OutputStream out = Files.newOutputStream(copy)) {
        assertEquals(content.length, in.transferTo(out));
      }
      assertArrayEquals(content, Files.readAllBytes(copy));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"never", "checksum"})
  void transferOfATruncatedFileFailsAndRemovesTheEntry(String verify,
      @TempDir Path dir, CapturedLog log) throws IOException {
    try (CacheTier tier = Folders.open(dir.resolve("cache"), clock, "verify=" + verify)) {
      byte[] content = Folders.content(100_000, 12);
      ContentKey key = ContentKey.sha256(content);
      tier.put(key, content);
      try (InputStream in = tier.openStream(key)) {
        try (FileChannel channel = FileChannel.open(
            Folders.contentFile(dir.resolve("cache"), key), StandardOpenOption.WRITE)) {
          channel.truncate(50_000);
        }
        IOException e = assertThrows(IOException.class,
            () -> in.transferTo(OutputStream.nullOutputStream()));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
      }
      assertEquals(0, tier.entryCount());
      assertEquals(1, tier.stats().damaged());
    }
    log.expect(Level.WARN, "content sha256:",
        dir.toString(), "is damaged (it has 50000 bytes, not the 100000 put)");
  }
}
