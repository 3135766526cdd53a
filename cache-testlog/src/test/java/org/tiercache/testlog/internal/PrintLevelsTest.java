package org.tiercache.testlog.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;

/** Outside a capture, a module's tests print at the levels their simplelogger.properties sets. */
final class PrintLevelsTest {
  @Test
  void theNearestLoggerSettingWinsThenTheDefault() {
    Properties settings = new Properties();
    settings.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
    settings.setProperty("org.slf4j.simpleLogger.log.org.tiercache.disk.measure", "info");
    PrintLevels levels = new PrintLevels(settings);

    assertEquals(Level.INFO.toInt(), levels.threshold("org.tiercache.disk.measure"));
    assertEquals(Level.INFO.toInt(), levels.threshold("org.tiercache.disk.measure.reopen"));
    assertEquals(Level.WARN.toInt(), levels.threshold("org.tiercache.disk.internal.Recovery"));
  }

  @Test
  void offPrintsNothing() {
    Properties settings = new Properties();
    settings.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "off");
    assertEquals(Integer.MAX_VALUE, new PrintLevels(settings).threshold("any"));
  }

  @Test
  void withoutSettingsInfoIsPrinted() {
    assertEquals(Level.INFO.toInt(), new PrintLevels(new Properties()).threshold("any"));
  }
}
