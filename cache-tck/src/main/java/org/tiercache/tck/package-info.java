/**
 * The compatibility kit's contract suites: abstract JUnit Jupiter classes that check a
 * {@link org.tiercache.api.CacheTier} against the rules every tier must meet, one suite per rule
 * group, each test named after the rule it checks.
 *
 * <ul>
 *   <li>{@link org.tiercache.tck.StoreContract}: exact bytes, isolation from callers' arrays and
 *       buffers, {@code null} arguments, miss, replace, remove, clear, close.
 *   <li>{@link org.tiercache.tck.LruContract}: least recently used first; get and put are uses,
 *       contains is not; no more evicted than needed; agreement with a reference LRU.
 *   <li>{@link org.tiercache.tck.TtlContract}: live while age &lt; TTL, expired at age == TTL;
 *       re-put renews, get does not; evict-expired; expired reclaimed before live entries.
 *   <li>{@link org.tiercache.tck.SizeContract}: the bound, exact accounting, oversize refused,
 *       empty content.
 *   <li>{@link org.tiercache.tck.StatsContract}: counters agree with what happened.
 *   <li>{@link org.tiercache.tck.EvictionListenerContract}: the eviction listener hears exactly the
 *       entries evicted for room, with their content, outside the tier's locks; skipped for a tier
 *       that ignores its listener, unless its test says it promises one
 *       ({@link org.tiercache.tck.TierContract#promisesEvictionListener()}).
 *   <li>{@link org.tiercache.tck.ModelContract}: seeded random sequences of every operation against
 *       a reference model, every observable compared after every step, failures shrunk to a short
 *       reproducer.
 *   <li>{@link org.tiercache.tck.ConcurrencyContract}: never wrong bytes, exact accounting and
 *       counters, the bound kept while puts run, with threads that really overlap.
 *   <li>{@link org.tiercache.tck.LinearizabilityContract}: operations from two threads give only
 *       outcomes some order of them gives on the kit's reference model, checked by lincheck's
 *       model checker (deterministic; needs lincheck on the test class path; not in the runner).
 *   <li>{@link org.tiercache.tck.PersistenceContract}: close and reopen, for tiers that declare
 *       {@link org.tiercache.api.TierCapability#PERSISTENT}; skipped for the others.
 *   <li>{@link org.tiercache.tck.CrashContract}: a writing process killed at any moment leaves only
 *       whole entries, and keeps what its returned calls did, for persistent tiers.
 *   <li>{@link org.tiercache.tck.OwnershipContract}: a tier with a storage folder touches only what
 *       it made there: files it did not make survive, links are never followed. Its hook,
 *       {@link org.tiercache.tck.OwnershipContract#storageFolder()}, names the folder; a tier
 *       without one is skipped.
 *   <li>{@link org.tiercache.tck.ListingContract}: {@code entries()} lists exactly the live entries
 *       with their sizes and write times, never expired ones, is not a use and counts nothing, and
 *       survives changes made while it runs, for tiers that declare
 *       {@link org.tiercache.api.TierCapability#LISTING}; the others must throw
 *       {@link java.lang.UnsupportedOperationException}.
 * </ul>
 *
 * <p><b>Checking a tier of your own.</b> Extend each suite in your tests and implement the one
 * factory hook, {@link org.tiercache.tck.TierContract#createTier}. JUnit instantiates the subclass,
 * so it has no constructor arguments:
 *
 * <pre>{@code
 * final class MyTierLruTest extends LruContract {
 *   @Override
 *   protected CacheTier createTier(TierConfig config) {
 *     return new MyTier(config);
 *   }
 * }
 * }</pre>
 *
 * <p>The configuration carries the capacity, the time to live and the suite's
 * {@link org.tiercache.tck.ManualClock}; the tier must measure ages with that clock, since the
 * suites move it instead of sleeping. A tier that keeps storage outside the process adds its own
 * settings, pointing at a fresh location per test, and must open the same storage again for an
 * equal configuration within a test (that is how the persistence suite reopens it):
 *
 * <pre>{@code
 * final class MyDiskTierPersistenceTest extends PersistenceContract {
 *   @TempDir Path dir;
 *
 *   @Override
 *   protected CacheTier createTier(TierConfig config) {
 *     return new MyDiskTier(config.toBuilder().set("dir", dir.toString()).build());
 *   }
 * }
 * }</pre>
 *
 * <p>Alternatively, run {@link org.tiercache.tck.runner.TckRunner} with the tier's provider on the module
 * path: it runs every suite against every provider it finds and prints a table.
 */
package org.tiercache.tck;
