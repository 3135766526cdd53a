package org.tiercache.tck;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.tck.internal.LinearizabilityCheck;
import org.tiercache.tck.internal.LinearizabilityCheck.Scenario;

/**
 * The linearizability rules: operations from two threads give only outcomes that the same
 * operations, one at a time in some order that keeps each thread's own order, give on the kit's
 * reference model; checked by a model checker, so that a race is found on every run.
 *
 * <p>{@link ConcurrencyContract} runs real threads and catches a race when the operating system
 * happens to run two of them at the racy moment, which on a busy machine with two cores it may not
 * do in a given run. This suite runs the operations under <a
 * href="https://github.com/JetBrains/lincheck">lincheck</a>'s model checker instead: it
 * instruments the tier's bytecode, runs one thread at a time, and switches threads at the shared
 * reads and writes and lock operations it chooses, exploring the interleavings of small scenarios
 * (two threads of a few operations each) systematically. The choices do not depend on timing, so
 * a run finds what every other run finds.
 *
 * <p>The threads run {@code put}, {@code get} (whose bytes are checked), {@code contains} and
 * {@code remove} on three keys, and read {@code sizeBytes()}, which must be within the capacity
 * whenever it is read. {@code sizeBytes()}, {@code entryCount()} and {@code stats()} are compared
 * with the model before and after the threads run, not while they run: a tier may read its
 * figures without its lock, so they need not agree with each other at every instant. After every
 * interleaving, size and count must be the sums over the entries {@code contains} finds live. Where the contract leaves
 * a tier free under concurrency the scenarios leave it free too: the exact LRU order is a
 * single-threaded rule, so the scenarios either have room for every entry or room for one only
 * (so that any put of another key must evict everything else, whatever order the tier keeps).
 *
 * <p><b>Requires lincheck</b> ({@code org.jetbrains.lincheck:lincheck} 3.7) on the test class
 * path: the kit declares it as an optional dependency, so a tier's tests that extend this suite
 * add it at test scope. It brings the Kotlin runtime and attaches a Java agent to the test JVM
 * itself. It cannot go on the module path (two of its jars share a package), so the kit's runner
 * does not run this suite.
 *
 * <p><b>Tiers that do I/O are not checked.</b> Lincheck 3.7's model checker refuses file and
 * channel operations ("File operations are not supported in Lincheck"): for a tier whose
 * operations do any, every rule here is skipped as not applicable, naming the call, and only
 * {@link ConcurrencyContract} checks its concurrency.
 *
 * @since 0.3
 */
public abstract class LinearizabilityContract extends TierContract {
  /** Room for the three keys' 100, 200 and 300 bytes: nothing is ever evicted. */
  private static final long ROOMY = 10_000;
  /** Room for one of 600, 700 and 800 bytes: a put of another key evicts everything else. */
  private static final long ONE_ENTRY = 1_000;

  /** For subclasses. */
  protected LinearizabilityContract() {}

  /**
   * Returns how many scenarios lincheck makes up besides the kit's own, per test.
   *
   * @return zero or more; 3 by default
   */
  protected int linearizabilityRandomScenarios() {
    return 3;
  }

  /**
   * Returns how many interleavings of each scenario lincheck explores at most. Each one opens a
   * tier, so a tier that is slow to open may lower it.
   *
   * @return at least one; 300 by default
   */
  protected int linearizabilityInvocations() {
    return 300;
  }

  /**
   * Puts, gets, contains and removes from two threads, with room for every entry, give only
   * outcomes some order of them gives: among them two threads putting, two
   * threads getting (each get counted once) and puts racing removes of the same keys.
   */
  @Test
  public void operationsFromTwoThreadsAreLinearizable() {
    check(ROOMY, new int[] {100, 200, 300}, List.of(
        new Scenario(List.of(), List.of("put 0", "put 1"), List.of("put 2", "put 0"),
            List.of("sizeBytes", "entryCount", "stats")),
        new Scenario(List.of("put 0"), List.of("get 0", "get 1"), List.of("get 0", "get 1"),
            List.of("stats")),
        new Scenario(List.of("put 0"), List.of("remove 0", "put 1"), List.of("put 0", "remove 1"),
            List.of("sizeBytes", "entryCount", "stats"))));
  }

  /**
   * With room for one entry only, puts of different keys from two threads each evict everything
   * else: the size never ends above the capacity, and the outcomes are those of some order.
   */
  @Test
  public void putsThatMustEvictFromTwoThreadsAreLinearizable() {
    check(ONE_ENTRY, new int[] {600, 700, 800}, List.of(
        new Scenario(List.of("put 0"), List.of("put 1"), List.of("put 2"),
            List.of("sizeBytes", "entryCount", "contains 0", "contains 1", "contains 2",
                "stats")),
        new Scenario(List.of(), List.of("put 0", "sizeWithinCapacity"), List.of("put 1", "get 0"),
            List.of("sizeBytes", "stats"))));
  }

  private void check(long capacity, int[] sizes, List<Scenario> scenarios) {
    List<byte[]> contents = java.util.stream.IntStream.range(0, sizes.length)
        .mapToObj(k -> content(sizes[k], 7_000 + k)).toList();
    LinearizabilityCheck check = new LinearizabilityCheck(capacity, contents, () -> {
      CacheTier tier = createTier(configBuilder(capacity).build());
      // A persistent tier opens the same storage again within a test: start each
      // interleaving empty.
      tier.clear();
      return tier;
    });
    check.run(scenarios, linearizabilityRandomScenarios(), linearizabilityInvocations());
  }
}
