package org.tiercache.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.DigestInputStream;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.tiercache.api.internal.ByteBufferInputStream;

/**
 * One level of a cache of immutable content, keyed by the content's digest: memory, a disk folder, a
 * shared server, or a stack of these.
 *
 * <p><b>Contract</b> (checked by the compatibility kit, {@code org.tiercache.tck}):
 * <ul>
 *   <li><b>Store.</b> {@link #get} returns exactly the bytes that were put. Content is copied in
 *       (except by {@link #putOwned}, whose caller hands the array over), and handed out as read-only
 *       views, so no caller can change what the tier holds.
 *   <li><b>Bound.</b> Once a put returns, {@link #sizeBytes()} is at most {@link #capacityBytes()}.
 *       Content larger than the capacity is refused, counted as a rejected put, and evicts nothing.
 *   <li><b>LRU.</b> When room is needed, expired entries go first, then live entries least recently
 *       used first, and no more than needed. {@code get} and {@code put} are uses; {@code contains} is
 *       not. The order is exact for any sequence of calls made from one thread; under concurrency a
 *       tier may approximate it (as Caffeine's read buffers do), never breaking the bound.
 *   <li><b>TTL.</b> With a time to live, an entry is live while its age (time since its last put, on
 *       the tier's {@link CacheClock}) is less than the TTL and expired from the moment it equals it. A
 *       re-put renews the entry; a get does not.
 * </ul>
 *
 * <p>Implementations are thread-safe. Keys are {@link ContentKey}s, validated digests, so no key can
 * name a path outside a tier's storage. A tier does not check content against its key on put: it
 * trusts the caller as a map would (checking costs a digest per put); tiers that read content back
 * from storage may verify it.
 *
 * <p>Arguments are never {@code null}: a {@code null} raises {@link NullPointerException}. Failures of
 * the tier's storage raise {@link CacheException}.
 *
 * <p><b>Refused or failed.</b> A put answers {@code false} only when the tier <em>refuses</em> the
 * content by its own policy: it is larger than the capacity, or the tier is configured to refuse
 * writes when full (a server with a no-eviction policy). A put that could not store content the tier
 * would have taken, because its storage failed (an I/O error, a full disk, a server that cannot be
 * reached), throws a {@link CacheException} whose cause is the failure and whose message names the
 * tier's storage (its folder, its server). The difference matters to a stack of tiers: a refusal sends
 * the content on to the next tier, a failure is reported to the caller, never taken for a refusal.
 *
 * @since 0.1
 */
public interface CacheTier extends AutoCloseable {

  /**
   * Returns the id of the provider that made this tier, such as {@code memory} or {@code disk}.
   *
   * @return the tier's id, never {@code null}
   */
  String id();

  /**
   * Returns the live content stored under a key, as a read-only buffer from position 0 to the
   * content's length. A hit is a use (it refreshes recency); it does not renew the time to live.
   *
   * <p>The buffer is a view, not a copy: fetching it costs the same for any size. Use
   * {@link #getBytes} for an array of one's own.
   *
   * <p>A buffer holds at most {@code Integer.MAX_VALUE - 8} bytes (about 2 GiB). Content larger than
   * that, which only a tier that declares {@link TierCapability#STREAMING} can hold, is read with
   * {@link #openStream}; {@code get} throws for it instead of returning it, counting neither a hit
   * nor a miss and leaving its recency as it was.
   *
   * @param key the key to look up
   * @return the content, or {@code null} if absent or expired
   * @throws NullPointerException if {@code key} is {@code null}
   * @throws CacheException if the tier's storage fails, or if the content is larger than a buffer
   *     holds (the message says so; read it with {@link #openStream})
   */
  ByteBuffer get(ContentKey key);

  /**
   * Returns a copy of the live content stored under a key.
   *
   * @implSpec Calls {@link #get} and copies the view it returns into a new array: one copy of the
   *     content, which is what the caller asked for. A tier that must read its content from storage
   *     anyway may read it straight into the array it returns.
   *
   * @param key the key to look up
   * @return a new array holding the content, or {@code null} if absent or expired
   * @throws NullPointerException if {@code key} is {@code null}
   */
  default byte[] getBytes(ContentKey key) {
    ByteBuffer content = get(key);
    if (content == null) {
      return null;
    }
    byte[] copy = new byte[content.remaining()];
    content.get(copy);
    return copy;
  }

  /**
   * Stores content under a key, replacing any entry the key had and renewing its time to live. The
   * content is copied; the caller may reuse the array.
   *
   * @param key the key, which should be the content's digest
   * @param content the content; may be empty
   * @return {@code true} if the content is now held; {@code false} only if the tier refused it by
   *     policy (larger than the capacity, or a tier configured to refuse writes when full), in which
   *     case nothing was evicted and any entry the key already had is left as it was
   * @throws NullPointerException if an argument is {@code null}
   * @throws CacheException if the tier's storage fails (I/O error, full disk, unreachable server),
   *     with the failure as cause and a message naming the storage; the tier is left usable and
   *     holds no part of the content
   */
  boolean put(ContentKey key, byte[] content);

  /**
   * Stores a buffer's remaining bytes under a key, as {@link #put(ContentKey, byte[])} does. The
   * buffer's position is not moved. A stack of tiers promotes and spills content with this method,
   * handing on the read-only view another tier returned.
   *
   * @implSpec Copies the remaining bytes into a new array and calls
   *     {@link #put(ContentKey, byte[])}, which copies them again if the tier copies its argument
   *     (as {@code put} must, the caller owning the array): two copies of the content. A tier that
   *     keeps content in the heap should override this to copy once; one that writes it elsewhere (a
   *     file, a socket) to write the buffer as it is, with no copy in the heap.
   *
   * @param key the key, which should be the content's digest
   * @param content the content
   * @return {@code true} if the content is now held; {@code false} only if the tier refused it by
   *     policy
   * @throws NullPointerException if an argument is {@code null}
   * @throws CacheException if the tier's storage fails, as {@link #put(ContentKey, byte[])} does
   */
  default boolean put(ContentKey key, ByteBuffer content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    byte[] copy = new byte[content.remaining()];
    content.duplicate().get(copy);
    return put(key, copy);
  }

  /**
   * Returns the live content stored under each of several keys: what {@link #get} would return for
   * each, in one call, so that a tier across a network fetches them in one round trip rather than
   * one per key. Each distinct key found is a use, in the order of {@code keys}, and is counted as a
   * hit, each one missing as a miss, exactly as the same calls of {@code get} would.
   *
   * @implSpec Calls {@link #get} for each distinct key in the order of {@code keys}, and keeps the
   *     hits. A tier whose storage is across a network overrides this to fetch all of them at once,
   *     with the same outcome.
   *
   * @param keys the keys to look up; may be empty; a key given twice is looked up once
   * @return a new map from each key found to its content (a read-only view, as {@link #get}
   *     returns it), in the order of {@code keys}; keys absent or expired are not in it
   * @throws NullPointerException if {@code keys} or any key in it is {@code null}, before any key
   *     is looked up
   * @since 0.2
   */
  default Map<ContentKey, ByteBuffer> getAll(Collection<ContentKey> keys) {
    Objects.requireNonNull(keys, "keys must not be null");
    Set<ContentKey> distinct = new LinkedHashSet<>();
    for (ContentKey key : keys) {
      distinct.add(Objects.requireNonNull(key, "key must not be null"));
    }
    Map<ContentKey, ByteBuffer> found = new LinkedHashMap<>();
    for (ContentKey key : distinct) {
      ByteBuffer content = get(key);
      if (content != null) {
        found.put(key, content);
      }
    }
    return found;
  }

  /**
   * Stores several contents, each under its key: what {@link #put(ContentKey, byte[])} would do
   * for each entry, in the map's order, in one call, so that a tier across a network stores them in
   * one round trip rather than one per entry. Each put is a use, counted and bounded as
   * {@code put} is; each is atomic on its own, the whole is not.
   *
   * @implSpec Calls {@link #put(ContentKey, byte[])} for each entry in the map's iteration order.
   *     A tier whose storage is across a network overrides this to send all of them at once, with
   *     the same outcome.
   *
   * @param entries the contents by key (each key should be its content's digest); may be empty;
   *     the arrays are copied, as {@code put} copies them
   * @return a new map from each key to whether its content is now held ({@code false} only if the
   *     tier refused it by policy, as {@code put} answers), in the order of {@code entries}
   * @throws NullPointerException if {@code entries}, a key or a content is {@code null}, before
   *     anything is stored
   * @throws CacheException if the tier's storage fails, as {@code put} does; entries before the
   *     one that failed may be stored
   * @since 0.2
   */
  default Map<ContentKey, Boolean> putAll(Map<ContentKey, byte[]> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
    entries.forEach((key, content) -> {
      Objects.requireNonNull(key, "key must not be null");
      Objects.requireNonNull(content, () -> "content of " + key + " must not be null");
    });
    Map<ContentKey, Boolean> stored = new LinkedHashMap<>();
    for (Map.Entry<ContentKey, byte[]> entry : entries.entrySet()) {
      stored.put(entry.getKey(), put(entry.getKey(), entry.getValue()));
    }
    return stored;
  }

  /**
   * Stores content under a key as {@link #put(ContentKey, byte[])} does, handing the array over:
   * the caller gives up the array and never changes it again, so a tier that keeps content in the
   * heap may keep this very array instead of a copy. For content made for the cache and used for
   * nothing else, such as an array just read from a file or a socket, this saves a copy of the
   * content and the garbage it leaves. Changing the array after the call may change what the tier
   * serves, and is the caller's error; the tier itself never changes it.
   *
   * @implSpec Calls {@link #put(ContentKey, byte[])}, which copies: correct for every tier, and
   *     what a tier that keeps content outside the heap needs anyway. A tier that keeps content in
   *     the heap overrides this to keep the array; a composer to hand it on to its tiers.
   *
   * @param key the key, which should be the content's digest
   * @param content the content, which the caller must not change from now on; may be empty
   * @return {@code true} if the content is now held; {@code false} only if the tier refused it by
   *     policy, as for {@link #put(ContentKey, byte[])}
   * @throws NullPointerException if an argument is {@code null}
   * @throws CacheException if the tier's storage fails, as {@link #put(ContentKey, byte[])} does
   * @since 0.2
   */
  default boolean putOwned(ContentKey key, byte[] content) {
    return put(key, content);
  }

  /**
   * Opens a stream over the live content stored under a key. It counts as a get. Tiers that declare
   * {@link TierCapability#STREAMING} serve it without holding the content in memory.
   *
   * @implSpec Streams the read-only view {@link #get} returns: no copy, but the whole content is in
   *     memory while the stream is open, as it is for {@code get}. A tier that keeps content outside
   *     the heap overrides this to read it as the stream is read, and declares
   *     {@link TierCapability#STREAMING}.
   *
   * @param key the key to look up
   * @return a stream of the content, which the caller closes, or {@code null} if absent or expired
   * @throws NullPointerException if {@code key} is {@code null}
   */
  default InputStream openStream(ContentKey key) {
    ByteBuffer content = get(key);
    return content == null ? null : new ByteBufferInputStream(content);
  }

  /**
   * Reads a stream to its end and stores what it read under the key it computes on the way: the
   * streaming counterpart of {@link #openStream}. Unlike {@link #put(ContentKey, byte[])}, the caller
   * does not know the key; it is in the result. The stream is not closed. Tiers that declare
   * {@link TierCapability#STREAMING} do this without holding the content in memory.
   *
   * @implSpec Reads the whole stream into an array, digesting it (memory in proportion to the
   *     content: a stream larger than the heap fails with {@link OutOfMemoryError}), then calls
   *     {@link #put(ContentKey, byte[])}, which copies the array again if the tier copies its
   *     argument. A tier that keeps content in the heap should override this to keep the array it
   *     read (one copy); one that keeps content elsewhere, to write the stream as it reads it, and
   *     declare {@link TierCapability#STREAMING}.
   *
   * @param content the content to store
   * @param algorithm the digest algorithm of the key
   * @return the key of the content and whether it was stored ({@code false} only for a refusal by
   *     policy, as for {@link #put(ContentKey, byte[])})
   * @throws NullPointerException if an argument is {@code null}
   * @throws CacheException if reading the stream or writing the tier fails; the tier then holds no
   *     part of the content
   * @since 0.2
   */
  default PutResult putStream(InputStream content, DigestAlgorithm algorithm) {
    Objects.requireNonNull(content, "content must not be null");
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    DigestInputStream digesting = new DigestInputStream(content, algorithm.newDigest());
    byte[] bytes;
    try {
      bytes = digesting.readAllBytes();
    } catch (IOException e) {
      throw new CacheException("reading content to put into tier '" + id() + "' failed", e);
    }
    ContentKey key = ContentKey.ofDigest(algorithm, digesting.getMessageDigest().digest());
    return new PutResult(key, put(key, bytes));
  }

  /**
   * Removes the entry for a key, if any.
   *
   * @param key the key to remove
   * @return {@code true} if a live entry was removed
   * @throws NullPointerException if {@code key} is {@code null}
   */
  boolean remove(ContentKey key);

  /**
   * Tells whether a live entry exists for a key. This is not a use: it changes neither recency nor
   * the hit and miss counts.
   *
   * @param key the key to look for
   * @return {@code true} if the tier holds live content for the key
   * @throws NullPointerException if {@code key} is {@code null}
   */
  boolean contains(ContentKey key);

  /**
   * Lists the live entries, with each one's key, size and write time, lazily: for an operator's
   * listing, a check of every entry, or an export. Listing is not a use: it changes neither recency
   * nor any count in {@link #stats()}, and reclaims nothing.
   *
   * <p><b>Weakly consistent</b>, as the iterators of {@code ConcurrentHashMap} and JCache's
   * {@code Cache.iterator()}: an entry that is live for the whole listing is listed exactly once;
   * one put, replaced, removed or expiring while the listing runs may or may not be; an entry
   * already expired when the listing reaches it is not. Calls made while the listing runs go on as
   * usual, and the listing never throws {@code ConcurrentModificationException} for them. No order
   * is promised.
   *
   * <p>The stream may hold resources (a cursor on a server, a snapshot of an index): close it, as
   * {@code Files.list} asks, with try-with-resources. Each {@link EntryInfo#tier()} is this tier's
   * {@link #id()}, or for a stack, the name of the tier within it.
   *
   * @implSpec Throws {@link UnsupportedOperationException} naming the tier, so a tier that cannot
   *     list says so rather than listing nothing. A tier that can list overrides this and declares
   *     {@link TierCapability#LISTING}; the compatibility kit holds a tier that declares it to this
   *     contract, and one that does not to throwing.
   *
   * @return the live entries, never {@code null}; close it when done
   * @throws UnsupportedOperationException if the tier does not declare {@link TierCapability#LISTING}
   * @throws CacheException if the tier's storage fails, when the listing starts or, from the
   *     stream's terminal operation, while it runs
   * @since 0.2
   */
  default Stream<EntryInfo> entries() {
    throw new UnsupportedOperationException("tier '" + id() + "' cannot list its entries (it does"
        + " not declare the LISTING capability)");
  }

  /** Removes every entry. Counters in {@link #stats()} keep their values. */
  void clear();

  /**
   * Removes every expired entry now, rather than waiting for room to be needed.
   *
   * @return how many entries were removed
   */
  long evictExpired();

  /**
   * Returns the bytes of content held, which never exceeds {@link #capacityBytes()} once a put has
   * returned.
   *
   * @return the size in bytes
   */
  long sizeBytes();

  /**
   * Returns the number of entries held. Expired entries not yet reclaimed may be counted until
   * {@link #evictExpired()} runs or room is needed.
   *
   * @return the entry count
   */
  long entryCount();

  /**
   * Returns the most bytes of content this tier holds.
   *
   * @return the capacity in bytes
   */
  long capacityBytes();

  /**
   * Returns a snapshot of this tier's counters and occupancy.
   *
   * @return the statistics, never {@code null}
   */
  TierStats stats();

  /**
   * Returns this tier's counters added up over every instance that has used its store, where
   * {@link #stats()} counts only since this instance opened: for a persistent tier, every instance
   * that opened its storage (in this process and others, one after another); for a shared tier,
   * every client of its namespace. A tier reopened on the same storage goes on from the counts of
   * the one closed, so that every user of the store (a service, a one-shot command, a dashboard)
   * sees the same figures, kept by the tier itself rather than by each of them.
   *
   * <p>Each counter is at least this instance's in {@link #stats()}, and grows with the same
   * events: a get that counts a hit there counts one here. A tier keeps the counts of the last
   * moments only in memory and writes them in batches, so a process killed outright may lose the
   * counts it made since its last write (each tier says how many at most); a clean
   * {@link #close()} writes them. Counters of another process using the same store show here once
   * that process has written them.
   *
   * <p>Cheap enough for a dashboard, not for every request: a tier may read its store for it.
   *
   * @implSpec Returns empty: a tier whose counters die with it (one in memory) has none but
   *     {@link #stats()}. A tier that keeps its counts with its entries overrides this; the
   *     compatibility kit checks that it agrees with {@link #stats()} and, for a persistent tier,
   *     that a reopened instance still has the closed one's counts.
   *
   * @return the counters added up over the store's life and since when they are counted, or empty
   *     if the tier keeps no counters beyond this instance's
   * @since 0.2
   */
  default Optional<LifetimeStats> lifetimeStats() {
    return Optional.empty();
  }

  /**
   * Returns what this tier declares about itself.
   *
   * @implSpec Returns the empty set: a plain in-process tier, neither persistent, shared nor
   *     streaming. Costs nothing.
   *
   * @return the capabilities, never {@code null}; empty for a plain in-process tier
   */
  default Set<TierCapability> capabilities() {
    return Set.of();
  }

  /**
   * Returns whether this tier can do its work now, with the cause and since when if it cannot fully:
   * a server that cannot be reached, a folder deleted under a disk tier, a store that repaired
   * damage. A composer reports a stack's health from its tiers' answers.
   *
   * <p>The answer is what the tier knows from its last calls; it does not probe its storage, so it
   * is cheap to call as often as a health endpoint or a dashboard asks. A tier that found its
   * storage unusable says so until a call succeeds again.
   *
   * @implSpec Returns {@link TierHealth#UP}: a plain in-process tier has no storage that can fail.
   *     A tier whose storage can fail overrides it. Costs nothing.
   *
   * @return the health, never {@code null}
   * @since 0.2
   */
  default TierHealth health() {
    return TierHealth.UP;
  }

  /**
   * Releases the tier's resources. A persistent tier makes its entries durable first. Calls after
   * close are undefined except further calls to close, which do nothing.
   *
   * @throws CacheException if the tier cannot be closed cleanly
   */
  @Override
  void close();
}
