package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.testlog.CapturedLog;

/**
 * What a persistent tier keeps without a clean close, beyond the kit's reopen rules: entries, ages,
 * recency and size come back from the state a crash leaves (a copy of the folder taken while the tier
 * is open), and content the journal never heard of is adopted.
 */
@ExtendWith(CapturedLog.class)
final class UncleanShutdownTest {
  private static final long TTL_NANOS = 10_000_000_000L;

  @TempDir
  Path live;
  @TempDir
  Path crashed;
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

  private final byte[] a = Folders.content(100, 1);
  private final byte[] b = Folders.content(100, 2);
  private final byte[] c = Folders.content(100, 3);
  private final byte[] d = Folders.content(100, 4);

  private static ContentKey key(byte[] content) {
    return ContentKey.sha256(content);
  }

  @Test
  void crashKeepsEntriesAgesRecencyAndSize() {
    long start = clock.get();
    try (CacheTier tier = Folders.open(live, clock, "capacity=400 ttl=10s")) {
      tier.put(key(a), a);
      clock.addAndGet(1_000);
      tier.put(key(b), b);
      tier.put(key(c), c);
      assertNotNull(tier.get(key(a)));
      // Recency reaches the journal with the next change: here a put and a remove.
      tier.put(key(d), d);
      tier.remove(key(d));
      Folders.copyAsCrashed(live, crashed);
    }
    try (CacheTier tier = Folders.open(crashed, clock, "capacity=300 ttl=10s")) {
      assertEquals(300, tier.sizeBytes());
      assertEquals(3, tier.entryCount());
      assertTrue(tier.put(key(d), d));
      assertFalse(tier.contains(key(b)), "b was least recently used before the crash");
      assertTrue(tier.contains(key(a)) && tier.contains(key(c)));
      clock.set(start + TTL_NANOS - 1);
      assertArrayEquals(a, tier.getBytes(key(a)), "a is one nanosecond short of its TTL");
      clock.set(start + TTL_NANOS);
      assertNull(tier.get(key(a)), "a's age counts from its put before the crash");
    }
  }

  @Test
  void contentTheJournalNeverRecordedIsAdopted() throws IOException {
    try (CacheTier tier = Folders.open(live, clock, "")) {
      tier.put(key(a), a);
      Folders.copyAsCrashed(live, crashed);
    }
    // As if the process died between moving b into place and writing its journal record.
    Path orphan = Folders.contentFile(crashed, key(b));
    Files.createDirectories(orphan.getParent());
    Files.write(orphan, b);
    try (CacheTier tier = Folders.open(crashed, clock, "")) {
      assertArrayEquals(a, tier.getBytes(key(a)));
      assertArrayEquals(b, tier.getBytes(key(b)));
      assertEquals(200, tier.sizeBytes());
      assertEquals(2, tier.entryCount());
    }
  }

  @Test
  @SuppressWarnings("try") // the tier is held open: a copy of a running tier
  void adoptedContentThatDoesNotMatchItsNameIsNeverServed(CapturedLog log) throws IOException {
    try (CacheTier tier = Folders.open(live, clock, "")) {
      Folders.copyAsCrashed(live, crashed);
    }
    Path orphan = Folders.contentFile(crashed, key(b));
    Files.createDirectories(orphan.getParent());
    Files.write(orphan, c);
    try (CacheTier tier = Folders.open(crashed, clock, "")) {
      assertNull(tier.get(key(b)), "an adopted file has no checksum: its key is checked");
      assertEquals(0, tier.entryCount());
    }
    log.expect(Level.WARN, "content " + key(b) + " (" + orphan + ")",
        "is damaged (its digest does not match its key)");
  }

  @Test
  void compactedJournalKeepsRecency() {
    try (CacheTier tier = Folders.open(live, clock, "capacity=300")) {
      tier.put(key(a), a);
      tier.put(key(b), b);
      tier.put(key(c), c);
      // Enough uses to pass the compaction threshold several times; a is used last.
      for (int i = 0; i < 25_000; i++) {
        tier.get(key(i % 2 == 0 ? c : a));
      }
    }
    try (CacheTier tier = Folders.open(live, clock, "capacity=300")) {
      assertTrue(tier.put(key(d), d));
      assertFalse(tier.contains(key(b)), "b, least recently used, goes first");
      assertTrue(tier.contains(key(a)) && tier.contains(key(c)));
    }
  }
}
