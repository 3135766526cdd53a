/**
 * The composer: {@link TieredCache} stacks tiers, fastest first, each taking the content sizes its
 * {@link SizeRule} accepts; {@link TieredCacheSpec} is its string form. This page holds the rules a
 * stack follows.
 *
 * <p><b>Put.</b> Content goes to the first tier whose rule accepts its size and that stores it: if
 * that tier refuses it (by policy: larger than its capacity) or fails (throws), the next accepting
 * tier is tried. With {@link TieredCache.Builder#writeThrough(boolean) write-through}, it goes to
 * every accepting tier. A refusal and a failure are told apart, as
 * {@link CacheTier#put(ContentKey, byte[])} defines them:
 * <ul>
 *   <li>Content no tier accepts, or that every accepting tier refused, is refused visibly: {@code put}
 *       returns {@code false} and the stack counts a rejected put.
 *   <li>Content no tier stored because a tier failed is never reported as refused, nor as stored:
 *       {@code put} throws a {@link CacheException} naming the tier and the cause (the disk's
 *       {@code No space left on device}, the server that cannot be reached), the other failures
 *       suppressed.
 *   <li>Without write-through, a failure followed by another tier storing the content is the stack's
 *       to report: {@code put} returns {@code true}, the failure is counted and logged.
 *   <li>With write-through, the put promises the content reached every accepting tier (the
 *       persistent one, typically), so a failure of any of them fails the put even if another tier
 *       kept the content: the copies this put made are removed, so that a put that throws leaves no
 *       copy behind, and {@code put} throws.
 * </ul>
 * A put that throws counts as a rejected put. A put does not remove copies of the key from tiers it
 * skips: under a content key the content never changes, so a copy elsewhere holds the same bytes.
 *
 * <p><b>Streams.</b> {@link TieredCache#putStream(InputStream, long, DigestAlgorithm)} and
 * {@link TieredCache#openStream} move content larger than the heap through the stack. A tier that
 * does not declare {@link TierCapability#STREAMING} (a memory tier) takes content only whole, so the
 * stack holds in memory at most the largest content such a tier could take (below its rule's bound,
 * within its capacity); larger content goes only to tiers that stream (a disk tier), streamed, and so
 * do write-through copies and promotions, read back out of the tier that holds the content. The put
 * rules above hold, with one difference: the caller's stream is read once, so if the tier it streams
 * into fails (or refuses it by a policy other than its size), no later tier can be offered it, and
 * the put fails (or is refused). Tiers whose capacity is smaller than the content are skipped
 * without being asked, so their own rejected-put counts do not see it.
 *
 * <p><b>Spill.</b> With {@link TieredCache.Builder#spill(boolean) spill}, an entry an upper tier
 * evicts for room is put into the next lower tier whose rule accepts its size (skipped if that tier
 * holds the key already), instead of being lost. This needs the tier to report its evictions through
 * the {@link EvictionListener} of its {@link TierConfig}: the builder sets it on every tier it creates
 * from a provider. A tier passed in as an instance was created without it, so its evictions do not
 * spill unless the caller wires them, creating the tier with a listener that forwards to
 * {@link TieredCache#spillListener(int)}. A tier whose provider ignores the listener never spills.
 *
 * <p><b>Loading.</b> On a miss, {@link TieredCache#get(ContentKey, TieredCache.Loader)} runs the
 * loader in the first caller; callers for the same key arriving while it runs wait for it and get
 * the same content. The loaded content is copied, then checked with {@link ContentKey#matches}; if
 * it matches it is put (stored if a tier takes it; content no tier takes is still returned, and
 * counted as a rejected put). Every caller of the flight (the one that ran the loader and those that
 * waited) throws a {@link CacheException} with the same message and cause, and nothing is cached,
 * when: the loader throws an exception (it is the cause; an {@link InterruptedException} also sets
 * the interrupt flag again), or the content does not match the key (no cause). Content that loaded
 * and matches but that the stack fails to store (a tier's storage failed) is still returned to every
 * caller; the failure is logged at WARN and counted as a rejected put. An {@link Error} in the
 * loader propagates to the caller that ran it and is the cause of the waiters' exceptions. A waiter
 * interrupted while waiting throws a {@code CacheException} with its interrupt flag set.
 *
 * <p><b>Removal.</b> A {@code remove} or {@code clear} does not fence off the copies the stack makes
 * on its own: a promotion (a {@code get} or {@code openStream} that read the key in a lower tier
 * before the remove and copies it up after), the put of a loader's content (loaded before the
 * remove, stored after) and a spill (an upper tier evicting the key as it is removed) can each bring
 * a removed key back into a tier. What comes back is still the right content for its key, since a
 * key's content never changes; a caller that needs the key gone removes it again once those reads
 * and loads have returned.
 *
 * <p><b>Ages.</b> A promoted or spilled copy is a new put into its tier, so its time to live there
 * counts from the promotion or spill, as in the original cache and in Ehcache's tiers. Through the
 * stack an entry can therefore outlive the TTL of the tier it was first put into.
 *
 * <p><b>Failures of other operations.</b> {@code get} and {@code openStream} take a tier that throws
 * for a miss in that tier; {@code contains} treats it as not holding the key; {@code evictExpired}
 * and promotions skip it (each failure counted in {@link TierReport#failures()} and logged at WARN
 * once per streak of failures). {@code remove}, {@code clear} and {@code close} go through every tier
 * even if one throws, then throw a {@link CacheException} for the first failure with the others
 * suppressed, since the caller must learn that content may remain. {@code sizeBytes},
 * {@code entryCount}, {@code capacityBytes} and {@code stats} ask the tiers directly and let their
 * failures through.
 *
 * <p><b>Figures.</b>
 * <table>
 *   <caption>What the stack's figures mean</caption>
 *   <tr><th>figure</th><th>meaning</th></tr>
 *   <tr><td>{@code stats().hits()} / {@code misses()}</td><td>the stack's own: gets and
 *       {@code openStream}s (including the first look of {@code get(key, loader)}) that any tier
 *       answered / that no tier answered</td></tr>
 *   <tr><td>{@code stats().puts()} / {@code rejectedPuts()}</td><td>the stack's own: callers' puts,
 *       streamed or not (and loads stored), that some tier took / that no tier took or that failed;
 *       promotions, spills and write-through copies of a stream are not callers' puts and are
 *       counted by the receiving tier only</td></tr>
 *   <tr><td>{@code stats().evictions()} / {@code expirations()}</td><td>the sums over the tiers; an
 *       entry spilled down counts as an eviction of the tier it left</td></tr>
 *   <tr><td>{@code sizeBytes()}, {@code entryCount()}</td><td>the sums over the tiers; content held
 *       by two tiers (promoted, written through) counts twice, as it takes room twice</td></tr>
 *   <tr><td>{@code capacityBytes()}</td><td>the sum over the tiers (saturating at
 *       {@link Long#MAX_VALUE}), so {@code sizeBytes() <= capacityBytes()} holds; one entry still
 *       has to fit a single accepting tier</td></tr>
 *   <tr><td>{@link TieredCache#tierStats()}</td><td>each tier's own statistics and failure count; a
 *       copy read back out of a tier (write-through of a stream, promotion of a large streamed hit)
 *       counts as a get there</td></tr>
 * </table>
 */
package org.tiercache.tiered;

import java.io.InputStream;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.EvictionListener;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;
