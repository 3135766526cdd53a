package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tiercache.tck.FlawProbes.DeafTierListenerProbe;
import org.tiercache.tck.FlawProbes.DeafTierPromisingListenerProbe;
import org.tiercache.tck.FlawProbes.FlawedListenerProbe;
import org.tiercache.tck.FlawProbes.FlawedLruProbe;
import org.tiercache.tck.FlawProbes.FlawedSizeProbe;
import org.tiercache.tck.FlawProbes.FlawedStatsProbe;
import org.tiercache.tck.FlawProbes.FlawedStoreProbe;
import org.tiercache.tck.FlawProbes.FlawedTtlProbe;
import org.tiercache.tck.FlawProbes.SavesOnlyOnCloseTierCrashProbe;
import org.tiercache.tck.ReferenceTier.Flaw;

/**
 * Each tier broken against a rule of issue 11 (large values, expired before live in full, dropped
 * reads, every way in counting, the eviction listener, keys, persistence that persists) fails
 * that rule, by the name of its test, with an assertion.
 */
final class FlawedTiersAreCaughtTest {

  @Test
  void tierKeepingTtlAsIntMillisecondsFailsTtlsOfDaysAndYears() {
    caught(Flaw.INT_MILLIS_TTL, FlawedTtlProbe.class, "ttlsOfDaysAndYearsExpireExactlyAtTheTtl");
  }

  @Test
  void tierWhoseExpiryDeadlineOverflowsFailsTtlsOfCenturies() {
    caught(Flaw.EXPIRY_DEADLINE_OVERFLOWS, FlawedTtlProbe.class, "ttlsOfCenturiesKeepEntriesLive");
  }

  @Test
  void tierKeepingCapacityAsIntFailsCapacitiesAbove2GiB() {
    caught(Flaw.INT_CAPACITY, FlawedSizeProbe.class, "capacitiesAbove2GiBAreKeptExactly");
  }

  @Test
  void tierReclaimingOneExpiredEntryPerPutFailsSeveralExpiredReclaimedByOnePut() {
    caught(Flaw.RECLAIMS_ONE_EXPIRED_PER_PUT, FlawedTtlProbe.class,
        "severalExpiredEntriesAreReclaimedByOnePutBeforeAnyLiveOne");
  }

  @Test
  void tierScanningUseOrderForExpiredFailsEvictExpiredInWriteOrder() {
    caught(Flaw.EVICT_EXPIRED_IN_USE_ORDER, FlawedTtlProbe.class,
        "evictExpiredReclaimsInWriteOrderNotUseOrder");
  }

  @Test
  void tierDroppingReadsFailsLruAfterThousandsOfGets() {
    caught(Flaw.LOSSY_READ_BUFFER, FlawedLruProbe.class,
        "lruStaysExactAfterThousandsOfGetsBetweenWrites");
  }

  @Test
  void tierWhoseStreamIsNotAUseFailsOpenStreamIsAUse() {
    caught(Flaw.STREAM_NOT_A_USE, FlawedLruProbe.class, "openStreamIsAUse");
  }

  @Test
  void tierNotCountingStreamingPutsFailsStreamingPutsAreCounted() {
    caught(Flaw.STREAM_PUT_UNCOUNTED, FlawedStatsProbe.class, "streamingPutsAreCounted");
  }

  @Test
  void tierWhoseStreamingPutIgnoresTheBoundFailsStreamingPutsNeverExceedCapacity() {
    caught(Flaw.STREAM_PUT_UNBOUNDED, FlawedSizeProbe.class, "streamingPutsNeverExceedCapacity");
  }

  @Test
  void tierStreamingOversizeContentFailsOversizeStreamingPutIsRefused() {
    caught(Flaw.STREAM_PUT_OVERSIZE_ACCEPTED, FlawedSizeProbe.class,
        "oversizeStreamingPutIsRefusedWithoutEviction");
  }

  @Test
  void tierNotCountingRemoveOfExpiredFailsRemoveOfAnExpiredEntryCountsAnExpiration() {
    caught(Flaw.REMOVE_OF_EXPIRED_UNCOUNTED, FlawedStatsProbe.class,
        "removeOfAnExpiredEntryCountsAnExpiration");
  }

  @Test
  void tierNotCountingPutOverExpiredFailsPutOverAnExpiredEntryCountsAnExpiration() {
    caught(Flaw.PUT_OVER_EXPIRED_UNCOUNTED, FlawedStatsProbe.class,
        "putOverAnExpiredEntryCountsAnExpiration");
  }

  @Test
  void tierCountingReplacesAsEvictionsFailsReplacingAnEntryIsNotAnEviction() {
    caught(Flaw.REPLACE_COUNTED_AS_EVICTION, FlawedStatsProbe.class,
        "replacingAnEntryIsNotAnEviction");
  }

  @Test
  void tierTellingOnlyTheFirstEvictedFailsListenerIsToldOfExactlyTheEntriesEvicted() {
    caught(Flaw.LISTENER_TOLD_ONLY_FIRST, FlawedListenerProbe.class,
        "listenerIsToldOfExactlyTheEntriesEvictedForRoom");
  }

  @Test
  void tierHandingTheWrongContentFailsListenerReceivesEachEvictedEntrysContent() {
    caught(Flaw.LISTENER_GETS_NEW_CONTENT, FlawedListenerProbe.class,
        "listenerReceivesEachEvictedEntrysContent");
  }

  @Test
  void tierTellingOfExpiredEntriesFailsListenerIsNotToldOfExpiredEntries() {
    caught(Flaw.LISTENER_TOLD_OF_EXPIRED, FlawedListenerProbe.class,
        "listenerIsNotToldOfExpiredEntries");
  }

  @Test
  void tierTellingOfRemovedEntriesFailsListenerIsNotToldOfRemovedEntries() {
    caught(Flaw.LISTENER_TOLD_OF_REMOVED, FlawedListenerProbe.class,
        "listenerIsNotToldOfRemovedEntries");
  }

  @Test
  void tierTellingOfReplacedEntriesFailsListenerIsNotToldOfReplacedEntries() {
    caught(Flaw.LISTENER_TOLD_OF_REPLACED, FlawedListenerProbe.class,
        "listenerIsNotToldOfReplacedEntries");
  }

  @Test
  void tierTellingOfClearedEntriesFailsListenerIsNotToldOfClearedEntries() {
    caught(Flaw.LISTENER_TOLD_OF_CLEARED, FlawedListenerProbe.class,
        "listenerIsNotToldOfClearedEntries");
  }

  @Test
  void tierCallingItsListenerUnderItsLockFailsListenerRunsOutsideTheTiersLocks() {
    caught(Flaw.LISTENER_UNDER_LOCK, FlawedListenerProbe.class,
        "listenerRunsOutsideTheTiersLocks");
  }

  @Test
  void tierLettingAListenerFailureEscapeFailsThrowingListenerDoesNotBreakThePut() {
    caught(Flaw.LISTENER_FAILURE_BREAKS_PUT, FlawedListenerProbe.class,
        "throwingListenerDoesNotBreakThePut");
  }

  @Test
  void listenerSuiteIsSkippedForTierThatIgnoresItsListener() {
    ProbeRuns.assertAllSkipped(DeafTierListenerProbe.class, "told its eviction listener of nothing");
  }

  @Test
  void tierThatPromisesAListenerButTellsNothingFailsEveryListenerRule() {
    var failed = ProbeRuns.assertCaught(DeafTierPromisingListenerProbe.class,
        "listenerIsToldOfExactlyTheEntriesEvictedForRoom", "throwingListenerDoesNotBreakThePut");
    assertTrue(failed.values().iterator().next().getMessage().contains("promises to tell"),
        () -> "the failure must say the tier promised: " + failed);
  }

  @Test
  void tierKeepingEntriesByHashCodeFailsKeysWithEqualHashCodes() {
    caught(Flaw.KEYED_BY_HASH_CODE, FlawedStoreProbe.class,
        "keysWithEqualHashCodesAreDistinctEntries");
  }

  @Test
  void tierKeepingEntriesByAKeyPrefixFailsKeysSharingTheirFirstDigits() {
    caught(Flaw.KEYED_BY_PREFIX, FlawedStoreProbe.class,
        "keysSharingTheirFirstBytesAreDistinctEntries",
        "md5AndSha256KeysSharingTheirFirst32HexDigitsAreDistinctEntries");
  }

  @Test
  void tierWritingOnlyAtCloseFailsCallsThatReturnedBeforeTheKillSurviveIt() {
    var failed = ProbeRuns.assertCaught(SavesOnlyOnCloseTierCrashProbe.class,
        "callsThatReturnedBeforeTheKillSurviveIt");
    assertTrue(!failed.containsKey("killedWriterLeavesOnlyWholeEntries"), () -> "it leaves only "
        + "whole entries, so it passes that rule: it breaks only survival: " + failed);
  }

  private static void caught(Flaw flaw, Class<?> probe, String... rules) {
    FlawProbes.with(Set.of(flaw), () -> ProbeRuns.assertCaught(probe, rules));
  }
}
