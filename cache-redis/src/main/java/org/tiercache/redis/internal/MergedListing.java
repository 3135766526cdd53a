package org.tiercache.redis.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Spliterator;
import java.util.function.Consumer;
import org.tiercache.api.EntryInfo;

/**
 * The listing of a namespace of many shards: each shard's {@link Listing}, in write-time order,
 * merged into one, oldest write first (ties by key text), so that a sharded namespace lists as one
 * of a single shard does. Each shard's pages are fetched as its listing is consumed: one page of
 * each before the first entry, then one at a time.
 */
final class MergedListing implements Spliterator<EntryInfo> {
  private static final Comparator<Head> ORDER = Comparator
      .comparing((Head head) -> head.entry.writeTime())
      .thenComparing(head -> head.entry.key().toString());

  // A shard's next entry, and the listing it came from.
  private static final class Head {
    final Spliterator<EntryInfo> rest;
    EntryInfo entry;

    Head(Spliterator<EntryInfo> rest) {
      this.rest = rest;
    }

    // Moves on to the shard's next entry; false when the shard is listed.
    boolean advance() {
      return rest.tryAdvance(next -> entry = next);
    }
  }

  private final List<Spliterator<EntryInfo>> shards;
  private PriorityQueue<Head> heads;

  MergedListing(List<Spliterator<EntryInfo>> shards) {
    this.shards = new ArrayList<>(shards);
  }

  @Override
  public boolean tryAdvance(Consumer<? super EntryInfo> action) {
    if (heads == null) {
      heads = new PriorityQueue<>(ORDER);
      for (Spliterator<EntryInfo> shard : shards) {
        Head head = new Head(shard);
        if (head.advance()) {
          heads.add(head);
        }
      }
    }
    Head first = heads.poll();
    if (first == null) {
      return false;
    }
    action.accept(first.entry);
    if (first.advance()) {
      heads.add(first);
    }
    return true;
  }

  /** Returns {@code null}: the pages come one after another, never in parallel. */
  @Override
  public Spliterator<EntryInfo> trySplit() {
    return null;
  }

  @Override
  public long estimateSize() {
    return Long.MAX_VALUE;
  }

  @Override
  public int characteristics() {
    return NONNULL;
  }
}
