package org.tiercache.memory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reads that have happened but are not yet applied to the access order: a set of small ring buffers
 * (stripes), each thread writing to the stripe its id hashes to, so that a hit records its use without
 * taking the tier's lock and two threads rarely touch the same memory. The idea is Caffeine's read
 * buffer (see {@code BoundedBuffer} and {@code StripedBuffer} in Caffeine), simplified: a fixed number
 * of stripes, and no drain scheduled on an executor.
 *
 * <p>Many producers, one consumer. {@link #offer} is lock-free and may be called by any thread;
 * {@link #drainTo} is called only with the tier's lock held, which makes the lock holder the single
 * consumer. A stripe keeps the order of its reads, and one thread always writes the same stripe, so
 * the reads of one thread are applied in the order it made them.
 *
 * <p>Lossy by design: a read that finds its stripe full while another thread holds the lock, or
 * that loses a race for a slot, is dropped. Neither can happen when a single thread uses the tier.
 *
 * <p>The write counters only grow, one per read stored, so their sum is the number of reads ever
 * stored ({@link #recorded()}): the tier counts its hits with it rather than with a counter of its
 * own, which would be a second contended write on every hit.
 */
final class ReadBuffer {
  /** {@link #offer} stored the read. */
  static final int RECORDED = 0;
  /**
   * {@link #offer} stored the read in the last free slot of the caller's stripe: drain it now, or the
   * caller's next read finds it full.
   */
  static final int FILLED = 3;
  /** {@link #offer} found the caller's stripe full and stored nothing: drain, then apply the read. */
  static final int FULL = 1;
  /** {@link #offer} lost a race for a slot with another thread; the read was dropped. */
  static final int CONTENDED = 2;

  /** Reads held per stripe; a power of two so that a counter maps to a slot with a mask. */
  static final int STRIPE_SLOTS = 16;
  private static final int SLOT_MASK = STRIPE_SLOTS - 1;

  /** Most stripes, so that draining every stripe on each write stays cheap on large machines. */
  static final int MAX_STRIPES = 256;

  // Each stripe's two counters sit in their own 128-byte block of the counters array (16 longs, the
  // write counter at its start and the read counter 64 bytes on), so producers on different stripes,
  // and a producer and the consumer of one stripe, do not write the same cache line. Block 0 is
  // padding against whatever precedes the array.
  private static final int COUNTER_STRIDE = 16;
  private static final int READ_COUNTER_OFFSET = 8;
  // Likewise each stripe's slots get their own 128 bytes (256 with uncompressed references) of the
  // slots array, of which they fill the first 16 references; block 0 is padding again.
  private static final int SLOT_STRIDE = 2 * STRIPE_SLOTS;

  private static final VarHandle COUNTERS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Node[].class);

  private final int stripeMask;

  /**
   * Per stripe: the write counter (reads claimed; advanced by producers with a CAS) and the read
   * counter (reads consumed; written only by the consumer, under the tier's lock, with release
   * semantics after the consumed slots were cleared). {@code write - read} is the stripe's fill, at
   * most {@link #STRIPE_SLOTS}.
   */
  private final long[] counters;

  /**
   * Stripe {@code s}'s slots start at {@code (s + 1) * SLOT_STRIDE}; read number {@code n} of a
   * stripe goes in its slot {@code n & SLOT_MASK}. A slot is null when free: a producer
   * fills it (release) after claiming its number, and the consumer clears it before it advances the
   * read counter past it, so a producer never overwrites a read not yet consumed.
   */
  private final Node[] slots;

  /**
   * Creates an empty buffer.
   *
   * @param stripes the number of stripes, a power of two from 1 to {@link #MAX_STRIPES}
   */
  ReadBuffer(int stripes) {
    if (stripes < 1 || stripes > MAX_STRIPES || Integer.bitCount(stripes) != 1) {
      throw new IllegalArgumentException("stripes must be a power of two in [1, " + MAX_STRIPES
          + "]: " + stripes);
    }
    this.stripeMask = stripes - 1;
    this.counters = new long[(stripes + 1) * COUNTER_STRIDE];
    this.slots = new Node[(stripes + 1) * SLOT_STRIDE];
  }

  /**
   * Returns four stripes per processor, rounded up to a power of two and capped at
   * {@link #MAX_STRIPES}: enough that threads seldom share one.
   */
  static int defaultStripes() {
    int wanted = 4 * Runtime.getRuntime().availableProcessors();
    int stripes = Integer.highestOneBit(Math.max(1, wanted - 1)) << 1;
    return Math.min(MAX_STRIPES, Math.max(1, stripes));
  }

  /** Returns the number of stripes. */
  int stripes() {
    return stripeMask + 1;
  }

  /**
   * Records a read in the calling thread's stripe, without blocking.
   *
   * @param node the node that was read
   * @return {@link #RECORDED}; {@link #FILLED} (recorded, and the stripe is now full: the caller
   *     should drain it); {@link #FULL} (nothing recorded: the caller should drain, then apply this
   *     read itself) or {@link #CONTENDED} (dropped)
   */
  int offer(Node node) {
    int stripe = stripeOfCurrentThread();
    int writeIndex = (stripe + 1) * COUNTER_STRIDE;
    long consumed = (long) COUNTERS.getAcquire(counters, writeIndex + READ_COUNTER_OFFSET);
    long claimed = (long) COUNTERS.getAcquire(counters, writeIndex);
    if (claimed - consumed >= STRIPE_SLOTS) {
      return FULL;
    }
    if (!COUNTERS.compareAndSet(counters, writeIndex, claimed, claimed + 1)) {
      return CONTENDED;
    }
    SLOTS.setRelease(slots, (stripe + 1) * SLOT_STRIDE + (int) (claimed & SLOT_MASK), node);
    return claimed + 1 - consumed >= STRIPE_SLOTS ? FILLED : RECORDED;
  }

  /**
   * Returns how many reads were ever stored ({@link #RECORDED} or {@link #FILLED}), drained or not.
   * Exact once the offers it should count have returned; a sum taken while others offer may miss
   * theirs.
   */
  long recorded() {
    long sum = 0;
    for (int stripe = 0; stripe <= stripeMask; stripe++) {
      sum += (long) COUNTERS.getAcquire(counters, (stripe + 1) * COUNTER_STRIDE);
    }
    return sum;
  }

  /**
   * Applies every recorded read to the access order, stripe by stripe, each stripe in the order its
   * reads were recorded, and empties the buffer. Call only with the tier's lock held.
   *
   * <p>A slot that is claimed but not yet filled (its producer is between its CAS and its store) ends
   * that stripe's drain early; the read is applied by a later drain.
   *
   * @param order the access order to apply the reads to
   */
  void drainTo(EntryOrder order) {
    for (int stripe = 0; stripe <= stripeMask; stripe++) {
      drainStripe(stripe, order);
    }
  }

  /**
   * Applies the reads recorded in the calling thread's stripe only, as {@link #drainTo} does for
   * every stripe. A reader drains its own stripe so that it never pulls another core's slots into
   * its cache; writers drain them all. Call only with the tier's lock held.
   *
   * @param order the access order to apply the reads to
   */
  void drainOwnStripe(EntryOrder order) {
    drainStripe(stripeOfCurrentThread(), order);
  }

  private void drainStripe(int stripe, EntryOrder order) {
    int writeIndex = (stripe + 1) * COUNTER_STRIDE;
    int readIndex = writeIndex + READ_COUNTER_OFFSET;
    long consumed = counters[readIndex]; // written by this consumer only
    long claimed = (long) COUNTERS.getAcquire(counters, writeIndex);
    if (consumed == claimed) {
      return;
    }
    int base = (stripe + 1) * SLOT_STRIDE;
    for (; consumed != claimed; consumed++) {
      int slot = base + (int) (consumed & SLOT_MASK);
      Node node = (Node) SLOTS.getAcquire(slots, slot);
      if (node == null) {
        break;
      }
      slots[slot] = null;
      order.recordAccess(node);
    }
    // Release: a producer that sees the new read counter also sees the cleared slots.
    COUNTERS.setRelease(counters, readIndex, consumed);
  }

  private int stripeOfCurrentThread() {
    // Fibonacci hashing of the thread id: consecutive ids, the common case, land on different stripes.
    long id = Thread.currentThread().getId();
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & stripeMask;
  }
}
