package org.tiercache.redis.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.redis.internal.Replies.AgeReply;
import org.tiercache.redis.internal.Replies.Health;
import org.tiercache.redis.internal.Replies.RecountReply;
import org.tiercache.redis.internal.Replies.ScanReply;
import org.tiercache.redis.internal.Replies.TrimReply;

/**
 * Heals a namespace whose bookkeeping no longer matches its content: rebuilds the byte counter, the
 * recency and write-time sets from what is really on the server, and restores the bound (the phases
 * of {@code reconcile.lua}, one bounded batch per call to the server).
 *
 * <p><b>When.</b> Every get, put and reading of the occupancy reports what its script saw (a cheap,
 * O(1) look: {@link #observe}); a namespace that cannot be right asks for a pass, as does a recount
 * another client left under way, and every {@code interval} a full pass is due (skipped when any
 * client of the namespace finished one within the interval, by the server's clock). A pass runs on
 * the callers' threads, one batch after each get, put, contains or remove of this client
 * ({@link #afterCall}), by whichever thread finds it free: no thread of its own, no call waits for
 * another's batch, and a namespace in use heals as fast as it is used. {@link #reconcileNow} runs a
 * whole pass at once.
 *
 * <p><b>Safety.</b> Every batch is one script, so atomic; each fix looks again before it changes
 * anything, so a batch run twice (two clients, a retried call) fixes once; the recount is shared
 * by every client of the namespace, its cursor and sum kept on the server, and kept right by every
 * script that adds or drops an entry meanwhile: two clients reconciling at once count nothing
 * twice.
 */
final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
  /** Ids or keys one batch looks at, at most (SCAN's COUNT is a hint, kept near this). */
  static final int BATCH = 256;
  /** The least time between two passes started because a call saw the bookkeeping wrong. */
  static final Duration DETECTED_GAP = Duration.ofSeconds(10);
  /** The least time a failed pass waits before the next. */
  static final Duration FAILURE_GAP = Duration.ofSeconds(1);

  /** The server side: runs one phase of {@code reconcile.lua}. */
  interface Server {
    /**
     * Runs a batch of a phase and decodes its reply.
     *
     * @param decoder the phase's decoder (see {@link Replies})
     * @return the decoded reply, or empty if the server cannot be used now
     * @throws org.tiercache.api.CacheException if the server failed the script, or replied what
     *     the phase never does
     */
    <T> Optional<T> run(String phase, String cursor, Function<Object, T> decoder);
  }

  /**
   * What a pass found and did.
   *
   * @param finished whether the pass ran to its end (not cut short by an unreachable server)
   * @param repaired entries re-indexed, resized, or dropped for lost content, and strays removed
   * @param adopted content found without an entry and recorded
   * @param counterBefore the byte counter before the recount
   * @param counterAfter the byte counter the recount set
   * @param evicted entries evicted to bring the namespace back within its capacity
   */
  record Pass(boolean finished, long repaired, long adopted, long counterBefore,
      long counterAfter, long evicted) {

    /** Tells whether the pass found anything wrong. */
    boolean foundDamage() {
      return repaired > 0 || adopted > 0 || counterBefore != counterAfter || evicted > 0;
    }

    /** Adds another shard's pass to this one: finished if both are, the rest summed. */
    Pass plus(Pass other) {
      return new Pass(finished && other.finished, repaired + other.repaired,
          adopted + other.adopted, counterBefore + other.counterBefore,
          counterAfter + other.counterAfter, evicted + other.evicted);
    }
  }

  private enum Phase {
    META("meta"), LRU("lru"), CONTENT("content"), RECOUNT("recount"), TRIM("trim");

    final String script;
    // The reply of meta, lru and content; recount and trim have replies of their own.
    final Function<Object, ScanReply> scan;

    Phase(String script) {
      this.script = script;
      this.scan = ScanReply.decoder(script);
    }
  }

  private final Server server;
  private final String where;
  private final LongSupplier ticker;
  private final long intervalNanos;
  // Held by the thread running a batch; others skip (afterCall) or wait (reconcileNow, sweep).
  private final ReentrantLock lock = new ReentrantLock();
  // Set by calls whose script saw the bookkeeping wrong / a recount under way; cleared when a pass
  // starts, and ignored while one runs (its own repairs are under way).
  private volatile boolean damageSeen;
  private volatile boolean recountSeen;
  // Whether the pass under way was started by damage or a recount seen (not a periodic check or a
  // caller's request): while it runs, the tier reports itself degraded. Written under the lock.
  private volatile boolean repairPass;
  // On the ticker: when a periodic pass is next due, and when a pass for damage seen may start.
  private volatile long nextPeriodic;
  private volatile long nextDetected;
  // The pass under way, null when none; written under the lock, read without it by afterCall.
  private volatile Phase phase;
  // The phase's cursor ("0" to start; for the recount, "begin" or "join"), and the tallies of the
  // pass.
  @GuardedBy("lock") private String cursor;
  @GuardedBy("lock") private long repaired;
  @GuardedBy("lock") private long adopted;
  @GuardedBy("lock") private long counterBefore;
  @GuardedBy("lock") private long counterAfter;
  @GuardedBy("lock") private long evicted;
  @GuardedBy("lock") private boolean warned;
  @GuardedBy("lock") private boolean failing;

  Reconciler(Server server, String where, Duration interval, LongSupplier ticker) {
    this.server = server;
    this.where = where;
    this.ticker = ticker;
    this.intervalNanos = saturatedNanos(interval);
    long now = ticker.getAsLong();
    this.nextPeriodic = now + intervalNanos;
    this.nextDetected = now;
  }

  /**
   * Tells whether the bookkeeping was seen wrong (by a script, or a pass that failed) and is not yet
   * rebuilt, or a recount is under way: the tier is then degraded.
   */
  boolean isRepairing() {
    return damageSeen || recountSeen || repairPass;
  }

  /** Takes what a script saw of the bookkeeping. */
  void observe(Health health) {
    if (health == Health.DAMAGED) {
      damageSeen = true;
    } else if (health == Health.RECOUNTING) {
      recountSeen = true;
    }
  }

  /**
   * Runs one batch of the pass under way, or starts one that is due, unless another thread is at
   * it. Never throws: a failed batch ends the pass (logged) and the next waits a little.
   */
  void afterCall() {
    if (phase == null && !damageSeen && !recountSeen && !periodicDue()) {
      return;
    }
    if (!lock.tryLock()) {
      return;
    }
    try {
      if (phase == null && !start(false)) {
        return;
      }
      step();
    } catch (RuntimeException e) {
      abandon(e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs a whole pass now, joining the one under way if there is one, and returns what it found.
   * A pass cut short by an unreachable server reports {@code finished == false}.
   *
   * @throws org.tiercache.api.CacheException if the server failed a script
   */
  Pass reconcileNow() {
    lock.lock();
    try {
      if (phase == null) {
        start(true);
      }
      while (phase != null) {
        if (!step()) {
          return tally(false);
        }
      }
      return tally(true);
    } catch (RuntimeException e) {
      abandon(e);
      throw e;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Runs one cursor phase over the whole namespace ({@code meta}, or {@code purge}, which deletes
   * content no entry describes, for clear).
   *
   * @return whether it ran to the end
   */
  boolean sweep(String phaseName) {
    lock.lock();
    try {
      Function<Object, ScanReply> decoder = ScanReply.decoder(phaseName);
      String at = "0";
      do {
        Optional<ScanReply> reply = server.run(phaseName, at, decoder);
        if (reply.isEmpty()) {
          return false;
        }
        at = reply.get().cursor();
      } while (!at.equals("0"));
      return true;
    } finally {
      lock.unlock();
    }
  }

  // Decides whether a pass starts now and starts it: always when asked (now), else for damage seen
  // (not within DETECTED_GAP of the last), to help a recount under way, or when periodic and no
  // client of the namespace finished one within the interval.
  @GuardedBy("lock")
  private boolean start(boolean now) {
    long tick = ticker.getAsLong();
    if (now || (damageSeen && tick - nextDetected >= 0)) {
      nextDetected = tick + DETECTED_GAP.toNanos();
      repairPass = damageSeen;
      begin(Phase.META);
      return true;
    }
    if (recountSeen) {
      repairPass = true;
      begin(Phase.RECOUNT);
      return true;
    }
    if (periodicDue()) {
      Optional<AgeReply> age = server.run("age", "0", AgeReply::decode);
      if (age.isEmpty()) {
        return false;
      }
      OptionalLong sinceLast = age.get().sinceLast();
      long intervalMillis = Duration.ofNanos(intervalNanos).toMillis();
      if (sinceLast.isPresent() && sinceLast.getAsLong() < intervalMillis) {
        nextPeriodic = tick + Duration.ofMillis(intervalMillis - sinceLast.getAsLong()).toNanos();
        return false;
      }
      nextPeriodic = tick + intervalNanos;
      begin(Phase.META);
      return true;
    }
    return false;
  }

  @GuardedBy("lock")
  private void begin(Phase first) {
    damageSeen = false;
    recountSeen = false;
    phase = first;
    cursor = first == Phase.RECOUNT ? "join" : "0";
    repaired = 0;
    adopted = 0;
    counterBefore = 0;
    counterAfter = 0;
    evicted = 0;
  }

  // One batch of the current phase; false if the server cannot be used now (the pass stays, to go
  // on with the next call).
  @GuardedBy("lock")
  private boolean step() {
    Phase current = phase;
    String at = current == Phase.RECOUNT && cursor.equals("0") ? "begin" : cursor;
    switch (current) {
      case META, LRU, CONTENT -> {
        Optional<ScanReply> reply = server.run(current.script, at, current.scan);
        if (reply.isEmpty()) {
          return false;
        }
        cursor = reply.get().cursor();
        if (current == Phase.CONTENT) {
          adopted += reply.get().count();
        } else {
          repaired += reply.get().count();
        }
        if (reply.get().done()) {
          phase = current == Phase.META ? Phase.LRU
              : current == Phase.LRU ? Phase.CONTENT : Phase.RECOUNT;
        }
      }
      case RECOUNT -> {
        Optional<RecountReply> reply = server.run(current.script, at, RecountReply::decode);
        if (reply.isEmpty()) {
          return false;
        }
        cursor = "join";
        if (reply.get().finished()) {
          counterBefore = reply.get().before();
          counterAfter = reply.get().after();
          phase = Phase.TRIM;
          cursor = "0";
        }
      }
      case TRIM -> {
        Optional<TrimReply> reply = server.run(current.script, at, TrimReply::decode);
        if (reply.isEmpty()) {
          return false;
        }
        evicted += reply.get().evicted();
        repaired += reply.get().reclaimed();
        if (!reply.get().more()) {
          finish();
        }
      }
      default -> throw new IllegalStateException("no phase " + current);
    }
    return true;
  }

  @GuardedBy("lock")
  private void finish() {
    Pass pass = tally(true);
    phase = null;
    repairPass = false;
    failing = false;
    if (!pass.foundDamage()) {
      LOG.debug("redis tier at {}: reconciled, nothing to repair", where);
    } else if (!warned) {
      warned = true;
      LOG.warn("redis tier at {}: its bookkeeping did not match the content on the server and "
          + "was rebuilt ({} entries repaired, {} adopted, byte counter {} -> {}, {} evicted to "
          + "restore the bound). If this repeats, the server evicts or someone deletes the tier's "
          + "keys: see the maxmemory-policy advice in the redis tier's README", where, pass.repaired,
          pass.adopted, pass.counterBefore, pass.counterAfter, pass.evicted);
    } else {
      LOG.info("redis tier at {}: rebuilt its bookkeeping again ({} repaired, {} adopted, byte "
          + "counter {} -> {}, {} evicted)", where, pass.repaired, pass.adopted,
          pass.counterBefore, pass.counterAfter, pass.evicted);
    }
  }

  @GuardedBy("lock")
  private Pass tally(boolean finished) {
    return new Pass(finished, repaired, adopted, counterBefore, counterAfter, evicted);
  }

  @GuardedBy("lock")
  private void abandon(RuntimeException failure) {
    phase = null;
    repairPass = false;
    damageSeen = true;
    nextDetected = ticker.getAsLong() + FAILURE_GAP.toNanos();
    if (!failing) {
      failing = true;
      LOG.warn("redis tier at {}: reconciling failed, will try again: {}", where,
          failure.getMessage());
    }
  }

  private boolean periodicDue() {
    return intervalNanos > 0 && ticker.getAsLong() - nextPeriodic >= 0;
  }

  // At most a century: the ticker's arithmetic must not overflow.
  private static long saturatedNanos(Duration duration) {
    Duration century = Duration.ofDays(36_500);
    return (duration.compareTo(century) > 0 ? century : duration).toNanos();
  }
}
