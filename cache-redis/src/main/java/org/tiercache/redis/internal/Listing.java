package org.tiercache.redis.internal;

import java.util.Collections;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.function.Consumer;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.redis.internal.Replies.ListReply;
import org.tiercache.redis.internal.Replies.Listed;

/**
 * A listing of a namespace, a page of {@code list.lua} at a time: the pages walk the write-time
 * set {@code wt} in its order, each from just after the (score, id) pair the previous one ended
 * on, so a namespace of millions is never held whole, the server keeps nothing between pages, and
 * an entry live throughout is listed exactly once. A page is fetched only when the one before is
 * used up, so a listing costs one round trip per {@link #PAGE} ids.
 */
final class Listing implements Spliterator<EntryInfo> {
  /**
   * How many ids one page looks at at most: one script over a bounded batch, so that no call
   * holds the server for long (as the reconciliation's batches).
   */
  static final int PAGE = 256;

  /** Fetches one page of the listing. */
  @FunctionalInterface
  interface Pages {
    /**
     * Returns the page that starts after the pair ({@code score}, {@code id}), or the first page
     * when both are empty.
     *
     * @throws org.tiercache.api.CacheException if the server cannot be reached or fails
     */
    ListReply after(byte[] score, byte[] id);
  }

  private static final byte[] START = new byte[0];

  private final Pages pages;
  private final String tier;
  private byte[] score = START;
  private byte[] id = START;
  private boolean lastFetched;
  private Iterator<Listed> page = Collections.emptyIterator();

  /**
   * Makes a listing that has fetched nothing yet.
   *
   * @param pages where pages come from
   * @param tier the id each entry is listed under
   */
  Listing(Pages pages, String tier) {
    this.pages = pages;
    this.tier = tier;
  }

  @Override
  public boolean tryAdvance(Consumer<? super EntryInfo> action) {
    while (true) {
      while (page.hasNext()) {
        Listed listed = page.next();
        ContentKey key;
        try {
          key = ContentKey.of(listed.id());
        } catch (IllegalArgumentException e) {
          // An id no key has (content adopted under a foreign name): not an entry anyone can get.
          continue;
        }
        action.accept(EntryInfo.of(key, listed.sizeBytes(), listed.writeEpochNanos(), tier));
        return true;
      }
      if (lastFetched) {
        return false;
      }
      ListReply reply = pages.after(score, id);
      lastFetched = reply.last();
      if (reply.id().length > 0) {
        score = reply.score();
        id = reply.id();
      }
      page = reply.entries().iterator();
    }
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
