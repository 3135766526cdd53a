package org.tiercache.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tiercache.memory.internal.Nodes.accessOrder;
import static org.tiercache.memory.internal.Nodes.linked;
import static org.tiercache.memory.internal.Nodes.node;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/**
 * The read buffer and the access order it feeds, below the tier: what a drain does with reads of
 * nodes that died after they were read, how a full ring overflows without losing a read, and that
 * each thread's reads are applied in its order whatever runs at the same time.
 */
final class ReadBufferTest {
  @Test
  void drainedReadsOfRemovedNodesAreIgnored() {
    EntryOrder order = new EntryOrder();
    ReadBuffer buffer = new ReadBuffer(4);
    List<Node> nodes = linked(order, 1, 3);
    Node a = nodes.get(0);
    Node b = nodes.get(1);
    Node c = nodes.get(2);

    // Read a and b, then remove a before the reads are applied, as a concurrent writer can.
    assertEquals(ReadBuffer.RECORDED, buffer.offer(a));
    assertEquals(ReadBuffer.RECORDED, buffer.offer(b));
    order.unlink(a);
    buffer.drainTo(order);

    assertFalse(EntryOrder.isLinked(a), "a dead node is not brought back by a read");
    assertEquals(List.of(c, b), accessOrder(order));
    assertSame(b, order.oldestWrite(), "write order is untouched by reads");
    assertSame(c, b.writeNext);
  }

  @Test
  void readsOfClearedNodesAreIgnored() {
    EntryOrder order = new EntryOrder();
    ReadBuffer buffer = new ReadBuffer(1);
    Node a = node(1);
    order.linkLast(a);
    buffer.offer(a);
    order.unlinkAll();
    Node b = node(2);
    order.linkLast(b);
    buffer.drainTo(order);
    assertEquals(List.of(b), accessOrder(order));
    assertFalse(EntryOrder.isLinked(a));
  }

  /** Records a read as the tier does when nobody can drain: in the ring, else in the overflow. */
  private static int record(ReadBuffer buffer, Node node) {
    int outcome = buffer.offer(node);
    return outcome == ReadBuffer.FULL ? buffer.overflow(node) : outcome;
  }

  @Test
  void aFullRingOverflowsAndTheDrainKeepsTheOrderOfTheReads() {
    EntryOrder order = new EntryOrder();
    ReadBuffer buffer = new ReadBuffer(2);
    int count = ReadBuffer.STRIPE_SLOTS + ReadBuffer.OVERFLOW_LIMIT + 1;
    List<Node> nodes = linked(order, 0, count);
    // Read them newest first: the ring takes the first STRIPE_SLOTS reads, the overflow the rest.
    List<Integer> outcomes = new ArrayList<>();
    for (int i = count - 1; i >= 0; i--) {
      outcomes.add(record(buffer, nodes.get(i)));
    }
    assertEquals(ReadBuffer.RECORDED, outcomes.get(0));
    assertEquals(ReadBuffer.RECORDED, outcomes.get(ReadBuffer.DRAIN_THRESHOLD - 2));
    assertEquals(ReadBuffer.DRAIN, outcomes.get(ReadBuffer.DRAIN_THRESHOLD - 1),
        "the read that reaches the threshold asks for a drain");
    assertEquals(ReadBuffer.FULL, buffer.offer(nodes.get(0)), "a full ring takes nothing");
    assertEquals(ReadBuffer.DRAIN, outcomes.get(ReadBuffer.STRIPE_SLOTS), "the first overflow");
    assertEquals(ReadBuffer.OVERFLOWING, outcomes.get(count - 1), "a long overflow says so");
    assertEquals(count, buffer.recorded(), "every read is counted, in the ring or not");

    buffer.drainTo(order);
    List<Node> expected = new ArrayList<>(nodes);
    Collections.reverse(expected);
    assertEquals(expected, accessOrder(order), "no read is lost and none moves");
    assertEquals(ReadBuffer.RECORDED, buffer.offer(nodes.get(0)), "a drained ring takes reads again");
  }

  @Test
  void readsOfTheSameNodeInOneRunMoveItOnceToItsLastPlace() {
    EntryOrder order = new EntryOrder();
    ReadBuffer buffer = new ReadBuffer(1);
    List<Node> nodes = linked(order, 1, 4);
    Node a = nodes.get(0);
    Node b = nodes.get(1);
    Node c = nodes.get(2);
    Node d = nodes.get(3);
    // A run long enough to be deduplicated: a and c read over and over, b once in the middle, d
    // never; c's last read comes before a's.
    for (int i = 0; i < 40; i++) {
      buffer.offer(i == 20 ? b : (i % 2 == 0 ? a : c));
    }
    buffer.offer(c);
    buffer.offer(a);
    buffer.drainTo(order);
    assertEquals(List.of(d, b, c, a), accessOrder(order));
    order.unlink(b);
    assertEquals(List.of(d, c, a), accessOrder(order), "the relinked list unlinks cleanly");
  }

  @Test
  void oneThreadsReadsKeepTheirOrderThroughAnyMixOfRingOverflowAndDrains() {
    SplittableRandom random = new SplittableRandom(7);
    EntryOrder order = new EntryOrder();
    ReadBuffer buffer = new ReadBuffer(1);
    List<Node> nodes = linked(order, 0, 64);
    LinkedHashSet<Node> model = new LinkedHashSet<>(nodes);
    for (int step = 0; step < 20_000; step++) {
      if (random.nextInt(700) == 0) {
        buffer.drainTo(order);
        assertEquals(new ArrayList<>(model), accessOrder(order), "after step " + step);
      }
      Node read = nodes.get(random.nextInt(nodes.size()));
      record(buffer, read);
      model.remove(read);
      model.add(read);
    }
    buffer.drainTo(order);
    assertEquals(new ArrayList<>(model), accessOrder(order));
  }

  @Test
  void eachThreadsReadsKeepTheirOrderWhileOtherThreadsDrainAndShareTheStripe() throws Exception {
    int producers = 3;
    int perThread = 16;
    for (int trial = 0; trial < 20; trial++) {
      EntryOrder order = new EntryOrder();
      ReadBuffer buffer = new ReadBuffer(1); // one stripe: producers race for slots and overflow
      ReentrantLock lock = new ReentrantLock();
      List<List<Node>> own = new ArrayList<>();
      for (int t = 0; t < producers; t++) {
        own.add(linked(order, 1000 * (t + 1), perThread));
      }
      AtomicBoolean producing = new AtomicBoolean(true);
      CyclicBarrier start = new CyclicBarrier(producers + 1);
      ExecutorService threads = Executors.newFixedThreadPool(producers + 1);
      try {
        List<Future<LinkedHashSet<Node>>> models = new ArrayList<>();
        for (int t = 0; t < producers; t++) {
          List<Node> mine = own.get(t);
          long seed = 31L * trial + t;
          models.add(threads.submit(() -> {
            SplittableRandom random = new SplittableRandom(seed);
            LinkedHashSet<Node> model = new LinkedHashSet<>(mine);
            start.await();
            for (int op = 0; op < 5_000; op++) {
              Node read = mine.get(random.nextInt(perThread));
              record(buffer, read);
              model.remove(read);
              model.add(read);
            }
            return model;
          }));
        }
        Future<?> drainer = threads.submit(() -> {
          start.await();
          while (producing.get()) {
            lock.lock();
            try {
              buffer.drainTo(order);
            } finally {
              lock.unlock();
            }
          }
          return null;
        });
        List<LinkedHashSet<Node>> expected = new ArrayList<>();
        for (Future<LinkedHashSet<Node>> model : models) {
          expected.add(model.get(5, TimeUnit.MINUTES)); // a guard against a hang, not a timing check
        }
        producing.set(false);
        drainer.get(5, TimeUnit.MINUTES);
        lock.lock();
        try {
          buffer.drainTo(order);
        } finally {
          lock.unlock();
        }
        List<Node> all = accessOrder(order);
        assertEquals(producers * perThread, all.size());
        assertEquals(producers * 5_000L, buffer.recorded(), "every read counted once");
        for (int t = 0; t < producers; t++) {
          List<Node> mine = own.get(t);
          List<Node> seen = new ArrayList<>();
          for (Node n : all) {
            if (mine.contains(n)) {
              seen.add(n);
            }
          }
          assertEquals(new ArrayList<>(expected.get(t)), seen, "thread " + t + ", trial " + trial);
        }
      } finally {
        threads.shutdownNow();
      }
    }
  }

  @Test
  void theDefaultStripeCountIsAPowerOfTwoOfAboutFourPerProcessor() {
    int stripes = ReadBuffer.defaultStripes();
    assertEquals(1, Integer.bitCount(stripes));
    int processors = Runtime.getRuntime().availableProcessors();
    assertTrue(stripes >= Math.min(ReadBuffer.MAX_STRIPES, 4 * processors));
    assertTrue(stripes < 8 * processors || stripes == ReadBuffer.MAX_STRIPES);
  }

  @Test
  void aDrainAppliesTheReadsOfEveryStripeThreadsReadThrough() throws Exception {
    // The most stripes: their in-use marks span four words, and the threads land on several.
    EntryOrder order = new EntryOrder();
    ReadBuffer buffer = new ReadBuffer(ReadBuffer.MAX_STRIPES);
    List<Node> read = new ArrayList<>();
    List<Node> unread = new ArrayList<>();
    List<Node> nodes = linked(order, 0, 32);
    for (int i = 0; i < nodes.size(); i++) {
      (i % 2 == 0 ? read : unread).add(nodes.get(i));
    }
    assertEquals(0, buffer.recorded(), "a buffer nobody read through has recorded nothing");

    // Every other node is read, each by a thread of its own, one thread after another.
    for (Node n : read) {
      Thread reader = new Thread(() -> buffer.offer(n));
      reader.start();
      reader.join();
    }
    buffer.drainTo(order);

    assertEquals(read.size(), buffer.recorded());
    List<Node> after = accessOrder(order);
    assertEquals(unread, after.subList(0, unread.size()),
        "the nodes nobody read are the least recently used, in their order");
    assertEquals(new LinkedHashSet<>(read), new LinkedHashSet<>(after.subList(unread.size(),
        after.size())), "every read, whatever its stripe, was applied");
  }
}
