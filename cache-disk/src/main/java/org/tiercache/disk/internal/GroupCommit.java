package org.tiercache.disk.internal;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Lets concurrent writers that each need their bytes on the device share one device flush, as
 * databases do with group commit: with {@code fsync=always}, eight threads putting at once pay for
 * about two {@code fsync} calls, not eight.
 *
 * <p>A writer finishes its write, takes a {@linkplain #ticket() ticket}, and {@linkplain
 * #awaitDurable waits} for it. The first waiter with no flush in progress becomes the leader: it
 * notes the last ticket issued, flushes without the lock, and then every ticket up to the one it
 * noted is durable. Waiters that arrive during a flush wait for it and, if it did not cover them,
 * one of them leads the next. A ticket is issued only after its write returned, so a flush that
 * starts after a ticket was issued covers that write.
 *
 * <p>A failed flush fails every waiter it would have covered, and keeps failing them: after a failed
 * {@code fsync} the kernel may have dropped the dirty pages and marked them clean, so a later flush
 * that succeeds proves nothing about them (PostgreSQL's "fsyncgate"). Every ticket from the first
 * one not durable at the first failure up to the last one a failed flush was to cover fails, even one
 * that a later flush happened to cover: calling a durable write failed is safe, the reverse is not.
 * Later tickets are flushed afresh. The owner should stop writing to a file whose flush failed.
 *
 * <p>Thread-safe.
 */
final class GroupCommit {
  /** Brings every write that returned before the call to the device. */
  @FunctionalInterface
  interface Flush {
    void flush() throws IOException;
  }

  private final Flush flush;
  private final AtomicLong issued = new AtomicLong();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition flushed = lock.newCondition();

  @GuardedBy("lock")
  private long durableThrough;

  @GuardedBy("lock")
  private boolean flushing;

  /** The tickets that failed: from the first not durable at the first failure, through the last. */
  @GuardedBy("lock")
  private long failedFrom;

  @GuardedBy("lock")
  private long failedThrough;

  @GuardedBy("lock")
  private IOException failure;

  /** How many flushes ran: for tests and the tier's events. */
  @GuardedBy("lock")
  private long flushes;

  GroupCommit(Flush flush) {
    this.flush = flush;
  }

  /** Issues the ticket of a write that has just returned. */
  long ticket() {
    return issued.incrementAndGet();
  }

  /**
   * Returns once the write of {@code ticket} is on the device, flushing it (and every other write
   * that returned by then) if no flush in progress covers it.
   *
   * <p>Waiting is not interruptible: a put whose bytes are written must learn whether they are
   * durable before it may report anything.
   *
   * @throws IOException naming the failure of the flush that was to cover this ticket
   */
  void awaitDurable(long ticket) throws IOException {
    lock.lock();
    try {
      while (true) {
        if (failure != null && ticket >= failedFrom && ticket <= failedThrough) {
          throw new IOException("the flush that was to cover this write failed: " + failure,
              failure);
        }
        if (durableThrough >= ticket) {
          return;
        }
        if (flushing) {
          flushed.awaitUninterruptibly();
          continue;
        }
        lead();
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many tickets were issued: for tests that hold a flush until writers queued behind it. */
  long issued() {
    return issued.get();
  }

  /** How many flushes have run. */
  long flushes() {
    lock.lock();
    try {
      return flushes;
    } finally {
      lock.unlock();
    }
  }

  @GuardedBy("lock")
  private void lead() {
    flushing = true;
    long target = issued.get();
    IOException failed = null;
    lock.unlock();
    try {
      flush.flush();
    } catch (IOException e) {
      failed = e;
    } catch (RuntimeException e) {
      // Whatever went wrong, the writes it was to cover are not known to be durable.
      failed = new IOException("flush failed: " + e, e);
    } finally {
      lock.lock();
      flushing = false;
      flushes++;
      if (failed == null) {
        durableThrough = Math.max(durableThrough, target);
      } else {
        if (failure == null) {
          failedFrom = durableThrough + 1;
        }
        failedThrough = Math.max(failedThrough, target);
        failure = failed;
      }
      flushed.signalAll();
    }
  }
}
