package org.tiercache.disk.internal;

import java.io.IOException;
import java.util.function.UnaryOperator;

/**
 * One device flush for the segments and the journal together, shared by every writer waiting for
 * one ({@link GroupCommit}): with {@code fsync=always}, eight threads putting small entries at once
 * pay for about two rounds of {@code fsync} (segments written since the last round, then the
 * journal), not eight of each, and no {@code fsync} is made under the tier's lock.
 *
 * <p><b>Order.</b> A writer takes its {@linkplain #ticket ticket} under the tier's lock, after its
 * journal record was handed to the operating system, and its segment record (if any) was written
 * before that. A flush that starts after the ticket forces the segments first, then the journal: so
 * when the ticket is durable, the content is on the device before, or with, the record pointing at
 * it. A compaction's copies are made durable ({@link #ticket} and {@link #awaitDurable}) before the
 * {@code MOVE} records pointing at them are journaled, so that a journal forced by someone else's
 * flush never points at a copy that is not yet on the device.
 *
 * <p><b>Failure.</b> As {@link GroupCommit} says: a failed flush fails every writer it was to
 * cover, for good. The writer's put then fails and is not reported as stored.
 *
 * <p>Thread-safe.
 */
final class SharedFlush {
  /** Wraps the flush: tests count and hold flushes through it. */
  static final UnaryOperator<GroupCommit.Flush> PLAIN = flush -> flush;

  private final GroupCommit commit;

  SharedFlush(PackedStore packed, Journal journal, UnaryOperator<GroupCommit.Flush> wrap) {
    this.commit = new GroupCommit(wrap.apply(() -> {
      packed.forceWritten();
      journal.forceWritten();
    }));
  }

  /**
   * The ticket of everything written so far (segment records, and journal records handed to the
   * operating system); take it after those writes returned.
   */
  long ticket() {
    return commit.ticket();
  }

  /** How many tickets were taken: for tests that hold a flush until writers queued behind it. */
  long issued() {
    return commit.issued();
  }

  /**
   * Returns once everything written before {@code ticket} was taken is on the device.
   *
   * @throws IOException if the flush that was to cover it failed
   */
  void awaitDurable(long ticket) throws IOException {
    commit.awaitDurable(ticket);
  }
}
