package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ConcurrentModificationException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tiercache.tck.FlawProbes.FlawedListingProbe;
import org.tiercache.tck.FlawedListingTier.ListingFlaw;

/**
 * Each tier whose listing is broken fails the listing rules it breaks, by the names of their tests,
 * and no other.
 */
final class FlawedListingsAreCaughtTest {

  @Test
  void listingThatReadsEachEntryFailsListingIsNotAUse() {
    caughtOnly(ListingFlaw.LISTING_IS_A_USE, "listingIsNotAUseAndCountsNothing");
  }

  @Test
  void listingOfExpiredEntriesFailsExpiredEntriesAreNotListed() {
    FlawProbes.listingFlaw = ListingFlaw.LISTS_EXPIRED;
    try {
      // Also the not-a-use rule, whose tier holds an expired entry it must not list.
      Map<String, Throwable> failed = ProbeRuns.assertCaught(FlawedListingProbe.class,
          "expiredEntriesAreNotListed", "listingIsNotAUseAndCountsNothing");
      assertEquals(2, failed.size(), () -> "only those two: " + failed);
    } finally {
      FlawProbes.listingFlaw = null;
    }
  }

  @Test
  void tierListingNothingInsteadOfRefusingFailsTheCapabilityRule() {
    caughtOnly(ListingFlaw.LISTS_NOTHING_SILENTLY,
        "entriesListsOrThrowsUnsupportedAsTheCapabilitySays");
  }

  @Test
  void lazyListingOverAPlainMapFailsChangesWhileListing() {
    FlawProbes.listingFlaw = ListingFlaw.LISTS_LAZILY_OVER_A_PLAIN_MAP;
    try {
      Map<String, Throwable> failed = ProbeRuns.assertCaught(FlawedListingProbe.class);
      Throwable failure = failed.get("changesWhileListingNeitherBreakItNorHideStableEntries");
      assertTrue(failure instanceof ConcurrentModificationException,
          () -> "a listing broken by a put must fail the rule on changes while listing, by the"
              + " exception a user would meet: " + failed);
    } finally {
      FlawProbes.listingFlaw = null;
    }
  }

  /** Runs the probe with the flaw and asserts it fails that rule alone. */
  private static void caughtOnly(ListingFlaw flaw, String rule) {
    FlawProbes.listingFlaw = flaw;
    try {
      Map<String, Throwable> failed = ProbeRuns.assertCaught(FlawedListingProbe.class, rule);
      assertEquals(1, failed.size(), () -> "only " + rule + " may fail: " + failed);
    } finally {
      FlawProbes.listingFlaw = null;
    }
  }
}
