package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.testlog.CapturedLog;

/**
 * The disk tier's JFR events, recorded to a file and read back as {@code jfr print} would show them:
 * a damaged entry, an open with its recovery figures, a compaction of the journal.
 */
@ExtendWith(CapturedLog.class)
final class DiskEventsTest {
  @TempDir
  Path dir;
  @TempDir
  Path crashed;
  @TempDir
  Path recordings;
  private final AtomicLong clock = new AtomicLong(1_000_000_000_000L);

  /** Runs {@code work} under a recording of the named events and returns those recorded. */
  private List<RecordedEvent> record(String event, Runnable work) throws IOException {
    Path file = recordings.resolve(event + ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable(event);
      recording.start();
      work.run();
      recording.stop();
      recording.dump(file);
    }
    // A recording file also holds JFR's own bookkeeping events (the recording's settings).
    return RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().equals(event))
        .toList();
  }

  @Test
  void aDamagedEntryIsRecordedWithItsKeyFileAndDamage(CapturedLog log) throws IOException {
    byte[] content = Folders.content(5000, 1);
    ContentKey key = ContentKey.sha256(content);
    Path file = Folders.contentFile(dir, key);

    List<RecordedEvent> events = record("org.tiercache.disk.DamagedEntry", () -> {
      try (CacheTier tier = Folders.open(dir, clock, Folders.FILES + " verify=checksum")) {
        tier.put(key, content);
        byte[] onDisk = Files.readAllBytes(file);
        onDisk[2500] ^= 0x01;
        Files.write(file, onDisk);
        assertNull(tier.get(key));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });

    assertEquals(1, events.size());
    RecordedEvent damaged = events.get(0);
    assertEquals(dir.toString(), damaged.getString("folder"));
    assertEquals(key.toString(), damaged.getString("key"));
    assertEquals(file.toString(), damaged.getString("file"));
    assertEquals(5000, damaged.getLong("size"));
    assertEquals("its CRC32C does not match the one taken when it was put",
        damaged.getString("damage"));
    log.expect(Level.WARN, "content " + key + " (" + file + ") is damaged");
  }

  @Test
  void aDamagedPackedRecordIsRecordedWithItsSegmentAndOffset(CapturedLog log) throws IOException {
    byte[] content = Folders.content(5000, 1);
    ContentKey key = ContentKey.sha256(content);
    List<Path> segments = new ArrayList<>();

    List<RecordedEvent> events = record("org.tiercache.disk.DamagedEntry", () -> {
      try (CacheTier tier = Folders.open(dir, clock, "")) {
        tier.put(key, content);
        segments.addAll(Folders.list(dir.resolve(DiskLayout.SEGMENTS)));
        Path segment = segments.get(0);
        byte[] onDisk = Files.readAllBytes(segment);
        onDisk[SegmentFormat.FILE_HEADER_BYTES + SegmentFormat.RECORD_HEADER_BYTES + 2500] ^= 0x01;
        Files.write(segment, onDisk);
        assertNull(tier.get(key));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });

    assertEquals(1, segments.size(), "packed under the default settings, in one segment");
    assertEquals(1, events.size());
    RecordedEvent damaged = events.get(0);
    assertEquals(key.toString(), damaged.getString("key"));
    assertTrue(damaged.getString("file").contains(segments.get(0).toString())
        && damaged.getString("file").contains("offset " + SegmentFormat.FILE_HEADER_BYTES),
        damaged.getString("file"));
    assertEquals(5000, damaged.getLong("size"));
    assertEquals("its CRC32C does not match the one taken when it was put",
        damaged.getString("damage"));
    log.expect(Level.WARN, "content " + key, segments.get(0).toString(), "is damaged");
  }

  @Test
  void aFileGoneBehindTheTiersBackIsRecordedAsDamage(CapturedLog log) throws IOException {
    byte[] content = Folders.content(100, 2);
    ContentKey key = ContentKey.sha256(content);

    List<RecordedEvent> events = record("org.tiercache.disk.DamagedEntry", () -> {
      try (CacheTier tier = Folders.open(dir, clock, Folders.FILES)) {
        tier.put(key, content);
        Files.delete(Folders.contentFile(dir, key));
        assertNull(tier.get(key));
      } catch (IOException e) {
        throw new AssertionError(e);
      }
    });

    assertEquals(1, events.size());
    assertEquals(key.toString(), events.get(0).getString("key"));
    assertEquals("its file is gone", events.get(0).getString("damage"));
    log.expect(Level.WARN, "dropping content " + key, "its file is gone");
  }

  @Test
  void anOpenAfterACrashIsRecordedWithItsRecoveryFigures() throws IOException {
    try (CacheTier tier = Folders.open(dir, clock, "")) {
      tier.put(ContentKey.sha256(Folders.content(100, 1)), Folders.content(100, 1));
      tier.put(ContentKey.sha256(Folders.content(300, 2)), Folders.content(300, 2));
      Folders.copyAsCrashed(dir, crashed);
    }

    List<RecordedEvent> events = record("org.tiercache.disk.Open", () -> {
      Folders.open(crashed, clock, "").close();
      Folders.open(crashed, clock, "").close();
    });

    assertEquals(2, events.size());
    RecordedEvent recovered = events.get(0);
    assertEquals(crashed.toString(), recovered.getString("folder"));
    assertEquals("unclean shutdown", recovered.getString("outcome"));
    assertEquals(2, recovered.getLong("entries"));
    assertEquals(400, recovered.getLong("bytes"));
    assertEquals(2, recovered.getLong("journalRecords"));
    assertEquals(0, recovered.getLong("filesAdopted"));
    assertEquals(0, recovered.getLong("entriesDropped"));
    assertTrue(recovered.getBoolean("journalRewritten"));
    assertTrue(recovered.getLong("millis") >= 0);
    RecordedEvent reopened = events.get(1);
    assertEquals("clean", reopened.getString("outcome"));
    assertEquals(2, reopened.getLong("entries"));
    assertFalse(reopened.getBoolean("journalRewritten"));
  }

  @Test
  void aCompactionIsRecordedWithTheRecordsBeforeAndAfter() throws IOException {
    byte[] first = Folders.content(10, 3);
    byte[] second = Folders.content(10, 4);
    long uses = Journal.compactionThreshold(2);

    List<RecordedEvent> events = record("org.tiercache.disk.JournalCompaction", () -> {
      try (CacheTier tier = Folders.open(dir, clock, "")) {
        tier.put(ContentKey.sha256(first), first);
        // Each hit appends a record of its use; the next change past the threshold rewrites.
        for (long i = 0; i < uses; i++) {
          assertNotNull(tier.get(ContentKey.sha256(first)));
        }
        tier.put(ContentKey.sha256(second), second);
      }
    });

    assertEquals(1, events.size());
    RecordedEvent compaction = events.get(0);
    assertEquals(dir.toString(), compaction.getString("folder"));
    assertEquals("grown past its threshold", compaction.getString("reason"));
    assertEquals(uses + 2, compaction.getLong("recordsBefore"), "two puts and the uses");
    assertEquals(2, compaction.getLong("recordsAfter"), "one record per live entry");
  }
}
