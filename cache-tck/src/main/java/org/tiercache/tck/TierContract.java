package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.internal.EvictionRecorder;

/**
 * The base of every contract suite: it owns the clock the tiers run on, builds their
 * configurations, and closes every tier a test opened.
 *
 * <p>An implementer supplies exactly one thing, {@link #createTier(TierConfig)}. The suites decide
 * capacity, time to live and clock themselves, so that each rule is checked at the values where it
 * can break (a TTL boundary to the nanosecond, a capacity filled to the byte).
 *
 * <p>JUnit creates one instance per test method, so each test starts with a fresh {@link
 * ManualClock} at {@link ManualClock#START} and an empty list of tiers to close.
 *
 * @since 0.1
 */
public abstract class TierContract {
  private final ManualClock clock = new ManualClock();
  // Every tier the current test opened, with the configuration it was opened with, so that reopen()
  // can ask for the same storage again and closeTiers() can release everything even after a
  // failure.
  private final List<Opened> opened = new ArrayList<>();

  /** For subclasses, which JUnit instantiates through their no-argument constructor. */
  protected TierContract() {}

  /**
   * Creates the tier under test from the configuration a suite chose.
   *
   * <p>The configuration always sets a capacity and the suite's {@link #clock()}, and sets a time
   * to live where a rule needs one; the tier must honour all three. Add any setting the tier needs
   * besides them (a folder, a server address) with {@link TierConfig#toBuilder()}, e.g.
   * {@code config.toBuilder().set("dir", tempDir.toString()).build()}.
   *
   * <p>Storage: the first call in a test must open empty storage (a fresh folder per test, such as
   * a JUnit {@code @TempDir} field of the subclass). A persistent tier must open the <em>same</em>
   * storage again when called later in the same test with an equal configuration: that is how
   * {@link PersistenceContract} closes and reopens a tier. The suite closes every tier it created.
   *
   * @param config the settings; capacity and clock are always set
   * @return a new open tier, never {@code null}
   */
  protected abstract CacheTier createTier(TierConfig config);

  /**
   * Returns the time to live the TTL-related rules configure. The default, five minutes, suits any
   * tier; override it only if a tier cannot represent such a TTL. The suites move the clock by this
   * amount and by one nanosecond around it, never by sleeping.
   *
   * @return a positive duration of at least two nanoseconds
   */
  protected Duration ttlForTests() {
    return Duration.ofMinutes(5);
  }

  /**
   * Returns whether the tier under test promises to tell an {@link
   * org.tiercache.api.EvictionListener} of the entries it evicts for room.
   *
   * <p>{@link TierConfig#evictionListener()} lets a tier that cannot hand back evicted content
   * ignore the listener. So by default the kit finds out: a tier that tells its listener of no
   * eviction at all has the listener rules skipped as not applicable, while a tier that tells it of
   * anything is held to all of them. Return {@code true} for a tier documented to tell a listener, so
   * that one that stops telling fails instead of being skipped.
   *
   * @return {@code true} if the tier must tell its listener; {@code false} (the default) to let the
   *     kit find out
   * @since 0.2
   */
  protected boolean promisesEvictionListener() {
    return false;
  }

  /**
   * Returns the clock every tier of the current test runs on; move it to age entries.
   *
   * @return the test's clock
   */
  protected final ManualClock clock() {
    return clock;
  }

  /**
   * Starts a configuration with a capacity and the test's clock, for tests that need more settings.
   *
   * @param capacityBytes the capacity
   * @return a builder holding the capacity and {@link #clock()}
   */
  protected final TierConfig.Builder configBuilder(long capacityBytes) {
    return TierConfig.builder().capacity(capacityBytes).clock(clock);
  }

  /**
   * Opens a tier through {@link #createTier} and remembers it, so that it is closed after the test
   * and can be reopened with {@link #reopen}.
   *
   * @param config the configuration to pass to the hook
   * @return the tier
   */
  protected final CacheTier open(TierConfig config) {
    Objects.requireNonNull(config, "config must not be null");
    CacheTier tier = createTier(config);
    assertNotNull(tier, () -> "createTier(" + config + ") returned null");
    opened.add(new Opened(tier, config));
    return tier;
  }

  /**
   * Opens a tier with a capacity and no time to live.
   *
   * @param capacityBytes the capacity
   * @return the tier
   */
  protected final CacheTier tier(long capacityBytes) {
    return open(configBuilder(capacityBytes).build());
  }

  /**
   * Opens a tier with a capacity and a time to live.
   *
   * @param capacityBytes the capacity
   * @param ttl the time to live after a put
   * @return the tier
   */
  protected final CacheTier tier(long capacityBytes, Duration ttl) {
    return open(configBuilder(capacityBytes).ttl(ttl).build());
  }

  /**
   * Closes a tier this test opened and opens it again with an equal configuration, which for a
   * persistent tier means the same storage.
   *
   * @param tier a tier returned by {@link #open}, {@link #tier(long)} or {@link #reopen}
   * @return the reopened tier
   * @throws IllegalArgumentException if this test did not open {@code tier}
   */
  protected final CacheTier reopen(CacheTier tier) {
    TierConfig config = opened.stream()
        .filter(o -> o.tier == tier)
        .map(o -> o.config)
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("this test did not open " + tier));
    tier.close();
    return open(config.toBuilder().build());
  }

  /**
   * Empties a tier this test opened and closes it, so that the next tier the test opens starts on
   * empty storage even if the tier is persistent (the hook reopens the same storage within a test).
   * For tests that need tiers of several configurations one after another.
   *
   * @param tier a tier this test opened
   * @since 0.2
   */
  protected final void discard(CacheTier tier) {
    tier.clear();
    tier.close();
  }

  /**
   * Finds out whether the tier under test tells an eviction listener: a probe tier with room for
   * two 100-byte entries is given three; a tier that tells its listener of nothing is taken for one
   * that ignores listeners, unless {@link #promisesEvictionListener()} says it must not. The probe is
   * {@linkplain #discard discarded}.
   *
   * @return {@code true} if the tier told its listener of an eviction
   * @since 0.2
   */
  protected final boolean tierTellsEvictionListener() {
    EvictionRecorder recorder = new EvictionRecorder();
    CacheTier probe = open(configBuilder(200).evictionListener(recorder).build());
    String id = probe.id();
    try {
      for (int i = 0; i < 3; i++) {
        byte[] c = content(100, 90_000 + i);
        probe.put(key(c), c);
      }
    } finally {
      discard(probe);
    }
    boolean told = !recorder.drain().isEmpty();
    if (!told && promisesEvictionListener()) {
      fail("tier '" + id + "' promises to tell its eviction listener (promisesEvictionListener() "
          + "is true) but told it of nothing when three 100-byte entries were put into a capacity "
          + "of 200 bytes");
    }
    return told;
  }

  /**
   * Puts content through the tier's streaming put, as a caller with a stream would.
   *
   * @param tier the tier
   * @param content the content the stream yields
   * @param algorithm the digest algorithm of the key
   * @return what the tier answered
   * @since 0.2
   */
  protected static PutResult putAsStream(CacheTier tier, byte[] content, DigestAlgorithm algorithm) {
    return tier.putStream(new ByteArrayInputStream(content), algorithm);
  }

  /**
   * Closes every tier the test opened, last opened first. Close is idempotent by contract, so tiers
   * a test closed itself are closed again harmlessly; a failure to close fails the test.
   */
  @AfterEach
  public final void closeTiers() {
    AssertionError failure = null;
    for (int i = opened.size() - 1; i >= 0; i--) {
      Opened o = opened.get(i);
      try {
        o.tier.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = new AssertionError("close() of tier '" + o.tier.id()
              + "' threw after the test; close must be idempotent and must not fail: " + e, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    opened.clear();
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Makes deterministic content: the same size and seed always give the same bytes, and different
   * seeds give different bytes (hence different keys) for any size above zero.
   *
   * @param size the length in bytes
   * @param seed picks the bytes
   * @return a new array
   */
  protected static byte[] content(int size, int seed) {
    byte[] bytes = new byte[size];
    new SplittableRandom(((long) seed << 32) ^ size ^ 0x5DEECE66DL).nextBytes(bytes);
    return bytes;
  }

  /**
   * Returns the SHA-256 key of some content, as a real caller keys it.
   *
   * @param content the content
   * @return its key
   */
  protected static ContentKey key(byte[] content) {
    return ContentKey.sha256(content);
  }

  /**
   * Checks that a tier's occupancy is exactly the sum over the entries expected live: its
   * {@code sizeBytes()} and {@code entryCount()}, and the same figures in its {@code stats()}.
   * Call it where no expired entry may linger unreclaimed, since a tier may count those until they
   * are reclaimed.
   *
   * @param tier the tier
   * @param expectedLive the content of every entry expected live, each once
   */
  protected static void assertAccounting(CacheTier tier, byte[]... expectedLive) {
    assertAccounting("the last operation", tier, expectedLive);
  }

  /**
   * Checks occupancy as {@link #assertAccounting(CacheTier, byte[]...)} does, naming the situation
   * in the failure message.
   *
   * @param after what happened last, such as {@code "replacing b with 300 bytes"}
   * @param tier the tier
   * @param expectedLive the content of every entry expected live, each once
   */
  protected static void assertAccounting(String after, CacheTier tier, byte[]... expectedLive) {
    long bytes = Arrays.stream(expectedLive).mapToLong(c -> c.length).sum();
    assertAccounting(after, tier, bytes, expectedLive.length);
  }

  /**
   * Checks that a tier holds exactly the given number of bytes and entries, by its own figures and
   * by its statistics.
   *
   * @param after what happened last, for the message
   * @param tier the tier
   * @param expectedBytes the bytes of content expected held
   * @param expectedEntries the entries expected held
   */
  protected static void assertAccounting(
      String after, CacheTier tier, long expectedBytes, long expectedEntries) {
    String where = " after " + after + " (expected " + expectedEntries + " live entries holding "
        + expectedBytes + " bytes)";
    assertEquals(expectedBytes, tier.sizeBytes(),
        () -> "sizeBytes() must be the sum of the live entries' lengths" + where);
    assertEquals(expectedEntries, tier.entryCount(),
        () -> "entryCount() must be the number of live entries" + where);
    var stats = tier.stats();
    assertEquals(expectedBytes, stats.sizeBytes(),
        () -> "stats().sizeBytes() must equal the bytes held" + where + "; stats: " + stats);
    assertEquals(expectedEntries, stats.entryCount(),
        () -> "stats().entryCount() must equal the entries held" + where + "; stats: " + stats);
  }

  /**
   * Checks that the size of a tier is within its capacity.
   *
   * @param after what happened last, for the message
   * @param tier the tier
   */
  protected static void assertWithinCapacity(String after, CacheTier tier) {
    long size = tier.sizeBytes();
    assertTrue(size <= tier.capacityBytes(), () -> "sizeBytes() " + size
        + " exceeds capacityBytes() " + tier.capacityBytes() + " after " + after
        + ": once a put returns the size must be at most the capacity");
  }

  /**
   * Checks which of some named entries are live, looking with {@code contains}, which is not a use
   * and so does not disturb the order being checked.
   *
   * @param after what happened, for the message, such as {@code "put a, b, c; get a; put d"}
   * @param tier the tier
   * @param entries every entry the test put, by name
   * @param expectedLive the names expected live
   */
  protected static void assertLive(
      String after, CacheTier tier, Map<String, byte[]> entries, String... expectedLive) {
    Set<String> expected = new TreeSet<>(Arrays.asList(expectedLive));
    Set<String> actual = new TreeSet<>();
    entries.forEach((name, bytes) -> {
      if (tier.contains(key(bytes))) {
        actual.add(name);
      }
    });
    assertEquals(expected, actual, () -> "live entries after " + after);
  }

  private static final class Opened {
    final CacheTier tier;
    final TierConfig config;

    Opened(CacheTier tier, TierConfig config) {
      this.tier = tier;
      this.config = config;
    }
  }
}
