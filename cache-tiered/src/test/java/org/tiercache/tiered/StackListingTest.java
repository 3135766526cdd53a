package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.tiercache.tiered.MockTiers.tier;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;
import org.tiercache.tck.ManualClock;

/** A stack lists each key once, under the fastest tier holding it, one tier's listing at a time. */
final class StackListingTest {
  private final ManualClock clock = new ManualClock();
  @TempDir Path dir;

  private TieredCache memoryOverDisk() {
    return TieredCache.builder()
        .tier(SizeRule.below("1KB"), "memory",
            TierConfig.builder().capacity(1 << 20).clock(clock).build())
        .tier(SizeRule.any(), "disk", TierConfig.builder().capacity(1 << 20).clock(clock)
            .set("dir", dir.toString()).build())
        .writeThrough(true)
        .build();
  }

  @Test
  void keyInTwoTiersIsListedOnceUnderTheFastestHoldingIt() {
    try (TieredCache stack = memoryOverDisk()) {
      byte[] small = "small content".getBytes();
      byte[] large = new byte[5000];
      stack.put(ContentKey.sha256(small), small);
      stack.put(ContentKey.sha256(large), large);
      assertTrue(stack.capabilities().contains(TierCapability.LISTING), stack.toString());

      assertEquals(Map.of(ContentKey.sha256(small), "memory", ContentKey.sha256(large), "disk"),
          listing(stack), "the small content is in both tiers (write-through), the large in disk");

      stack.tiers().get(0).remove(ContentKey.sha256(small));
      assertEquals(Map.of(ContentKey.sha256(small), "disk", ContentKey.sha256(large), "disk"),
          listing(stack), "once memory lost it, the small content is listed under disk");
      try (Stream<EntryInfo> entries = stack.entries()) {
        assertEquals(Set.of(13L, 5000L),
            entries.map(EntryInfo::sizeBytes).collect(Collectors.toSet()));
      }
    }
  }

  @Test
  void stackWithATierThatCannotListRefusesNamingIt() {
    CacheTier listing = tier("memory");
    when(listing.capabilities()).thenReturn(Set.of(TierCapability.LISTING));
    CacheTier remote = tier("remote");
    TieredCache stack = TieredCache.builder()
        .tier(SizeRule.any(), listing).tier(SizeRule.any(), remote).build();

    assertFalse(stack.capabilities().contains(TierCapability.LISTING));
    UnsupportedOperationException refused =
        assertThrows(UnsupportedOperationException.class, stack::entries);
    assertTrue(refused.getMessage().contains("'remote'"), refused.getMessage());
    verify(listing, never()).entries();
  }

  @Test
  void eachTierIsListedOnlyWhenReachedAndClosedWithTheStacksListing() {
    CacheTier first = tier("first");
    CacheTier second = tier("second");
    when(first.capabilities()).thenReturn(Set.of(TierCapability.LISTING));
    when(second.capabilities()).thenReturn(Set.of(TierCapability.LISTING));
    AtomicBoolean firstClosed = new AtomicBoolean();
    EntryInfo a = EntryInfo.of(ContentKey.sha256(new byte[1]), 1, 0, "first");
    EntryInfo b = EntryInfo.of(ContentKey.sha256(new byte[2]), 2, 0, "first");
    when(first.entries()).thenReturn(Stream.of(a, b).onClose(() -> firstClosed.set(true)));
    TieredCache stack = TieredCache.builder()
        .tier(SizeRule.any(), first).tier(SizeRule.any(), second).build();

    try (Stream<EntryInfo> entries = stack.entries()) {
      Iterator<EntryInfo> it = entries.iterator();
      assertEquals(a.key(), it.next().key());
      verify(second, never()).entries();
      assertFalse(firstClosed.get(), "the first tier's listing is still being read");
    }
    assertTrue(firstClosed.get(), "closing the stack's listing closes the tier's it is in");
  }

  private static Map<ContentKey, String> listing(TieredCache stack) {
    try (Stream<EntryInfo> entries = stack.entries()) {
      List<EntryInfo> all = entries.toList();
      Map<ContentKey, String> byKey = all.stream()
          .collect(Collectors.toMap(EntryInfo::key, EntryInfo::tier));
      assertEquals(all.size(), byKey.size(), () -> "each key once: " + all);
      return byKey;
    }
  }
}
