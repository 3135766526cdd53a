package org.tiercache.memory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.event.Level;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierConfig;
import org.tiercache.memory.internal.MemoryTierProvider;
import org.tiercache.tck.EvictionListenerContract;
import org.tiercache.testlog.CapturedLog;

/** The compatibility kit's eviction listener rules, run against the memory tier. */
@ExtendWith(CapturedLog.class)
final class MemoryTierEvictionListenerTest extends EvictionListenerContract {
  @Override
  protected CacheTier createTier(TierConfig config) {
    return new MemoryTierProvider().create(config);
  }

  /** The memory tier documents that it tells its listener of every entry evicted for room. */
  @Override
  protected boolean promisesEvictionListener() {
    return true;
  }

  /** The kit plants a throwing listener on purpose: the tier must log its failure and go on. */
  @AfterEach
  void theTierLoggedTheListenersFailure(TestInfo test, CapturedLog log) {
    if (test.getTestMethod().orElseThrow().getName().equals("throwingListenerDoesNotBreakThePut")) {
      log.expectAll(Level.WARN, "eviction listener", "failed on sha256:", "the put stands",
          "a listener failure planted by the compatibility kit");
    }
  }
}
