package org.tiercache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

final class TierStatsTest {

  @Test
  void countsWhatIsRecorded() {
    StatsCounter counter = new StatsCounter();
    counter.recordHit();
    counter.recordHit();
    counter.recordMiss();
    counter.recordPut();
    counter.recordRejectedPut();
    counter.recordEvictions(3);
    counter.recordExpirations(2);
    counter.recordDamaged();
    TierStats stats = counter.snapshot(100, 4);
    assertEquals(new TierStats(2, 1, 1, 1, 3, 2, 1, 100, 4), stats);
    assertEquals(3, stats.requestCount());
    assertEquals(2.0 / 3, stats.hitRate(), 1e-9);
  }

  @Test
  void hitRateWithoutRequestsIsOne() {
    assertEquals(1.0, TierStats.EMPTY.hitRate());
  }

  @Test
  void sumsFigureByFigure() {
    TierStats a = new TierStats(1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertEquals(new TierStats(2, 4, 6, 8, 10, 12, 14, 16, 18), a.plus(a));
  }

  @Test
  void refusesNegativeFiguresNamingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TierStats(0, 0, 0, 0, 0, 0, 0, -1, 0));
    assertEquals("sizeBytes must not be negative: -1", e.getMessage());
  }
}
