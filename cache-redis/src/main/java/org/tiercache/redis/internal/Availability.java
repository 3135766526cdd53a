package org.tiercache.redis.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Whether the server can be used now: tells outages from other failures, logs each outage once (a
 * WARN when it starts, an INFO when the server answers again), and during an outage lets one call
 * through per retry interval while the others fail at once, so that a server that hangs costs a
 * caller a timeout at most once per interval rather than on every call.
 *
 * <p>Time here is the network's, from a monotonic ticker in nanoseconds ({@link System#nanoTime()},
 * or one a test moves by hand), never the tier's {@link org.tiercache.api.CacheClock}, which
 * measures the ages of entries.
 *
 * <p>The calls an outage costs are counted here, for the log line that ends it: puts that failed
 * apart from the other calls (gets that missed, removes that removed nothing...). They are not
 * the tier's statistics: a put that fails for an outage is not a rejected put (content refused),
 * and {@link org.tiercache.api.TierStats} has no figure for failures; a composer counts them per
 * tier ({@code TierReport.failures()}).
 */
final class Availability {
  private static final Logger LOG = LoggerFactory.getLogger(Availability.class);
  // Replies of a server that is there but cannot serve now: loading, busy, a replica cut off from
  // its primary. They end by themselves, as an outage does. Out of memory is not one: the server
  // answers at once and refuses only what would grow it (see RedisTier).
  private static final String[] PASSING_ERRORS =
      {"LOADING", "BUSY", "MASTERDOWN", "READONLY", "TRYAGAIN", "CLUSTERDOWN", "NOREPLICAS"};

  private final String where;
  private final long retryNanos;
  private final LongSupplier ticker;
  // Set by the first failed call of an outage, cleared by the first call that succeeds after it;
  // whoever flips it logs.
  private final AtomicBoolean down = new AtomicBoolean();
  // When, on the ticker, the next call may try the server during an outage; claimed by CAS so that
  // one caller tries.
  private final AtomicLong nextTry = new AtomicLong();
  // Written by the call that starts an outage, read by the one that ends it.
  private volatile long downSince;
  // The failure that last showed the server unavailable: the cause of calls refused meanwhile.
  private volatile RuntimeException lastFailure;
  // Calls the outage under way cost; reset by the call that ends it.
  private final LongAdder putsFailed = new LongAdder();
  private final LongAdder otherCallsFailed = new LongAdder();

  private final Secrets secrets;

  Availability(String where, Duration retryInterval, LongSupplier ticker) {
    this(where, retryInterval, ticker, Secrets.none());
  }

  Availability(String where, Duration retryInterval, LongSupplier ticker, Secrets secrets) {
    this.where = where;
    this.secrets = secrets;
    this.retryNanos = saturatedNanos(retryInterval);
    this.ticker = ticker;
  }

  /**
   * Tells whether a failure means the server cannot be used now (no connection, a timeout, a pool
   * with no connection to give, a server loading or out of memory), as opposed to a failure that
   * says something is wrong (a refused login, a key of the wrong type in the namespace).
   */
  static boolean isOutage(RuntimeException failure) {
    if (failure instanceof JedisConnectionException) {
      return true;
    }
    if (failure instanceof JedisDataException) {
      String message = failure.getMessage();
      if (message == null) {
        return false;
      }
      for (String code : PASSING_ERRORS) {
        if (message.startsWith(code)) {
          return true;
        }
      }
      return false;
    }
    return failure instanceof JedisException;
  }

  /**
   * Tells whether a failure is the server refusing a write for want of memory: {@code maxmemory}
   * reached under {@code noeviction}, or under a {@code volatile-*} policy with nothing left to
   * evict. Inside a script the refusal comes back wrapped in the script's error.
   */
  static boolean isOutOfMemory(RuntimeException failure) {
    if (!(failure instanceof JedisDataException)) {
      return false;
    }
    String message = failure.getMessage();
    return message != null
        && (message.startsWith("OOM") || message.contains("OOM command not allowed"));
  }

  /**
   * Tells whether a call may go to the server: always when it is up; during an outage, for one
   * caller once the retry interval has passed since the last failure. A call told no is counted
   * as failed.
   *
   * @param operation the call's name ({@code put}, {@code get}...)
   */
  boolean mayTry(String operation) {
    if (!down.get()) {
      return true;
    }
    long now = ticker.getAsLong();
    long next = nextTry.get();
    if (now - next >= 0 && nextTry.compareAndSet(next, now + retryNanos)) {
      return true;
    }
    count(operation);
    return false;
  }

  /** Records a call the server answered; ends an outage, if there was one. */
  void succeeded() {
    if (down.get() && down.compareAndSet(true, false)) {
      long millis = Duration.ofNanos(ticker.getAsLong() - downSince).toMillis();
      long puts = putsFailed.sumThenReset();
      long others = otherCallsFailed.sumThenReset();
      LOG.info("redis tier at {} is reachable again after {} ms; meanwhile, puts failed: {}, other "
          + "calls that went without the server: {}", where, millis, puts, others);
      OutageEndedEvent.emit(where, millis, puts, others);
    }
  }

  /**
   * Records a call that failed for an outage; starts one, if none is going on.
   *
   * @return whether this call started the outage (and logged it)
   */
  boolean failed(String operation, RuntimeException failure) {
    lastFailure = failure;
    count(operation);
    long now = ticker.getAsLong();
    nextTry.set(now + retryNanos);
    if (!down.get() && down.compareAndSet(false, true)) {
      downSince = now;
      String why = secrets.scrub(failure.toString());
      long retryMillis = Duration.ofNanos(retryNanos).toMillis();
      LOG.warn("redis tier at {} cannot be used ({} failed: {}); until it can, gets miss and puts "
          + "fail, trying again every {} ms", where, operation, why, retryMillis);
      OutageBeganEvent.emit(where, operation, why, retryMillis);
      return true;
    }
    return false;
  }

  /**
   * Returns the failure that last showed the server unavailable, or {@code null} if none has;
   * the cause given to calls refused without trying during an outage.
   */
  RuntimeException lastFailure() {
    return lastFailure;
  }

  /** Returns the puts that failed since the outage under way began (0 when none is). */
  long putsFailed() {
    return putsFailed.sum();
  }

  /** Tells whether an outage is going on. */
  boolean isDown() {
    return down.get();
  }

  // A putAll is puts too: each of its entries went unstored.
  private void count(String operation) {
    (operation.startsWith("put") ? putsFailed : otherCallsFailed).increment();
  }

  private static long saturatedNanos(Duration duration) {
    try {
      return duration.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
