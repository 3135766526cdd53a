package org.tiercache.memory.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.tiercache.api.ContentKey;

/**
 * Nodes made as the tier makes them, and the orders an {@link EntryOrder} holds, read back as lists:
 * the setup the tests of the tier's internals share.
 */
final class Nodes {
  private Nodes() {}

  /** A node whose content is {@code i}'s four bytes, under its SHA-256 key, written at time 0. */
  static Node node(int i) {
    byte[] content = ByteBuffer.allocate(4).putInt(i).array();
    ContentKey key = ContentKey.sha256(content);
    return new Node(key, content, 0L, NodeTable.spread(key.hashCode()));
  }

  /** New nodes {@code node(first)}, {@code node(first + 1)}... linked last into {@code order}. */
  static List<Node> linked(EntryOrder order, int first, int count) {
    List<Node> nodes = new ArrayList<>(count);
    for (int i = first; i < first + count; i++) {
      Node n = node(i);
      order.linkLast(n);
      nodes.add(n);
    }
    return nodes;
  }

  /** The nodes from least to most recently used. */
  static List<Node> accessOrder(EntryOrder order) {
    List<Node> nodes = new ArrayList<>();
    for (Node n = order.leastRecentlyUsed(); n != null; n = order.moreRecentlyUsed(n)) {
      nodes.add(n);
    }
    return nodes;
  }

  /** The nodes from oldest to newest write. */
  static List<Node> writeOrder(EntryOrder order) {
    List<Node> nodes = new ArrayList<>();
    for (Node n = order.oldestWrite(); n != null; n = n.writeNext) {
      nodes.add(n);
    }
    return nodes;
  }
}
