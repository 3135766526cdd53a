package org.tiercache.testlog.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.event.Level;

/**
 * The lowest level printed outside a capture, per logger, read from the test class path's
 * {@code simplelogger.properties} with slf4j-simple's keys, so that a module's tests keep the
 * levels they chose: {@code org.slf4j.simpleLogger.defaultLogLevel} (INFO when absent) and
 * {@code org.slf4j.simpleLogger.log.NAME} for a logger and the loggers below it.
 */
final class PrintLevels {
  static final PrintLevels INSTANCE = new PrintLevels(load());
  private static final String PREFIX = "org.slf4j.simpleLogger.log.";

  private final Properties settings;

  PrintLevels(Properties settings) {
    this.settings = settings;
  }

  /** The lowest level printed for {@code logger}, as {@link Level#toInt()}; OFF prints nothing. */
  int threshold(String logger) {
    for (String name = logger; !name.isEmpty();
        name = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : "") {
      String level = settings.getProperty(PREFIX + name);
      if (level != null) {
        return parse(level);
      }
    }
    return parse(settings.getProperty("org.slf4j.simpleLogger.defaultLogLevel", "info"));
  }

  private static int parse(String level) {
    String name = level.strip().toUpperCase(Locale.ROOT);
    return name.equals("OFF") ? Integer.MAX_VALUE : Level.valueOf(name).toInt();
  }

  private static Properties load() {
    Properties settings = new Properties();
    try (InputStream in = ClassLoader.getSystemResourceAsStream("simplelogger.properties")) {
      if (in != null) {
        settings.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read simplelogger.properties", e);
    }
    return settings;
  }
}
