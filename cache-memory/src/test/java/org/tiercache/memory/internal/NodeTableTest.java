package org.tiercache.memory.internal;

import static org.tiercache.memory.internal.Nodes.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tiercache.api.ContentKey;

/**
 * The memory tier's key-to-node table: lookups by equal (not only identical) keys, replacement,
 * removal past tombstones, rebuilds, and a reader that never misses a key held throughout.
 */
final class NodeTableTest {

  /** As the tier puts: room first, then the node. */
  private static Node put(NodeTable table, Node node) {
    table.reserveOne();
    return table.put(node);
  }

  private static Node find(NodeTable table, ContentKey key) {
    // A key equal to, but not the same object as, the one stored, as a caller parsing keys has.
    ContentKey equal = ContentKey.of(key.toString());
    return table.get(equal, NodeTable.spread(equal.hashCode()));
  }

  @Test
  void findsEveryNodePutThroughManyRebuilds() {
    NodeTable table = new NodeTable();
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      Node node = node(i);
      assertNull(put(table, node));
      nodes.add(node);
    }
    for (Node node : nodes) {
      assertSame(node, find(table, node.key));
    }
    assertNull(find(table, node(-1).key));
    assertEquals(5_000, table.nodes().count());
  }

  @Test
  void replacesTheNodeOfAnEqualKey() {
    NodeTable table = new NodeTable();
    Node first = node(7);
    put(table, first);
    Node second = new Node(ContentKey.of(first.key.toString()), new byte[] {1}, 5L, first.hash);
    assertSame(first, put(table, second));
    assertSame(second, find(table, first.key));
    assertEquals(List.of(second), table.nodes().collect(Collectors.toList()));
  }

  @Test
  void removesOnlyThatNodeAndKeepsFindingTheKeysProbedPastIt() {
    NodeTable table = new NodeTable();
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      nodes.add(node(i));
      put(table, nodes.get(i));
    }
    Node stranger = new Node(nodes.get(0).key, new byte[0], 0L, nodes.get(0).hash);
    assertFalse(table.remove(stranger), "an equal key's other node is not the one held");
    for (int i = 0; i < 200; i += 2) {
      assertTrue(table.remove(nodes.get(i)));
      assertFalse(table.remove(nodes.get(i)), "removed once only");
    }
    for (int i = 0; i < 200; i++) {
      Node found = find(table, nodes.get(i).key);
      if (i % 2 == 0) {
        assertNull(found, "removed " + i);
      } else {
        assertSame(nodes.get(i), found, "kept " + i);
      }
    }
    Set<Node> listed = table.nodes().collect(Collectors.toSet());
    assertEquals(100, listed.size());
    // Put back into the tombstones' places: each found once, none listed twice.
    for (int i = 0; i < 200; i += 2) {
      assertNull(put(table, nodes.get(i)));
    }
    for (Node node : nodes) {
      assertSame(node, find(table, node.key));
    }
    assertEquals(new HashSet<>(nodes), table.nodes().collect(Collectors.toSet()));
  }

  @Test
  void clearForgetsEveryNode() {
    NodeTable table = new NodeTable();
    Node node = node(1);
    put(table, node);
    table.clear();
    assertNull(find(table, node.key));
    assertEquals(0, table.nodes().count());
  }

  @Test
  void aReaderNeverMissesAKeyHeldWhileAWriterChurnsAndRebuilds() throws Exception {
    NodeTable table = new NodeTable();
    List<Node> held = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      held.add(node(i));
      put(table, held.get(i));
    }
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong misses = new AtomicLong();
    AtomicLong lookups = new AtomicLong();
    CountDownLatch started = new CountDownLatch(1);
    Thread reader = new Thread(() -> {
      started.countDown();
      do {
        for (Node node : held) {
          if (table.get(node.key, node.hash) != node) {
            misses.incrementAndGet();
          }
          lookups.incrementAndGet();
        }
      } while (!done.get());
    });
    reader.start();
    started.await();
    // The writer alone mutates (the tier's lock serialises writers): puts and removes of other keys,
    // enough to fill the table with tombstones and rebuild it many times over.
    List<Node> churn = new ArrayList<>();
    for (int round = 0; round < 200; round++) {
      for (int i = 0; i < 500; i++) {
        Node node = node(1_000 + round * 500 + i);
        put(table, node);
        churn.add(node);
      }
      for (Node node : churn) {
        table.remove(node);
      }
      churn.clear();
    }
    done.set(true);
    reader.join();
    assertEquals(0, misses.get(), "lookups of held keys that found nothing, of " + lookups.get());
    for (Node node : held) {
      assertSame(node, find(table, node.key));
    }
  }
}
