package org.tiercache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a listing says of an entry: write times to the nanosecond, bad values named. */
final class EntryInfoTest {
  private static final ContentKey KEY = ContentKey.sha256(new byte[] {1, 2, 3});

  @Test
  void writeTimeFromAClockReadingKeepsEveryNanosecond() {
    long reading = 1_767_225_600_123_456_789L;
    EntryInfo entry = EntryInfo.of(KEY, 3, reading, "disk");
    assertEquals(Instant.parse("2026-01-01T00:00:00.123456789Z"), entry.writeTime());
    assertEquals(TierHealth.instantOf(reading), entry.writeTime(),
        "the same instant a tier's health gives for that reading");
  }

  @Test
  void withTierNamesAnotherTierAndKeepsTheRest() {
    EntryInfo entry = EntryInfo.of(KEY, 3, 42, "memory");
    EntryInfo moved = entry.withTier("memory#2");
    assertEquals(new EntryInfo(KEY, 3, entry.writeTime(), "memory#2"), moved);
  }

  @Test
  void negativeSizeIsRefusedNamingIt() {
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> EntryInfo.of(KEY, -1, 0, "disk"));
    assertTrue(refused.getMessage().contains("-1"), refused.getMessage());
  }
}
