package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.TierCapability;

/**
 * The persistence rules, for tiers that declare {@link TierCapability#PERSISTENT}: after close and
 * reopen, the live entries come back with their exact bytes, their ages (TTL keeps counting from
 * the original put), their recency, and the size and count; removed and cleared entries stay gone.
 *
 * <p>For a tier that does not declare {@code PERSISTENT} every test is aborted by an assumption, so
 * it is reported as skipped (not applicable), never as passed.
 *
 * <p>To reopen, a test closes the tier and calls {@link #createTier} again with an equal
 * configuration; the implementation of that hook must then open the same storage (see its
 * documentation). The clock keeps running across the reopen, as wall time would.
 *
 * @since 0.1
 */
public abstract class PersistenceContract extends TierContract {
  private static final int ENTRY = 100;

  /** For subclasses. */
  protected PersistenceContract() {}

  /** After close and reopen every live entry is served with exactly its bytes. */
  @Test
  public void reopenKeepsLiveEntriesAndTheirBytes() {
    CacheTier tier = persistentTier(8L << 20, null);
    int[] sizes = {0, 1, 100, 4096, 300_000};
    for (int size : sizes) {
      byte[] content = content(size, size);
      tier.put(key(content), content);
    }
    CacheTier reopened = reopen(tier);
    for (int size : sizes) {
      byte[] content = content(size, size);
      assertArrayEquals(content, reopened.getBytes(key(content)), () -> "the " + size
          + "-byte entry must be served with the same bytes after close and reopen");
    }
  }

  /** After close and reopen size and count are those before the close. */
  @Test
  public void reopenKeepsSizeAndCount() {
    CacheTier tier = persistentTier(1 << 20, null);
    byte[] a = content(100, 1);
    byte[] b = content(2000, 2);
    byte[] empty = new byte[0];
    tier.put(key(a), a);
    tier.put(key(b), b);
    tier.put(key(empty), empty);
    assertAccounting("putting 100, 2000 and 0 bytes", tier, a, b, empty);
    CacheTier reopened = reopen(tier);
    assertAccounting("close and reopen of a tier holding 100, 2000 and 0 bytes", reopened, a, b,
        empty);
  }

  /** Ages survive a reopen: an entry expires at its original put time plus the TTL. */
  @Test
  public void reopenKeepsAges() {
    Duration ttl = ttlForTests();
    Duration half = ttl.dividedBy(2);
    CacheTier tier = persistentTier(1 << 20, ttl);
    byte[] content = content(100, 3);
    tier.put(key(content), content);
    clock().advance(half);
    CacheTier reopened = reopen(tier);
    clock().advanceNanos(ttl.minus(half).toNanos() - 1);
    assertArrayEquals(content, reopened.getBytes(key(content)), () -> "an entry put " + half
        + " before close and reopen must still be live at age TTL - 1 ns (" + ttl + ")");
    clock().advanceNanos(1);
    assertNull(reopened.get(key(content)), () -> "an entry must expire at its original put time "
        + "plus the TTL " + ttl + " even across a reopen; the reopen must not restart its age");
  }

  /** Recency survives a reopen: eviction order after it is the use order before the close. */
  @Test
  public void reopenKeepsRecency() {
    CacheTier tier = persistentTier(3 * ENTRY, null);
    Map<String, byte[]> e = new LinkedHashMap<>();
    for (String name : new String[] {"a", "b", "c", "d"}) {
      e.put(name, content(ENTRY, e.size() + 10));
    }
    // Written a second apart, so that the write order (a, b, c) differs from the use order
    // (b, c, a) in the times too: a tier that restores recency from write times is caught.
    for (String name : new String[] {"a", "b", "c"}) {
      tier.put(key(e.get(name)), e.get(name));
      clock().advance(Duration.ofSeconds(1));
    }
    assertTrue(tier.get(key(e.get("a"))) != null, "get of a, just put with room, must hit");
    CacheTier reopened = reopen(tier);
    assertTrue(reopened.put(key(e.get("d")), e.get("d")), "put of d after reopen returned false");
    assertLive("put a, b, c; get a; close and reopen; put d (room for 3): b was least recently "
        + "used before the close, so it goes", reopened, e, "a", "c", "d");
  }

  /** An entry removed before the close is not found after the reopen. */
  @Test
  public void removedEntriesStayRemoved() {
    CacheTier tier = persistentTier(1 << 20, null);
    byte[] kept = content(100, 20);
    byte[] removed = content(200, 21);
    tier.put(key(kept), kept);
    tier.put(key(removed), removed);
    assertTrue(tier.remove(key(removed)), "remove of a live entry returned false");
    CacheTier reopened = reopen(tier);
    assertFalse(reopened.contains(key(removed)), "an entry removed before close must stay removed "
        + "after reopen");
    assertArrayEquals(kept, reopened.getBytes(key(kept)), "the entry not removed must be served");
    assertAccounting("put two entries, remove one, close and reopen", reopened, kept);
  }

  /** Entries put before a clear stay gone after reopen; entries put after it come back. */
  @Test
  public void clearedEntriesStayClearedAndLaterOnesStay() {
    CacheTier tier = persistentTier(1 << 20, null);
    byte[] before1 = content(100, 30);
    byte[] before2 = content(200, 31);
    byte[] after = content(300, 32);
    tier.put(key(before1), before1);
    tier.put(key(before2), before2);
    tier.clear();
    tier.put(key(after), after);
    CacheTier reopened = reopen(tier);
    assertFalse(reopened.contains(key(before1)), "an entry put before clear must stay cleared "
        + "after reopen");
    assertFalse(reopened.contains(key(before2)), "an entry put before clear must stay cleared "
        + "after reopen");
    assertArrayEquals(after, reopened.getBytes(key(after)),
        "an entry put after clear must be served after reopen");
    assertAccounting("put two, clear, put one, close and reopen", reopened, after);
  }

  // An assumption, not a check: a tier that is not persistent has broken no rule of this suite.
  private CacheTier persistentTier(long capacityBytes, Duration ttl) {
    CacheTier tier = ttl == null ? tier(capacityBytes) : tier(capacityBytes, ttl);
    assumeTrue(tier.capabilities().contains(TierCapability.PERSISTENT),
        () -> "not applicable: tier '" + tier.id()
            + "' does not declare TierCapability.PERSISTENT");
    return tier;
  }
}
