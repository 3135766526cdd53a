package org.tiercache.redis.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the server is refusing writes for want of memory, logged once per streak: a WARN at the
 * first refusal, an INFO when a put is stored again. Unlike an outage, the server answers at once,
 * so calls keep trying it: each put is refused on its own, and the streak ends with the first one
 * that is stored.
 */
final class MemoryPressure {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryPressure.class);

  private final String where;
  private final Secrets secrets;
  // Set by the refusal that starts a streak, cleared by the put that ends it; whoever flips it logs.
  private final AtomicBoolean full = new AtomicBoolean();
  private final LongAdder refusals = new LongAdder();

  MemoryPressure(String where, Secrets secrets) {
    this.where = where;
    this.secrets = secrets;
  }

  /**
   * Records a call the server refused for want of memory.
   *
   * @return whether this refusal started a streak (and logged it)
   */
  boolean refused(String operation, RuntimeException refusal) {
    refusals.increment();
    if (!full.get() && full.compareAndSet(false, true)) {
      LOG.warn("redis tier at {} is refused writes: the server is out of memory ({} failed: {}); "
          + "puts are refused and gets miss until it has room. Give the server a maxmemory above "
          + "the capacity of every prefix it holds (see the redis tier's README)", where,
          operation, secrets.scrub(String.valueOf(refusal.getMessage())));
      return true;
    }
    return false;
  }

  /** Records a put the server stored; ends a streak of refusals, if there was one. */
  void relieved() {
    if (full.get() && full.compareAndSet(true, false)) {
      LOG.info("redis tier at {} stores again; {} calls were refused for memory meanwhile", where,
          refusals.sumThenReset());
    }
  }

  /** Tells whether a streak of refusals is going on. */
  boolean isFull() {
    return full.get();
  }
}
