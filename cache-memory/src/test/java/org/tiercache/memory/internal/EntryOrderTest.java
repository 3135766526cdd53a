package org.tiercache.memory.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tiercache.memory.internal.Nodes.accessOrder;
import static org.tiercache.memory.internal.Nodes.node;
import static org.tiercache.memory.internal.Nodes.writeOrder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The two orders, with access order kept in arrays of places that are handed back and reused: a
 * place reused by a new node never lets a read of the dead one move the new one, and the orders
 * match a model through growth, unlinks and reuse.
 */
final class EntryOrderTest {
  @Test
  void aReadOfADeadNodeDoesNotMoveTheNodeThatTookItsPlace() {
    EntryOrder order = new EntryOrder();
    Node a = node(1);
    Node b = node(2);
    Node c = node(3);
    order.linkLast(a);
    order.linkLast(b);
    order.unlink(a);
    order.linkLast(c); // takes the place a gave back
    assertFalse(EntryOrder.isLinked(a));
    order.recordAccess(a); // a read of a, buffered before it died
    assertEquals(List.of(b, c), accessOrder(order));
    order.recordAccess(b);
    assertEquals(List.of(c, b), accessOrder(order));
    int run = order.newRun();
    assertFalse(order.firstMarkInRun(a, run), "a dead node's reads are not kept");
    assertTrue(order.firstMarkInRun(c, run));
    assertFalse(order.firstMarkInRun(c, run), "only the first mark in a run counts");
    assertTrue(order.firstMarkInRun(c, order.newRun()), "a new run forgets the marks");
  }

  @Test
  void bothOrdersMatchAModelThroughGrowthUnlinksAndReuse() {
    SplittableRandom random = new SplittableRandom(11);
    EntryOrder order = new EntryOrder();
    LinkedHashSet<Node> access = new LinkedHashSet<>();
    List<Node> writes = new ArrayList<>();
    for (int step = 0; step < 20_000; step++) {
      int dice = random.nextInt(10);
      if (dice < 3 || access.isEmpty()) {
        Node n = node(step);
        order.linkLast(n);
        access.add(n);
        writes.add(n);
      } else if (dice < 5) {
        Node victim = order.leastRecentlyUsed();
        assertSame(access.iterator().next(), victim);
        order.unlink(victim);
        access.remove(victim);
        writes.remove(victim);
      } else {
        Node read = writes.get(random.nextInt(writes.size()));
        order.recordAccess(read);
        access.remove(read);
        access.add(read);
      }
    }
    assertTrue(access.size() > 100, "grew past its first arrays: " + access.size());
    assertEquals(new ArrayList<>(access), accessOrder(order));
    assertEquals(writes, writeOrder(order));
    order.unlinkAll();
    assertNull(order.leastRecentlyUsed());
    assertNull(order.oldestWrite());
    for (Node n : writes) {
      assertFalse(EntryOrder.isLinked(n));
    }
  }
}
