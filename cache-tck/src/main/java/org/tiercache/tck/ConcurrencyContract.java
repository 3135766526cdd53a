package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierStats;
import org.tiercache.tck.internal.OverlappingRounds;

/**
 * The concurrency rules: several threads mixing every operation on a small set of keys never get
 * wrong bytes, and once they stop every invariant holds: size within capacity, size and count equal
 * to the sums over the live entries, and one hit or miss counted per get.
 *
 * <p>Each key always holds the same content, derived from the key's index, so every hit can be
 * checked. The threads use fixed seeds; nothing here sleeps or measures time.
 *
 * <p>A race shows only when threads run at the same moment, which on two busy cores they seldom
 * do. So the overlapping tests run many short rounds that start together on a spinning barrier,
 * with more threads than cores, check the tier after every round while the threads wait, sample
 * {@code sizeBytes()} while puts run, and go on for more rounds (up to ten times as many) until
 * enough operations have run in parallel with another thread's: a busy machine gets a longer
 * check, not a weaker one. The kit's self-tests hold a tier with no lock, one with racy counters
 * and one that checks room apart from inserting, and require each run to catch them.
 *
 * @since 0.1
 */
public abstract class ConcurrencyContract extends TierContract {
  private static final int KEYS = 24;
  private static final long CAPACITY = 16_000;

  /** For subclasses. */
  protected ConcurrencyContract() {}

  /**
   * Returns how many threads run at once. Four by default, so that threads contend even on a
   * machine with two cores.
   *
   * @return at least two
   */
  protected int concurrencyThreads() {
    return 4;
  }

  /**
   * Returns how many operations each thread performs.
   *
   * @return at least one
   */
  protected int operationsPerThread() {
    return 5_000;
  }

  /**
   * Returns how long to wait for the threads before declaring the tier deadlocked. This is a guard
   * against a hang, not a performance check: the default is far beyond any healthy run.
   *
   * @return a positive duration
   */
  protected Duration deadlockTimeout() {
    return Duration.ofMinutes(2);
  }

  /** Every hit under concurrent puts, gets, removes and clears returns exactly that key's content.
   * */
  @Test
  public void concurrentOperationsNeverReturnWrongBytes() {
    CacheTier tier = tier(CAPACITY);
    Workload workload = run(tier, false);
    assertNoWrongBytes(workload);
  }

  /** At quiescence size is within capacity and size and count are the sums over the live entries.
   * */
  @Test
  public void accountingIsExactAtQuiescence() {
    CacheTier tier = tier(CAPACITY);
    Workload workload = run(tier, false);
    assertNoWrongBytes(workload);
    assertQuiescentAccounting(tier, workload);
  }

  /** Every get performed by the threads is counted as exactly one hit or one miss. */
  @Test
  public void hitsPlusMissesEqualGetsPerformed() {
    CacheTier tier = tier(CAPACITY);
    Workload workload = run(tier, false);
    TierStats stats = tier.stats();
    assertEquals(workload.gets.get(), stats.hits() + stats.misses(), () -> workload.threads
        + " threads performed " + workload.gets.get() + " gets (get, getBytes, openStream) but "
        + "stats count " + stats.hits() + " hits + " + stats.misses() + " misses; " + stats);
    assertEquals(workload.hits.get(), stats.hits(), () -> "the threads saw " + workload.hits.get()
        + " gets return content but stats count " + stats.hits() + " hits; " + stats);
  }

  /** Threads racing to put and remove one key leave it counted at most once. */
  @Test
  public void racingPutsOfOneKeyCountItOnce() {
    CacheTier tier = tier(CAPACITY);
    byte[] content = content(1000, 77);
    ContentKey key = key(content);
    List<String> errors = runThreads(thread -> {
      SplittableRandom random = new SplittableRandom(thread);
      for (int i = 0; i < operationsPerThread(); i++) {
        if (random.nextInt(4) == 0) {
          tier.remove(key);
        } else {
          tier.put(key, content);
        }
      }
    });
    assertTrue(errors.isEmpty(), () -> "threads failed: " + errors);
    boolean live = tier.contains(key);
    assertAccounting("threads racing to put and remove one 1000-byte key (contains says "
        + (live ? "live" : "absent") + ")", tier, live ? 1000 : 0, live ? 1 : 0);
  }

  /**
   * With a TTL and a thread moving the clock, evictExpired at quiescence leaves exact accounting,
   * and no hit ever returned wrong bytes.
   */
  @Test
  public void expiryUnderConcurrencyKeepsAccountingExact() {
    CacheTier tier = tier(CAPACITY, ttlForTests());
    Workload workload = run(tier, true);
    assertNoWrongBytes(workload);
    tier.evictExpired();
    assertQuiescentAccounting(tier, workload);
  }

  /**
   * Returns how many threads the overlapping tests run. Eight by default: more threads than cores,
   * so that on a busy machine two of them are more often running at the same moment.
   *
   * @return at least two
   * @since 0.2
   */
  protected int overlappingThreads() {
    return 8;
  }

  /**
   * Returns how many rounds the overlapping tests run. Each round all threads start together, do
   * {@link #operationsPerRound()} operations each and meet again, and the tier is checked while
   * they wait.
   *
   * @return at least one; 100 by default
   * @since 0.2
   */
  protected int overlappingRounds() {
    return 100;
  }

  /**
   * Returns how many operations each thread does in a round of the overlapping tests.
   *
   * @return at least one; 40 by default
   * @since 0.2
   */
  protected int operationsPerRound() {
    return 40;
  }

  /**
   * While threads put at once in rounds that start together, {@code sizeBytes()} never reads
   * above the capacity: not sampled by another thread while the puts run, not between rounds.
   * (With puts always in flight, "once a put returns" is every moment: a tier that checks room and
   * inserts in two steps overshoots here.)
   */
  @Test
  @SuppressWarnings("ThreadPriorityCheck") // the sampler yields so that it does not starve the puts
  public void sizeNeverReadsAboveCapacityWhilePutsRun() {
    CacheTier tier = tier(CAPACITY);
    Workload workload = new Workload(overlappingThreads());
    AtomicLong highest = new AtomicLong();
    AtomicLong samples = new AtomicLong();
    AtomicBoolean done = new AtomicBoolean();
    Thread sampler = new Thread(() -> {
      while (!done.get()) {
        long size = tier.sizeBytes();
        samples.incrementAndGet();
        highest.accumulateAndGet(size, Math::max);
        // Leaves the cores to the putting threads now and then; a tier whose sizeBytes() takes
        // its lock would otherwise be slowed down by the sampler alone.
        Thread.yield();
      }
    }, "kit-size-sampler");
    sampler.setDaemon(true);
    sampler.start();
    List<String> problems;
    try {
      problems = OverlappingRounds.run(overlappingThreads(), overlappingRounds(),
          operationsPerRound(), deadlockTimeout(), 2_000, (thread, random, progress) -> {
            for (int i = 0; i < operationsPerRound(); i++) {
              int k = random.nextInt(KEYS);
              if (random.nextInt(10) < 6) {
                if (!tier.put(workload.keys[k], workload.contents[k])) {
                  workload.wrong.add("put of key #" + k + " (" + workload.contents[k].length
                      + " bytes, below the capacity " + CAPACITY + ") returned false");
                }
                // Right after a put is when a put that checked room apart from inserting shows.
                highest.accumulateAndGet(tier.sizeBytes(), Math::max);
              } else {
                workload.check(k, tier.getBytes(workload.keys[k]), "getBytes");
              }
              progress.done(thread);
              maybeYield(random, progress, thread);
            maybeYield(random, progress, thread);
            }
          }, round -> assertWithinCapacity("round " + round + " of threads putting at once",
              tier));
    } finally {
      done.set(true);
    }
    joinQuietly(sampler);
    assertTrue(problems.isEmpty(), () -> String.join("; ", problems));
    assertNoWrongBytes(workload);
    assertTrue(highest.get() <= CAPACITY, () -> "sizeBytes() read " + highest.get()
        + ", above the capacity " + CAPACITY + ", while " + overlappingThreads() + " threads put "
        + "at once (" + samples.get() + " samples): a tier must make room and insert in one step, "
        + "so that its size is never above its capacity");
  }

  /**
   * Threads that really overlap (rounds that start together, each thread mostly reading) are each
   * counted: after every round, hits plus misses equal the gets performed, hits equal the gets
   * that returned content, puts equal the puts that stored, and rejected puts the puts refused.
   */
  @Test
  public void countersAreExactWhileThreadsOverlap() {
    CacheTier tier = tier(CAPACITY);
    Workload workload = new Workload(overlappingThreads());
    AtomicLong puts = new AtomicLong();
    AtomicLong refused = new AtomicLong();
    byte[] oversize = content((int) CAPACITY + 1, 77);
    ContentKey[] absent = new ContentKey[KEYS];
    for (int k = 0; k < KEYS; k++) {
      absent[k] = key(content(10, 8_000 + k));
    }
    TierStats base = tier.stats();
    List<String> problems = OverlappingRounds.run(overlappingThreads(), overlappingRounds(),
        2 * operationsPerRound(), deadlockTimeout(), 3_000, (thread, random, progress) -> {
          for (int i = 0; i < 2 * operationsPerRound(); i++) {
            int k = random.nextInt(KEYS);
            int op = random.nextInt(100);
            if (op < 4) {
              if (tier.put(workload.keys[k], workload.contents[k])) {
                puts.incrementAndGet();
              }
            } else if (op < 5) {
              if (!tier.put(key(oversize), oversize)) {
                refused.incrementAndGet();
              }
            } else if (op < 80) {
              // A miss is a tier's shortest path: threads missing at once race on its counter.
              workload.gets.incrementAndGet();
              if (tier.get(absent[k]) != null) {
                workload.wrong.add("get of a key never put returned content");
              }
            } else {
              workload.gets.incrementAndGet();
              ByteBuffer got = tier.get(workload.keys[k]);
              if (got != null) {
                byte[] bytes = new byte[got.remaining()];
                got.get(bytes);
                workload.check(k, bytes, "get");
              }
            }
            progress.done(thread);
            maybeYield(random, progress, thread);
          }
        }, round -> {
          TierStats stats = tier.stats();
          String where = "after round " + round + " of " + overlappingThreads() + " threads "
              + "overlapping; stats " + stats;
          assertEquals(workload.gets.get(), stats.hits() - base.hits() + stats.misses()
              - base.misses(), () -> "hits + misses must equal the " + workload.gets.get()
              + " gets performed " + where);
          assertEquals(workload.hits.get(), stats.hits() - base.hits(), () -> "hits must equal "
              + "the " + workload.hits.get() + " gets that returned content " + where);
          assertEquals(puts.get(), stats.puts() - base.puts(), () -> "puts must equal the "
              + puts.get() + " puts that stored " + where);
          assertEquals(refused.get(), stats.rejectedPuts() - base.rejectedPuts(),
              () -> "rejectedPuts must equal the " + refused.get() + " puts refused " + where);
        });
    assertTrue(problems.isEmpty(), () -> String.join("; ", problems));
    assertNoWrongBytes(workload);
  }

  /**
   * Threads mixing every operation in rounds that start together leave exact accounting after
   * every round: size within capacity, size and count the sums over the live entries, each live
   * entry holding its own bytes.
   */
  @Test
  public void accountingIsExactAfterEveryOverlappingRound() {
    CacheTier tier = tier(CAPACITY);
    Workload workload = new Workload(overlappingThreads());
    List<String> problems = OverlappingRounds.run(overlappingThreads(), overlappingRounds(),
        operationsPerRound(), deadlockTimeout(), 4_000, (thread, random, progress) -> {
          for (int i = 0; i < operationsPerRound(); i++) {
            int k = random.nextInt(KEYS);
            int op = random.nextInt(100);
            if (op < 35) {
              tier.put(workload.keys[k], workload.contents[k]);
            } else if (op < 70) {
              workload.check(k, tier.getBytes(workload.keys[k]), "getBytes");
            } else if (op < 90) {
              tier.remove(workload.keys[k]);
            } else if (op < 99) {
              tier.contains(workload.keys[k]);
            } else {
              tier.clear();
            }
            progress.done(thread);
            maybeYield(random, progress, thread);
          }
        }, round -> assertQuiescentAccounting(tier, workload));
    assertTrue(problems.isEmpty(), () -> String.join("; ", problems));
    assertNoWrongBytes(workload);
  }

  /** Yields now and then, to shuffle which threads run together; not counted as parallel. */
  @SuppressWarnings("ThreadPriorityCheck") // yielding on purpose: the kit shuffles interleavings
  private static void maybeYield(SplittableRandom random, OverlappingRounds.Progress progress,
      int thread) {
    if (random.nextInt(8) == 0) {
      Thread.yield();
      progress.skip(thread);
    }
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Workload run(CacheTier tier, boolean moveClock) {
    Workload workload = new Workload(concurrencyThreads());
    long ttlStep = ttlForTests().toNanos() / 50;
    List<String> errors = runThreads(thread -> {
      SplittableRandom random = new SplittableRandom(1_000 + thread);
      for (int i = 0; i < operationsPerThread(); i++) {
        int k = random.nextInt(KEYS);
        int op = random.nextInt(100);
        if (op < 30) {
          byte[] expected = workload.contents[k];
          if (!tier.put(workload.keys[k], expected)) {
            workload.wrong.add("put of key #" + k + " (" + expected.length
                + " bytes, below the capacity " + CAPACITY + ") returned false");
          }
        } else if (op < 50) {
          workload.gets.incrementAndGet();
          ByteBuffer got = tier.get(workload.keys[k]);
          if (got != null) {
            byte[] bytes = new byte[got.remaining()];
            got.get(bytes);
            workload.check(k, bytes, "get");
          }
        } else if (op < 65) {
          workload.gets.incrementAndGet();
          workload.check(k, tier.getBytes(workload.keys[k]), "getBytes");
        } else if (op < 70) {
          workload.gets.incrementAndGet();
          try (InputStream in = tier.openStream(workload.keys[k])) {
            if (in != null) {
              workload.check(k, in.readAllBytes(), "openStream");
            }
          } catch (IOException e) {
            workload.wrong.add("reading the stream of key #" + k + " failed: " + e);
          }
        } else if (op < 82) {
          tier.remove(workload.keys[k]);
        } else if (op < 97) {
          tier.contains(workload.keys[k]);
        } else if (op < 98) {
          tier.clear();
        } else if (moveClock) {
          clock().advanceNanos(ttlStep);
          tier.evictExpired();
        } else {
          tier.sizeBytes();
          tier.entryCount();
          tier.stats();
        }
      }
    });
    assertTrue(errors.isEmpty(), () -> "threads failed: " + errors);
    return workload;
  }

  private List<String> runThreads(ThreadBody body) {
    int threads = concurrencyThreads();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          body.run(thread);
          return null;
        }));
      }
      start.countDown();
      List<String> errors = new ArrayList<>();
      for (Future<?> future : futures) {
        try {
          future.get(deadlockTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
          errors.add(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
          fail(threads + " threads did not finish " + operationsPerThread() + " operations each "
              + "within " + deadlockTimeout() + ": the tier is probably deadlocked");
        }
      }
      return errors;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while waiting for the threads", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void assertNoWrongBytes(Workload workload) {
    assertTrue(workload.wrong.isEmpty(), () -> workload.wrong.size() + " operations went wrong "
        + "under concurrency; the first: " + workload.wrong.stream().limit(5).toList());
  }

  private static void assertQuiescentAccounting(CacheTier tier, Workload workload) {
    assertWithinCapacity("the threads stopped", tier);
    long bytes = 0;
    long entries = 0;
    List<Integer> live = new ArrayList<>();
    for (int k = 0; k < KEYS; k++) {
      if (tier.contains(workload.keys[k])) {
        bytes += workload.contents[k].length;
        entries++;
        live.add(k);
      }
    }
    assertAccounting("the threads stopped, summed over the keys contains reports live " + live,
        tier, bytes, entries);
    for (int k : live) {
      int key = k;
      byte[] got = tier.getBytes(workload.keys[k]);
      assertNotNull(got,
          () -> "contains reported key #" + key + " live at quiescence but get missed");
      assertArrayEquals(workload.contents[k], got,
          () -> "key #" + key + " holds wrong bytes at quiescence");
    }
  }

  @FunctionalInterface
  private interface ThreadBody {
    void run(int thread) throws Exception;
  }

  /** The keys, their content, and what the threads observed. */
  private static final class Workload {
    final int threads;
    final byte[][] contents = new byte[KEYS][];
    final ContentKey[] keys = new ContentKey[KEYS];
    final AtomicLong gets = new AtomicLong();
    final AtomicLong hits = new AtomicLong();
    final ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();

    Workload(int threads) {
      this.threads = threads;
      SplittableRandom sizes = new SplittableRandom(42);
      for (int k = 0; k < KEYS; k++) {
        // At least one byte: every empty content has the same key, which would merge two keys.
        contents[k] = content(1 + sizes.nextInt(3000), 9_000 + k);
        keys[k] = key(contents[k]);
      }
    }

    void check(int k, byte[] got, String how) {
      if (got == null) {
        return;
      }
      hits.incrementAndGet();
      if (!keys[k].matches(got)) {
        wrong.add(how + " of key #" + k + " returned " + got.length + " bytes that are not its "
            + contents[k].length + "-byte content (digest mismatch)");
      }
    }
  }
}
