package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;
import jdk.jfr.Recording;
import jdk.jfr.SettingDescriptor;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;

/**
 * The stack's calls to its tiers, timed for the JFR event {@code org.tiercache.tiered.SlowOperation}:
 * a recording's threshold decides which are recorded. Nothing here waits for time: a threshold of
 * zero records every call, one of an hour none.
 */
final class SlowOperationEventTest {
  private static final String EVENT = "org.tiercache.tiered.SlowOperation";

  @TempDir
  Path recordings;

  private static TieredCache twoMemoryTiers() {
    return TieredCache.builder()
        .tier(SizeRule.below(1024), "memory", TierConfig.builder().capacity(4096).build())
        .tier(SizeRule.any(), "memory", TierConfig.builder().capacity(65536).build())
        .build();
  }

  private static byte[] content(int size, int seed) {
    byte[] bytes = new byte[size];
    bytes[0] = (byte) seed;
    return bytes;
  }

  private List<RecordedEvent> recordAtThreshold(Duration threshold, Runnable work)
      throws IOException {
    Path file = recordings.resolve("slow.jfr");
    try (Recording recording = new Recording()) {
      recording.enable(EVENT).withThreshold(threshold);
      recording.start();
      work.run();
      recording.stop();
      recording.dump(file);
    }
    return RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().equals(EVENT))
        .toList();
  }

  private static String describe(RecordedEvent e) {
    return e.getString("operation") + " " + e.getString("tier") + " " + e.getInt("position") + " "
        + e.getString("key");
  }

  @Test
  void atAThresholdOfZeroEveryCallToATierIsRecordedWithTheTierAndKey() throws IOException {
    byte[] note = content(100, 1);
    byte[] scan = content(5000, 2);
    ContentKey noteKey = ContentKey.sha256(note);
    ContentKey scanKey = ContentKey.sha256(scan);

    List<RecordedEvent> events = recordAtThreshold(Duration.ZERO, () -> {
      try (TieredCache cache = twoMemoryTiers()) {
        cache.put(noteKey, note);
        cache.put(scanKey, scan);
        cache.get(scanKey);
      }
    });

    assertEquals(List.of(
            "put memory 0 " + noteKey,
            "put memory#2 1 " + scanKey,
            "get memory 0 " + scanKey,
            "get memory#2 1 " + scanKey),
        events.stream().map(SlowOperationEventTest::describe).toList());
  }

  @Test
  void aCallShorterThanTheThresholdIsNotRecorded() throws IOException {
    byte[] note = content(100, 1);

    List<RecordedEvent> events = recordAtThreshold(Duration.ofHours(1), () -> {
      try (TieredCache cache = twoMemoryTiers()) {
        cache.put(ContentKey.sha256(note), note);
        cache.get(ContentKey.sha256(note));
      }
    });

    assertEquals(List.of(), events);
  }

  @Test
  void aRecordingOnTheJdksSettingsLeavesTheEventOff() throws IOException, ParseException {
    // The JDK's settings, as a continuous production recording runs, with a threshold of zero for
    // the event so that it would record every call if it were on.
    Map<String, String> settings =
        new HashMap<>(Configuration.getConfiguration("default").getSettings());
    settings.put(EVENT + "#threshold", "0 ns");
    Path file = recordings.resolve("default.jfr");
    try (Recording recording = new Recording(settings)) {
      recording.start();
      try (TieredCache cache = twoMemoryTiers()) {
        cache.get(ContentKey.sha256(content(1, 1)));
      }
      recording.stop();
      recording.dump(file);
    }

    assertEquals(List.of(), RecordingFile.readAllEvents(file).stream()
        .filter(e -> e.getEventType().getName().equals(EVENT)).toList(),
        "the event is off unless a recording enables it by name");
  }

  @Test
  void theEventIsOffByDefaultWithAThresholdOfTwentyMilliseconds() {
    try (TieredCache cache = twoMemoryTiers()) {
      // The event type is registered when the stack first times a call.
      cache.get(ContentKey.sha256(content(1, 1)));
    }
    EventType type = FlightRecorder.getFlightRecorder().getEventTypes().stream()
        .filter(t -> t.getName().equals(EVENT)).findFirst().orElse(null);
    assertNotNull(type, EVENT + " is not registered");
    SettingDescriptor threshold = type.getSettingDescriptors().stream()
        .filter(s -> s.getName().equals("threshold")).findFirst().orElseThrow();
    assertEquals("20 ms", threshold.getDefaultValue());
    SettingDescriptor enabled = type.getSettingDescriptors().stream()
        .filter(s -> s.getName().equals("enabled")).findFirst().orElseThrow();
    assertEquals("false", enabled.getDefaultValue());
    assertEquals("tiercache", type.getCategoryNames().get(0));
  }
}
