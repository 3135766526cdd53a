package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tiercache.tiered.internal.ComposerLog;

/**
 * The stack's machinery logs under the exported class's name, which users configure, although it
 * names it by text so as not to depend on the exported package.
 */
final class ComposerLogTest {
  @Test
  void theMachineryLogsUnderTheNameOfTheStacksClass() {
    assertEquals(TieredCache.class.getName(), ComposerLog.NAME);
  }
}
