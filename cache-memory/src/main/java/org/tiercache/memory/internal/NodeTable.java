package org.tiercache.memory.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.tiercache.api.ContentKey;

/**
 * Key to node: an open-addressing hash table (linear probing) whose slots hold the {@link Node}s
 * themselves, written by one thread at a time and read by any number without a lock.
 *
 * <p><b>Why not a {@code ConcurrentHashMap}.</b> A {@code ConcurrentHashMap} wraps each value in a
 * node of its own (32 bytes per entry) that a lookup must load between the table and the value: one
 * more dependent cache miss on every hit of a large tier. Here a lookup loads the table slot and the
 * node, and compares the key by identity or by the hash the node keeps before it reads the stored
 * key. The tier's writes are already serialised by its lock, which is what makes this table simple:
 * no writer ever races another.
 *
 * <p><b>Concurrency.</b> Every mutating method is called with the tier's lock held (the single
 * writer). A reader loads {@link #table} (volatile) and then each slot with acquire semantics; a
 * writer fills a slot with release semantics only after the node is complete, and publishes a new
 * table, built privately, with a volatile write. A removed node's slot becomes {@link #REMOVED} (a
 * tombstone) rather than {@code null}, so a reader probing past it still reaches the keys behind;
 * slots are never moved within a table, so a reader never misses a key that was in the table for the
 * whole of its lookup. A reader still on a table that was replaced sees that table's last state,
 * which is the state of a moment within its lookup: lookups are linearizable.
 *
 * <p>The table is resized (rebuilt without tombstones) when live nodes and tombstones together fill
 * half its slots, to four times the live count, so probes stay short and the cost of a rebuild is
 * amortised over at least as many writes as it moves.
 */
final class NodeTable {
  /** The tombstone of a removed node: never equal to a key looked up, never handed out. */
  private static final Node REMOVED = new Node(null, new byte[0], 0L, 0);

  private static final int MIN_CAPACITY = 16;
  /** The most live nodes: a rebuild sizes the table to four times them, at most 2^30 slots. */
  static final int MAX_NODES = 1 << 28;
  private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Node[].class);

  /** Power-of-two length. Replaced (never resized in place) by the writer; read by anyone. */
  private volatile Node[] table = new Node[MIN_CAPACITY];

  // Writer-only (guarded by the tier's lock): live nodes, and slots that are not null (live or
  // tombstone) in the current table.
  private int live;
  private int used;

  /** Spreads the key's hash; the digest-derived hash is uniform already, its high bits are mixed in. */
  static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  /**
   * Returns the node of a key, or {@code null}; lock-free, callable from any thread.
   *
   * @param key the key
   * @param hash {@code spread(key.hashCode())}
   */
  Node get(ContentKey key, int hash) {
    Node[] slots = table;
    int mask = slots.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Node node = (Node) SLOTS.getAcquire(slots, i);
      if (node == null) {
        return null;
      }
      if (node.key == key || (node.hash == hash && node != REMOVED && key.equals(node.key))) {
        return node;
      }
    }
  }

  /**
   * Makes sure the next {@link #put} finds room, rebuilding the table if it is half full. Called
   * before the tier changes anything for a put, so that a table at its limit refuses the put
   * before the tier's orders and counts are touched. Call with the tier's lock held.
   *
   * @throws IllegalStateException if the table holds {@link #MAX_NODES} nodes already
   */
  void reserveOne() {
    if (used + 1 > table.length >>> 1) {
      if (live >= MAX_NODES) {
        throw new IllegalStateException("the memory tier holds " + live
            + " entries, the most it can: remove some or use a smaller capacity");
      }
      rebuild(live + 1);
    }
  }

  /**
   * Puts a node in the place of its key's node, if any. Call with the tier's lock held, after
   * {@link #reserveOne()}.
   *
   * @param node a complete node, linked in the tier's orders already
   * @return the node it replaced, or {@code null}
   */
  Node put(Node node) {
    Node[] slots = table;
    int mask = slots.length - 1;
    int free = -1;
    for (int i = node.hash & mask; ; i = (i + 1) & mask) {
      Node present = slots[i];
      if (present == null) {
        if (free < 0) {
          free = i;
          used++;
        }
        SLOTS.setRelease(slots, free, node);
        live++;
        return null;
      }
      if (present == REMOVED) {
        if (free < 0) {
          free = i;
        }
      } else if (present.hash == node.hash && present.key.equals(node.key)) {
        SLOTS.setRelease(slots, i, node);
        return present;
      }
    }
  }

  /**
   * Removes this very node, if the table holds it. Call with the tier's lock held.
   *
   * @return whether it was held
   */
  boolean remove(Node node) {
    Node[] slots = table;
    int mask = slots.length - 1;
    for (int i = node.hash & mask; ; i = (i + 1) & mask) {
      Node present = slots[i];
      if (present == null) {
        return false;
      }
      if (present == node) {
        SLOTS.setRelease(slots, i, REMOVED);
        live--;
        return true;
      }
    }
  }

  /** Empties the table, giving the memory of a large one back. Call with the tier's lock held. */
  void clear() {
    table = new Node[MIN_CAPACITY];
    live = 0;
    used = 0;
  }

  /**
   * Returns the nodes, lazily and weakly consistent: those of the table as it is when the stream is
   * walked, each at most once, never a tombstone. Callable from any thread.
   */
  Stream<Node> nodes() {
    return StreamSupport.stream(() -> new NodeSpliterator(table),
        Spliterator.DISTINCT | Spliterator.NONNULL, false);
  }

  /** Rebuilds the table without tombstones, sized for {@code expected} live nodes. */
  private void rebuild(int expected) {
    int capacity = Integer.highestOneBit(Math.max(MIN_CAPACITY / 4, expected) * 4 - 1) << 1;
    Node[] old = table;
    Node[] slots = new Node[Math.max(MIN_CAPACITY, capacity)];
    int mask = slots.length - 1;
    int count = 0;
    for (Node node : old) {
      if (node != null && node != REMOVED) {
        int i = node.hash & mask;
        while (slots[i] != null) {
          i = (i + 1) & mask;
        }
        slots[i] = node;
        count++;
      }
    }
    table = slots; // volatile write: publishes the filled slots
    used = count;
    live = count;
  }

  /** Walks one table's slots, skipping empty ones and tombstones. */
  private static final class NodeSpliterator extends Spliterators.AbstractSpliterator<Node> {
    private final Node[] slots;
    private int index;

    NodeSpliterator(Node[] slots) {
      super(Long.MAX_VALUE, Spliterator.DISTINCT | Spliterator.NONNULL);
      this.slots = slots;
    }

    @Override
    public boolean tryAdvance(Consumer<? super Node> action) {
      Objects.requireNonNull(action, "action must not be null");
      while (index < slots.length) {
        Node node = (Node) SLOTS.getAcquire(slots, index++);
        if (node != null && node != REMOVED) {
          action.accept(node);
          return true;
        }
      }
      return false;
    }
  }

  @Override
  public String toString() {
    return "NodeTable[live=" + live + ", slots=" + table.length + ", used=" + used + "]";
  }
}
