package org.tiercache.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheClock;
import org.tiercache.api.ContentKey;
import org.tiercache.memory.internal.MemoryTier;

/**
 * Reads hand the relinking of the LRU order to a drain on the tier's executor. The drain is only
 * ever a question of when: the order is exact whether it ran, never ran, was refused, or ran on the
 * reader's own thread; a reader never waits for the executor or the tier's lock; and a closed tier
 * schedules no drain.
 */
final class ReadDrainTest {
  private static final int ENTRY = 100;
  private static final int ENTRIES = 10;
  /**
   * Enough gets to fill a read-buffer stripe's ring several times over and overflow it long; whole
   * rounds of nine keys.
   */
  private static final int MANY_GETS = 9 * 250;

  /** An executor that keeps its tasks until the test runs them. */
  private static final class HeldTasks implements Executor {
    final Queue<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
      tasks.add(task);
    }

    synchronized int size() {
      return tasks.size();
    }

    void runAll() {
      Runnable task;
      while ((task = poll()) != null) {
        task.run();
      }
    }

    private synchronized Runnable poll() {
      return tasks.poll();
    }
  }

  private static byte[] content(int i) {
    byte[] content = new byte[ENTRY];
    content[0] = (byte) i;
    content[1] = (byte) (i >> 8);
    return content;
  }

  private static ContentKey key(int i) {
    return ContentKey.sha256(("drain " + i).getBytes(StandardCharsets.UTF_8));
  }

  private static MemoryTier tier(Executor executor, CacheClock clock) {
    MemoryTier tier = new MemoryTier(ENTRIES * ENTRY, null, clock, null, executor);
    for (int i = 0; i < ENTRIES; i++) {
      tier.put(key(i), content(i));
    }
    return tier;
  }

  /** Reads every key but {@code skipped}, round after round, so that the key after it is the LRU. */
  private static void readAllBut(MemoryTier tier, int skipped, int gets) {
    int done = 0;
    while (done < gets) {
      for (int i = 0; i < ENTRIES && done < gets; i++) {
        if (i != skipped) {
          assertEquals(ENTRY, tier.get(key(i)).remaining());
          done++;
        }
      }
    }
  }

  /** Puts two new keys and checks that they pushed out exactly the expected two, in order. */
  private static void assertEvicts(MemoryTier tier, int first, int second) {
    tier.put(key(100), content(100));
    assertFalse(tier.contains(key(first)), "key " + first + " goes first");
    tier.put(key(101), content(101));
    assertFalse(tier.contains(key(second)), "then key " + second);
    assertEquals(ENTRIES, tier.entryCount());
  }

  @Test
  void readsAskForOneDrainAndTheDrainAppliesThemInOrder() {
    HeldTasks executor = new HeldTasks();
    MemoryTier tier = tier(executor, () -> 0L);
    readAllBut(tier, 3, 9 * 40); // 40 rounds: 0..9 but 3, past a quarter of a ring
    assertEquals(1, executor.size(), "one drain waits, however many reads ask for it");
    executor.runAll();
    readAllBut(tier, 3, 9 * 40);
    assertEquals(1, executor.size(), "reads after a drain ran may ask for the next one");
    executor.runAll();
    assertEquals(9 * 80, tier.stats().hits());
    assertEvicts(tier, 3, 0);
  }

  @Test
  void anExecutorThatNeverRunsItsTasksLosesNoRead() {
    HeldTasks executor = new HeldTasks(); // never run
    MemoryTier tier = tier(executor, () -> 0L);
    readAllBut(tier, 5, MANY_GETS);
    assertEquals(1, executor.size());
    assertEquals(MANY_GETS, tier.stats().hits(), "every hit counted once");
    assertEvicts(tier, 5, 0);
  }

  @Test
  void anExecutorThatRefusesDrainsLosesNoRead() {
    MemoryTier tier = tier(task -> {
      throw new RejectedExecutionException("shut down");
    }, () -> 0L);
    readAllBut(tier, 2, MANY_GETS);
    assertEquals(MANY_GETS, tier.stats().hits());
    assertEvicts(tier, 2, 0);
  }

  @Test
  void aDrainOnTheReadersOwnThreadKeepsTheOrder() {
    MemoryTier tier = tier(Runnable::run, () -> 0L);
    readAllBut(tier, 8, MANY_GETS);
    assertEvicts(tier, 8, 0);
  }

  /**
   * A writer holds the tier's lock (its clock, read under the lock, does not return) while another
   * thread reads far more than a stripe holds, with drains run on the reading thread itself: every
   * read completes, none waits, and none is lost.
   */
  @Test
  void aReaderNeverWaitsForTheLock() throws Exception {
    CountDownLatch writerInLock = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean stall = new AtomicBoolean(false);
    CacheClock clock = () -> {
      if (stall.compareAndSet(true, false)) {
        writerInLock.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return 0L;
    };
    MemoryTier tier = tier(Runnable::run, clock);
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      stall.set(true);
      Future<Boolean> stuckPut = threads.submit(() -> tier.put(key(0), content(0)));
      writerInLock.await();
      // The replaced key 0 is read too: its new node is not in the table until the writer is done.
      Future<?> reads = threads.submit(() -> readAllBut(tier, 4, MANY_GETS));
      reads.get(5, TimeUnit.MINUTES); // a guard against a hang, not a timing assertion
      release.countDown();
      assertTrue(stuckPut.get(5, TimeUnit.MINUTES));
      assertEquals(MANY_GETS, tier.stats().hits());
      // The reads of key 0 found the node the put replaced, so they do not count for the new one:
      // 4 is the least recently used, then 0, put before all the other reads were applied.
      assertEvicts(tier, 4, 0);
    } finally {
      release.countDown();
      threads.shutdownNow();
    }
  }

  @Test
  void aClosedTierSchedulesNoDrainAndADrainWaitingSinceDoesNothing() {
    HeldTasks executor = new HeldTasks();
    MemoryTier tier = tier(executor, () -> 0L);
    readAllBut(tier, 0, 9 * 40);
    assertEquals(1, executor.size());
    tier.close();
    executor.runAll(); // the waiting drain runs after the close: harmless
    assertEquals(0, tier.entryCount());
    for (int i = 0; i < ENTRIES; i++) {
      tier.put(key(i), content(i));
    }
    readAllBut(tier, 6, MANY_GETS);
    assertEquals(0, executor.size(), "a closed tier asks for no drain");
    assertEvicts(tier, 6, 0);
  }
}
