package org.tiercache.memory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Reads that have happened but are not yet applied to the access order: a set of ring buffers
 * (stripes), each thread writing to the stripe its id hashes to, so that a hit records its use without
 * taking the tier's lock and two threads rarely touch the same memory. The idea is Caffeine's read
 * buffer (see {@code BoundedBuffer} and {@code StripedBuffer} in Caffeine), with one difference that
 * the tier's exact LRU order needs: <b>no read is ever dropped</b>. A stripe's ring is large (1,024
 * reads), so that a drain asked for at a quarter full has time to start on another thread before
 * the ring fills, and made by the stripe's first read: a tier that one thread reads holds one ring,
 * a tier nobody reads none, and a drain (which every write runs) visits only the stripes in use.
 * That also keeps a new tier cheap to make and to walk, which a model checker opening one per
 * interleaving it explores does thousands of times.
 *
 * <p>Many producers, one consumer. {@link #offer} is lock-free and may be called by any thread;
 * {@link #drainTo} is called only with the tier's lock held, which makes the lock holder the single
 * consumer. A drain applies the reads of each thread in the order that thread made them.
 *
 * <p><b>Lossless.</b> A read that finds its stripe's ring full is handed back ({@link #FULL}); the
 * tier applies it itself if the lock is free, and otherwise puts it in the stripe's overflow
 * ({@link #overflow}), a lock-free stack of small records (one allocation each, made only then),
 * each tagged with the stripe's claim counter as the reader saw it: every ring read of the same
 * thread before it has a lower number, every one after it a number at least as high. A drain takes
 * the stack, puts it back in push order and merges it with the ring by those numbers (the ring up to
 * a record's number, then the record), so the two together apply each thread's reads in its order.
 * A read that loses a race for a ring slot retries. Nothing here waits.
 *
 * <p><b>One relink per node per run.</b> A drain moves a node to the most recently used end once
 * per run of ring reads, at its last read in the run, which ends in the same order as moving it at
 * every read: hot entries are read many times a run, so this saves most relinks.
 *
 * <p>The claim counters only grow, one per read stored in a ring, and the overflow counters one per
 * record, so their sum is the number of reads ever recorded ({@link #recorded()}): the tier counts
 * its hits with it rather than with a counter of its own, which would be a second contended write
 * on every hit.
 */
final class ReadBuffer {
  /** {@link #offer} stored the read in the ring; nothing to do. */
  static final int RECORDED = 0;
  /**
   * {@link #offer} found the ring full and stored nothing: the caller applies the read itself if it
   * can take the lock at once (after {@link #drainOwnStripe}), or hands it to {@link #overflow}.
   */
  static final int FULL = 3;
  /**
   * {@link #offer} stored the read, and the stripe holds {@link #DRAIN_THRESHOLD} reads or more (or
   * {@link #overflow} stored it): a drain should be scheduled, or the ring fills and its reader
   * has to apply it.
   */
  static final int DRAIN = 1;
  /**
   * {@link #overflow} stored the read, and the overflow now holds {@link #OVERFLOW_LIMIT} records or
   * more: the caller should drain if it can take the lock at once, or schedule a drain.
   */
  static final int OVERFLOWING = 2;

  /** Reads a stripe's ring holds; a power of two so that a counter maps to a slot with a mask. */
  static final int STRIPE_SLOTS = 1024;
  private static final int SLOT_MASK = STRIPE_SLOTS - 1;

  /**
   * The fill at which a read asks for a drain: a quarter of the ring, so that the ring has room for
   * the reads made while the executor starts the drain (tens of microseconds when a thread must be
   * woken), and a drain is asked for (a thread woken) once per 256 reads at most.
   */
  static final int DRAIN_THRESHOLD = STRIPE_SLOTS / 4;

  /** The shortest run of ring reads worth looking for reads of the same node in. */
  private static final int DEDUPLICATE_FROM = 8;

  /** Overflow records past which a read asks its caller to drain if the lock is free. */
  static final int OVERFLOW_LIMIT = STRIPE_SLOTS;

  /**
   * Most stripes, so that draining every stripe on each write stays cheap on large machines (and the
   * rings, 4 KiB a stripe with compressed references, stay at most 1 MiB a tier).
   */
  static final int MAX_STRIPES = 256;

  // Each stripe's counters sit in their own 128-byte block of the counters array (16 longs): the
  // claim counter and the overflow counter (written by producers) at its start, the consumed counter
  // (written by the consumer) 64 bytes on, so producers on different stripes, and a producer and the
  // consumer of one stripe, do not write the same cache line. Block 0 is padding against whatever
  // precedes the array.
  private static final int COUNTER_STRIDE = 16;
  private static final int OVERFLOW_COUNTER_OFFSET = 1;
  private static final int READ_COUNTER_OFFSET = 8;
  // A stripe's ring is an array of its own, made by the stripe's first read, with 32 references
  // (128 bytes, or 256 with uncompressed references) of padding at each end against the objects
  // allocated next to it; slot n of the ring is element RING_PAD + n.
  private static final int RING_PAD = 32;
  // The overflow stacks' heads: one per 128-byte block again.
  private static final int OVERFLOW_STRIDE = 32;

  private static final VarHandle COUNTERS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Node[].class);
  private static final VarHandle RINGS = MethodHandles.arrayElementVarHandle(Node[][].class);
  private static final VarHandle IN_USE = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle OVERFLOWS = MethodHandles.arrayElementVarHandle(Overflow[].class);

  private final int stripeMask;

  /**
   * Per stripe: the claim counter (ring reads claimed; advanced by producers with a CAS), the
   * overflow counter (records pushed; advanced by producers) and the consumed counter (ring reads
   * consumed; written only by the consumer, under the tier's lock, with release semantics after the
   * consumed slots were cleared). {@code claimed - consumed} is the ring's fill, at most
   * {@link #STRIPE_SLOTS}.
   */
  private final long[] counters;

  /**
   * Stripe {@code s}'s ring, or {@code null} until a thread first reads through the stripe: a tier
   * read by one thread makes one ring, and a tier never read (a short-lived one, or one a model
   * checker opens for every interleaving it explores) makes none. Ring read number {@code n} of a
   * stripe goes in its slot {@code RING_PAD + (n & SLOT_MASK)}. A slot is null when free: a producer
   * fills it (release) after claiming its number, and the consumer clears it before it advances the
   * consumed counter past it, so a producer never overwrites a read not yet consumed.
   */
  private final Node[][] rings;

  /**
   * One bit per stripe that a thread has read through, set (before its ring is published) by the
   * stripe's first read and never cleared: a drain, and {@link #recorded}, visit only those stripes,
   * so a write costs one load per 64 stripes for the stripes nobody reads through. A stripe's
   * counters and overflow stay zero and empty until its ring exists, since a read claims a slot or
   * overflows only then.
   */
  private final long[] inUse;

  /** Stripe {@code s}'s overflow stack, newest record first, at {@code (s + 1) * OVERFLOW_STRIDE}. */
  private final Overflow[] overflows;

  /**
   * Per stripe, records taken from its stack but not yet applied, oldest first: a drain that met a
   * ring slot claimed but not yet filled keeps them for the next one, since they may be newer than
   * ring reads still to come. Guarded by the tier's lock, like everything the consumer touches.
   */
  private final Overflow[] pending;


  /** A read that found its stripe's ring full. */
  private static final class Overflow {
    final Node node;
    /** The stripe's claim counter as the reader saw it: the ring reads before this one. */
    final long claimed;
    /** How many records the stack held with this one, so that a long stack is noticed. */
    final int depth;
    /** The next older record while on the stack; the next newer once a drain took it. */
    Overflow next;

    Overflow(Node node, long claimed, Overflow next) {
      this.node = node;
      this.claimed = claimed;
      this.depth = next == null ? 1 : next.depth + 1;
      this.next = next;
    }
  }

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
    this.rings = new Node[stripes][];
    this.inUse = new long[(stripes + 63) >>> 6];
    this.overflows = new Overflow[(stripes + 1) * OVERFLOW_STRIDE];
    this.pending = new Overflow[stripes];
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
   * Records a read in the ring of the calling thread's stripe if it has room, without blocking.
   *
   * @param node the node that was read
   * @return {@link #RECORDED}, {@link #DRAIN} (recorded; a drain should be scheduled) or
   *     {@link #FULL} (nothing recorded: apply the read under the lock, or hand it to
   *     {@link #overflow})
   */
  int offer(Node node) {
    int stripe = stripeOfCurrentThread();
    Node[] ring = (Node[]) RINGS.getAcquire(rings, stripe);
    if (ring == null) {
      ring = firstRing(stripe);
    }
    int writeIndex = (stripe + 1) * COUNTER_STRIDE;
    for (;;) {
      long consumed = (long) COUNTERS.getAcquire(counters, writeIndex + READ_COUNTER_OFFSET);
      long claimed = (long) COUNTERS.getVolatile(counters, writeIndex);
      long fill = claimed - consumed;
      if (fill >= STRIPE_SLOTS) {
        return FULL;
      }
      if (COUNTERS.compareAndSet(counters, writeIndex, claimed, claimed + 1)) {
        SLOTS.setRelease(ring, RING_PAD + (int) (claimed & SLOT_MASK), node);
        return fill + 1 >= DRAIN_THRESHOLD ? DRAIN : RECORDED;
      }
      // Lost the slot to another thread on this stripe: try the next one; nothing is dropped.
    }
  }

  /**
   * Makes a stripe's ring on its first read. The stripe is marked in use before the ring is
   * published, so that whoever finds the ring (and so can record reads in it) finds the mark too,
   * and a drain that comes after a thread's reads visits their stripe; a drain that finds a mark
   * before its ring finds nothing recorded there either. Two threads racing here both allocate; one
   * ring wins and both use it. Never waits.
   */
  private Node[] firstRing(int stripe) {
    IN_USE.getAndBitwiseOr(inUse, stripe >>> 6, 1L << stripe);
    Node[] made = new Node[RING_PAD + STRIPE_SLOTS + RING_PAD];
    Node[] ring = (Node[]) RINGS.compareAndExchange(rings, stripe, null, made);
    return ring == null ? made : ring;
  }

  /**
   * Records a read that {@link #offer} found no room for in the overflow of the calling thread's
   * stripe, without blocking.
   *
   * @param node the node that was read
   * @return {@link #DRAIN} or {@link #OVERFLOWING}
   */
  int overflow(Node node) {
    int stripe = stripeOfCurrentThread();
    int writeIndex = (stripe + 1) * COUNTER_STRIDE;
    // Read after the ring was found full: every ring read this thread made has a lower number.
    long claimed = (long) COUNTERS.getVolatile(counters, writeIndex);
    int head = (stripe + 1) * OVERFLOW_STRIDE;
    Overflow record;
    Overflow top;
    do {
      top = (Overflow) OVERFLOWS.getAcquire(overflows, head);
      record = new Overflow(node, claimed, top);
    } while (!OVERFLOWS.compareAndSet(overflows, head, top, record));
    COUNTERS.getAndAdd(counters, writeIndex + OVERFLOW_COUNTER_OFFSET, 1L);
    return record.depth >= OVERFLOW_LIMIT ? OVERFLOWING : DRAIN;
  }

  /**
   * Counts a read that {@link #offer} found no room for and that its reader applied to the order
   * itself, under the lock, after {@link #drainOwnStripe} had applied all that came before it.
   */
  void countApplied() {
    COUNTERS.getAndAdd(counters, (stripeOfCurrentThread() + 1) * COUNTER_STRIDE
        + OVERFLOW_COUNTER_OFFSET, 1L);
  }

  /**
   * Returns how many reads were ever recorded, drained or not. Exact once the offers it should count
   * have returned; a sum taken while others offer may miss theirs.
   */
  long recorded() {
    long sum = 0;
    for (int word = 0; word < inUse.length; word++) {
      for (long bits = (long) IN_USE.getAcquire(inUse, word); bits != 0; bits &= bits - 1) {
        int writeIndex = ((word << 6) + Long.numberOfTrailingZeros(bits) + 1) * COUNTER_STRIDE;
        sum += (long) COUNTERS.getAcquire(counters, writeIndex)
            + (long) COUNTERS.getAcquire(counters, writeIndex + OVERFLOW_COUNTER_OFFSET);
      }
    }
    return sum;
  }

  /**
   * Applies every recorded read to the access order, stripe by stripe, each thread's reads in the
   * order it made them, and empties the buffer. Call only with the tier's lock held.
   *
   * <p>A ring slot that is claimed but not yet filled (its producer is between its CAS and its
   * store) ends that stripe's drain early; the rest is applied by a later drain. Only another
   * thread can be there: the reads of the thread calling this are all applied.
   *
   * @param order the access order to apply the reads to
   */
  void drainTo(EntryOrder order) {
    for (int word = 0; word < inUse.length; word++) {
      for (long bits = (long) IN_USE.getAcquire(inUse, word); bits != 0; bits &= bits - 1) {
        drainStripe((word << 6) + Long.numberOfTrailingZeros(bits), order);
      }
    }
  }

  /**
   * Applies the reads recorded in the calling thread's stripe only, as {@link #drainTo} does for
   * every stripe. Call only with the tier's lock held.
   *
   * @param order the access order to apply the reads to
   * @return whether every read of the stripe was applied ({@code false} if another thread was
   *     between claiming a slot and filling it)
   */
  boolean drainOwnStripe(EntryOrder order) {
    int stripe = stripeOfCurrentThread();
    return RINGS.getAcquire(rings, stripe) == null || drainStripe(stripe, order);
  }

  /** Drains a stripe whose ring exists. */
  private boolean drainStripe(int stripe, EntryOrder order) {
    int writeIndex = (stripe + 1) * COUNTER_STRIDE;
    int head = (stripe + 1) * OVERFLOW_STRIDE;
    if (pending[stripe] == null
        && (long) COUNTERS.getAcquire(counters, writeIndex) == counters[writeIndex + READ_COUNTER_OFFSET]
        && OVERFLOWS.getAcquire(overflows, head) == null) {
      return true; // nothing recorded since the last drain: the common case for a write
    }
    Node[] ring = (Node[]) RINGS.getAcquire(rings, stripe);
    if (pending[stripe] != null && !applyRecords(stripe, ring, pending[stripe], order)) {
      return false;
    }
    // Two rounds at most: readers may push a new stack while one is applied, and a third round is
    // left to the next drain so that a drain under constant reading still ends.
    for (int round = 0; round < 2; round++) {
      // The limit is read before the stack is taken: a ring read claimed after the take may come
      // after a record pushed after the take, which only a later drain applies, so it must wait too.
      long limit = (long) COUNTERS.getAcquire(counters, writeIndex);
      Overflow top = (Overflow) OVERFLOWS.getAndSet(overflows, head, null);
      if (!applyRecords(stripe, ring, reversed(top), order)
          || !drainRing(stripe, ring, limit, order)) {
        return false;
      }
      if (OVERFLOWS.getAcquire(overflows, head) == null) {
        return true;
      }
    }
    return false;
  }

  /**
   * Applies records taken off a stripe's stack, oldest first, each after the ring reads numbered
   * below the number it carries.
   *
   * @return {@code false} if a ring slot that must come first was not filled yet: the records from
   *     the one waiting on it on are kept in {@link #pending} for a later drain
   */
  private boolean applyRecords(int stripe, Node[] ring, Overflow oldestFirst, EntryOrder order) {
    for (Overflow record = oldestFirst; record != null; record = record.next) {
      if (!drainRing(stripe, ring, record.claimed, order)) {
        pending[stripe] = record;
        return false;
      }
      order.recordAccess(record.node);
    }
    if (pending[stripe] != null) {
      pending[stripe] = null;
    }
    return true;
  }

  /**
   * Applies the ring reads of a stripe numbered below {@code limit} (and claimed by now).
   *
   * @return {@code false} if a claimed slot below the limit was not filled yet, so that the reads
   *     from it on must wait for a later drain
   */
  private boolean drainRing(int stripe, Node[] ring, long limit, EntryOrder order) {
    int writeIndex = (stripe + 1) * COUNTER_STRIDE;
    int readIndex = writeIndex + READ_COUNTER_OFFSET;
    long consumed = counters[readIndex]; // written by this consumer only
    long end = Math.min(limit, (long) COUNTERS.getAcquire(counters, writeIndex));
    if (consumed >= end) {
      return true;
    }
    boolean complete = true;
    for (long n = consumed; n < end; n++) {
      if (SLOTS.getAcquire(ring, RING_PAD + (int) (n & SLOT_MASK)) == null) {
        end = n; // claimed, not filled yet: this read and the ones after it wait
        complete = false;
        break;
      }
    }
    if (end - consumed >= DEDUPLICATE_FROM) {
      keepLastReadsOnly(ring, consumed, end, order);
    }
    for (long n = consumed; n < end; n++) {
      int slot = RING_PAD + (int) (n & SLOT_MASK);
      Node node = ring[slot]; // filled (seen above with acquire) or cleared by this consumer
      if (node != null) {
        ring[slot] = null;
        order.recordAccess(node);
      }
    }
    // Release: a producer that sees the new consumed counter also sees the cleared slots.
    COUNTERS.setRelease(counters, readIndex, end);
    return complete;
  }

  /**
   * Clears every slot of a run of ring reads whose node is read again later in the run, or no longer
   * linked: moving a node to the most recently used end twice in one run ends where moving it once,
   * at its last read, ends. Hot entries are read many times a run (a Zipfian hot key is one read in
   * ten), so this saves most of the relinks.
   */
  private void keepLastReadsOnly(Node[] ring, long from, long end, EntryOrder order) {
    int run = order.newRun();
    for (long n = end - 1; n >= from; n--) {
      int slot = RING_PAD + (int) (n & SLOT_MASK);
      if (!order.firstMarkInRun(ring[slot], run)) {
        ring[slot] = null;
      }
    }
  }

  /** Reverses a stack taken off a stripe (newest first) into push order (oldest first). */
  private static Overflow reversed(Overflow top) {
    Overflow oldestFirst = null;
    while (top != null) {
      Overflow older = top.next;
      top.next = oldestFirst;
      oldestFirst = top;
      top = older;
    }
    return oldestFirst;
  }

  private int stripeOfCurrentThread() {
    // Fibonacci hashing of the thread id: consecutive ids, the common case, land on different stripes.
    long id = Thread.currentThread().getId();
    return (int) ((id * 0x9E3779B97F4A7C15L) >>> 40) & stripeMask;
  }
}
