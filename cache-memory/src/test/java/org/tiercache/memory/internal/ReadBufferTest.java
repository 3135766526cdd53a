package org.tiercache.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tiercache.api.ContentKey;

/**
 * The read buffer and the access order it feeds, below the tier: what a drain does with reads of
 * nodes that died after they were read, and how a full stripe is reported.
 */
final class ReadBufferTest {

  private static Node node(int i) {
    byte[] content = {(byte) i};
    ContentKey key = ContentKey.sha256(content);
    return new Node(key, content, 0L, NodeTable.spread(key.hashCode()));
  }

  private static List<Node> accessOrder(EntryOrder order) {
    List<Node> nodes = new ArrayList<>();
    for (Node n = order.leastRecentlyUsed(); n != null; n = n.accessNext) {
      nodes.add(n);
    }
    return nodes;
  }

  @Test
  void drainedReadsOfRemovedNodesAreIgnored() {
    EntryOrder order = new EntryOrder();
    ReadBuffer buffer = new ReadBuffer(4);
    Node a = node(1);
    Node b = node(2);
    Node c = node(3);
    order.linkLast(a);
    order.linkLast(b);
    order.linkLast(c);

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

  @Test
  void aFullStripeIsReportedAndRecordsNothingUntilDrained() {
    EntryOrder order = new EntryOrder();
    ReadBuffer buffer = new ReadBuffer(2);
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < ReadBuffer.STRIPE_SLOTS + 1; i++) {
      Node n = node(i);
      order.linkLast(n);
      nodes.add(n);
    }
    // Read all but the last in reverse, filling this thread's stripe exactly: the read that takes
    // the last slot says so.
    for (int i = ReadBuffer.STRIPE_SLOTS - 1; i >= 1; i--) {
      assertEquals(ReadBuffer.RECORDED, buffer.offer(nodes.get(i)));
    }
    assertEquals(ReadBuffer.FILLED, buffer.offer(nodes.get(0)));
    assertEquals(ReadBuffer.STRIPE_SLOTS, buffer.recorded(), "every stored read is counted");
    assertEquals(ReadBuffer.FULL, buffer.offer(nodes.get(ReadBuffer.STRIPE_SLOTS)));

    buffer.drainTo(order);
    List<Node> expected = new ArrayList<>();
    expected.add(nodes.get(ReadBuffer.STRIPE_SLOTS)); // never recorded, so least recently used
    for (int i = ReadBuffer.STRIPE_SLOTS - 1; i >= 0; i--) {
      expected.add(nodes.get(i));
    }
    assertEquals(expected, accessOrder(order));
    assertEquals(ReadBuffer.RECORDED, buffer.offer(nodes.get(0)), "drained stripes take reads again");
    assertEquals(ReadBuffer.STRIPE_SLOTS + 1, buffer.recorded(),
        "the count of stored reads survives a drain");
  }

  @Test
  void theDefaultStripeCountIsAPowerOfTwoOfAboutFourPerProcessor() {
    int stripes = ReadBuffer.defaultStripes();
    assertEquals(1, Integer.bitCount(stripes));
    int processors = Runtime.getRuntime().availableProcessors();
    assertTrue(stripes >= Math.min(ReadBuffer.MAX_STRIPES, 4 * processors));
    assertTrue(stripes < 8 * processors || stripes == ReadBuffer.MAX_STRIPES);
  }
}
