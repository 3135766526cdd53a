package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.event.Level;
import org.tiercache.testlog.CapturedLog;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/** Outages told from errors, logged once, and tried again once per interval; on a fake ticker. */
@ExtendWith(CapturedLog.class)
final class AvailabilityTest {
  private final AtomicLong ticker = new AtomicLong(1_000);
  private final Availability availability =
      new Availability("redis://test:1/0 prefix 'p'", Duration.ofNanos(100), ticker::get);

  @Test
  void anOutageStartsOnceAndEndsWithTheFirstSuccess(CapturedLog log) {
    RuntimeException refused = new JedisConnectionException("Connection refused");
    assertTrue(availability.failed("get", refused), "the first failure starts the outage");
    assertFalse(availability.failed("put", refused), "later failures belong to the same outage");
    assertTrue(availability.isDown());

    availability.succeeded();

    assertFalse(availability.isDown());
    assertTrue(availability.failed("get", refused), "a failure after recovery is a new outage");
    assertEquals(2, log.expectAll(Level.WARN, "cannot be used (get failed", "Connection refused")
        .size(), "one line per outage, not per failure");
  }

  @Test
  void duringAnOutageOneCallPerIntervalTriesTheServer(CapturedLog log) {
    assertTrue(availability.mayTry("get"), "while up every call tries");
    availability.failed("get", new JedisConnectionException("timeout"));

    assertFalse(availability.mayTry("get"), "within the interval calls fail at once");
    ticker.addAndGet(100);
    assertTrue(availability.mayTry("get"), "once the interval has passed one call tries");
    assertFalse(availability.mayTry("get"), "and only one");
    log.expect(Level.WARN, "cannot be used (get failed", "timeout");
  }

  @Test
  void theRecoveryLogCountsFailedPutsApartFromOtherCalls(CapturedLog log) {
    RuntimeException refused = new JedisConnectionException("Connection refused");
    availability.failed("put", refused);
    assertFalse(availability.mayTry("put"), "a put refused without trying: a failed put");
    assertFalse(availability.mayTry("get"));
    assertFalse(availability.mayTry("contains"));
    assertEquals(2, availability.putsFailed());

    availability.succeeded();

    log.expect(Level.INFO, "redis tier at redis://test:1/0 prefix 'p' is reachable again",
        "meanwhile, puts failed: 2, other calls that went without the server: 2");
    assertEquals(0, availability.putsFailed(), "the next outage counts from zero");
    log.expect(Level.WARN, "redis tier at redis://test:1/0 prefix 'p' cannot be used (put failed",
        "Connection refused");
  }

  @Test
  void connectionFailuresAndPassingServerStatesAreOutagesOtherErrorsAreNot() {
    assertTrue(Availability.isOutage(new JedisConnectionException("Connection refused")));
    assertTrue(Availability.isOutage(new JedisException("Could not get a resource from the pool")));
    assertTrue(Availability.isOutage(new JedisDataException("LOADING Redis is loading")));
    assertTrue(Availability.isOutage(new JedisDataException("BUSY Redis is running a script")));
    assertFalse(Availability.isOutage(new JedisAccessControlException("WRONGPASS invalid")));
    assertFalse(Availability.isOutage(new JedisDataException("WRONGTYPE Operation against a key")));
    assertFalse(Availability.isOutage(new IllegalStateException("a bug")));
  }

  @Test
  void outOfMemoryIsARefusalNotAnOutage() {
    RuntimeException inScript = new JedisDataException(
        "ERR Error running script: OOM command not allowed when used memory > 'maxmemory'");
    RuntimeException queued = new JedisDataException(
        "OOM command not allowed when used memory > 'maxmemory'.");
    assertTrue(Availability.isOutOfMemory(inScript));
    assertTrue(Availability.isOutOfMemory(queued));
    assertFalse(Availability.isOutage(inScript), "a full server answers: not an outage");
    assertFalse(Availability.isOutage(queued));
    assertFalse(Availability.isOutOfMemory(new JedisConnectionException("Connection refused")));
    assertFalse(Availability.isOutOfMemory(new JedisDataException("WRONGTYPE Operation")));
  }
}
