package org.tiercache.tiered.internal;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierCapability;

/**
 * One tier of a stack with its size rule, and the record of its failures.
 *
 * <p>The guarded operations ({@link #get}, {@link #openStream}, {@link #put}, {@link #contains})
 * turn a
 * {@link RuntimeException} of the tier into a miss, a refusal or an absence, and count it, so that one
 * broken tier never breaks reads from the others. A failure is logged at WARN once per streak: the
 * first failure after a success (or after creation) is logged, the following ones only counted, and
 * the first success after a streak is logged at INFO. A tier that fails on every call thus logs once,
 * not once per call. The WARN line carries the failure's message, not its stack trace, which is
 * logged at DEBUG: a broken disk must not fill a terminal or a log with traces.
 */
public final class Layer {
  private static final Logger LOG = LoggerFactory.getLogger(ComposerLog.NAME);

  private final int position;
  private final String name;
  private final SizeRange rule;
  private final CacheTier tier;
  private final boolean owned;
  /** Whether the tier declares {@link TierCapability#STREAMING}, read once: the stack routes by it. */
  private final boolean streams;
  private final LongAdder failures = new LongAdder();
  /** True from a failure until the next success: while true, failures are counted, not logged. */
  private final AtomicBoolean failing = new AtomicBoolean();

  /**
   * Creates a layer.
   *
   * @param position the tier's place in the stack, 0 for the fastest, for messages
   * @param name the tier's name in the stack, such as {@code memory}
   * @param rule the sizes it takes
   * @param tier the tier
   * @param owned whether the stack closes the tier when it is closed
   */
  public Layer(int position, String name, SizeRange rule, CacheTier tier, boolean owned) {
    this.position = position;
    this.name = Objects.requireNonNull(name, "name must not be null");
    this.rule = Objects.requireNonNull(rule, "rule must not be null");
    this.tier = Objects.requireNonNull(tier, "tier must not be null");
    this.owned = owned;
    this.streams = tier.capabilities().contains(TierCapability.STREAMING);
  }

  /**
   * Returns the tier's name in the stack.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the sizes this tier takes.
   *
   * @return the rule
   */
  public SizeRange rule() {
    return rule;
  }

  /**
   * Returns the tier itself, for operations the caller guards on its own.
   *
   * @return the tier
   */
  public CacheTier tier() {
    return tier;
  }

  /**
   * Tells whether the stack closes this tier.
   *
   * @return {@code true} if the stack created the tier
   */
  public boolean owned() {
    return owned;
  }

  /**
   * Tells whether content of a size goes to this tier.
   *
   * @param sizeBytes the content's length
   * @return whether the rule accepts it
   */
  public boolean accepts(long sizeBytes) {
    return rule.accepts(sizeBytes);
  }

  /**
   * Tells whether the tier streams content in and out without holding it whole in memory, as it
   * declared when the stack was built.
   *
   * @return whether the tier declares {@link TierCapability#STREAMING}
   */
  public boolean streams() {
    return streams;
  }

  /**
   * Tells whether the tier would take content of a size: its rule accepts the size and the size is
   * within its capacity (a tier refuses content larger than its capacity, by contract).
   *
   * @param sizeBytes the content's length
   * @return whether the rule accepts it and it fits the capacity
   */
  public boolean fits(long sizeBytes) {
    return rule.accepts(sizeBytes) && sizeBytes <= tier.capacityBytes();
  }

  /**
   * Returns the largest content this tier would take: below its rule's upper bound and within its
   * capacity; -1 if there is none.
   *
   * @return the largest size, or -1
   */
  public long largestFit() {
    long largest = Math.min(rule.maxBytes() - 1, tier.capacityBytes());
    return largest >= rule.minBytes() ? largest : -1;
  }

  /**
   * Returns how many calls to this tier have thrown.
   *
   * @return the failure count since the stack was built
   */
  public long failures() {
    return failures.sum();
  }

  /**
   * Gets content from the tier; a failure is a miss.
   *
   * @param key the key
   * @return the content, or {@code null} if absent, expired, or the tier failed
   */
  public ByteBuffer get(ContentKey key) {
    SlowOperationEvent slow = SlowOperationEvent.start();
    try {
      ByteBuffer content = tier.get(key);
      succeeded();
      return content;
    } catch (RuntimeException e) {
      failed("get", key, e);
      return null;
    } finally {
      slow.emit(position, name, "get", key);
    }
  }

  /**
   * Opens a stream of content from the tier; a failure is a miss.
   *
   * @param key the key
   * @return the stream, which the caller closes, or {@code null} if absent, expired, or the tier
   *     failed
   */
  public InputStream openStream(ContentKey key) {
    SlowOperationEvent slow = SlowOperationEvent.start();
    try {
      InputStream content = tier.openStream(key);
      succeeded();
      return content;
    } catch (RuntimeException e) {
      failed("openStream", key, e);
      return null;
    } finally {
      slow.emit(position, name, "openStream", key);
    }
  }

  /**
   * Puts a buffer's remaining content into the tier; a failure is a refusal.
   *
   * @param key the key
   * @param content the content; its position is not moved
   * @return whether the tier now holds it; {@code false} if it refused it or failed
   */
  public boolean put(ContentKey key, ByteBuffer content) {
    SlowOperationEvent slow = SlowOperationEvent.start();
    try {
      boolean stored = tier.put(key, content.duplicate());
      succeeded();
      return stored;
    } catch (RuntimeException e) {
      failed("put", key, e);
      return false;
    } finally {
      slow.emit(position, name, "put", key);
    }
  }

  /**
   * Writes into the tier, letting a failure through for the caller to count and report (a caller's
   * put, which must tell a failure from a refusal).
   *
   * @param key the key, for the slow-operation event
   * @param write how to write the content into the tier
   * @return whether the tier now holds it; {@code false} if it refused it by policy
   * @throws RuntimeException whatever the tier threw
   */
  public boolean writeOrThrow(ContentKey key, Placement.Write write) {
    SlowOperationEvent slow = SlowOperationEvent.start();
    try {
      return write.into(tier);
    } finally {
      slow.emit(position, name, "put", key);
    }
  }

  /**
   * Asks the tier whether it holds a key; a failure is an absence.
   *
   * @param key the key
   * @return whether the tier holds live content for the key; {@code false} if it failed
   */
  public boolean contains(ContentKey key) {
    try {
      boolean found = tier.contains(key);
      succeeded();
      return found;
    } catch (RuntimeException e) {
      failed("contains", key, e);
      return false;
    }
  }

  /**
   * Records a failure of an operation the caller guarded itself.
   *
   * @param operation the operation, such as {@code remove}
   * @param key the key involved, or {@code null}
   * @param failure what the tier threw
   */
  public void failed(String operation, ContentKey key, RuntimeException failure) {
    failures.increment();
    if (failing.compareAndSet(false, true)) {
      LOG.warn("tier {} '{}' of a tiered cache failed on {}{}: {}; the stack carries on without it"
              + " (a read is a miss, a write goes to the other tiers) and counts further failures"
              + " without logging them until it succeeds again",
          position + 1, name, operation, key == null ? "" : " of " + key,
          Placement.describe(failure));
      LOG.debug("the failure of tier {} '{}'", position + 1, name, failure);
    }
  }

  /**
   * Records a failure that the caller is told of by an exception: counted, logged at DEBUG only,
   * since logging it as well would report it twice.
   *
   * @param operation the operation, such as {@code put}
   * @param key the key involved, or {@code null}
   * @param failure what the tier threw
   */
  public void failedAndReported(String operation, ContentKey key, RuntimeException failure) {
    failures.increment();
    LOG.debug("tier {} '{}' of a tiered cache failed on {}{}; the caller is told", position + 1,
        name, operation, key == null ? "" : " of " + key, failure);
  }

  /**
   * Names the tier in messages: its place and name, such as {@code tier 2 'disk'}.
   *
   * @return the description
   */
  public String describe() {
    return "tier " + (position + 1) + " '" + name + "'";
  }

  /** Records a success, which ends a streak of failures. */
  public void succeeded() {
    // A plain read first: on the common path (no streak) a success costs one volatile read.
    if (failing.get() && failing.compareAndSet(true, false)) {
      LOG.info("tier {} '{}' of a tiered cache works again ({} failures since the stack was built)",
          position + 1, name, failures.sum());
    }
  }

  @Override
  public String toString() {
    return name + " " + rule;
  }
}
