package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tiercache.tck.BrokenTierProbes.AccountingDriftTierSizeProbe;
import org.tiercache.tck.BrokenTierProbes.ClearResetsStatsTierStatsProbe;
import org.tiercache.tck.BrokenTierProbes.ContainsCountsAsGetTierStatsProbe;
import org.tiercache.tck.BrokenTierProbes.ContainsIsAUseTierLruProbe;
import org.tiercache.tck.BrokenTierProbes.DeletesForeignFilesTierOwnershipProbe;
import org.tiercache.tck.BrokenTierProbes.EvictExpiredUncountedTierTtlProbe;
import org.tiercache.tck.BrokenTierProbes.EvictsOneTooManyTierLruProbe;
import org.tiercache.tck.BrokenTierProbes.ExpiredNotReclaimedFirstTierTtlProbe;
import org.tiercache.tck.BrokenTierProbes.FifoTierLruProbe;
import org.tiercache.tck.BrokenTierProbes.FollowsLinksTierOwnershipProbe;
import org.tiercache.tck.BrokenTierProbes.GetRenewsTtlTierTtlProbe;
import org.tiercache.tck.BrokenTierProbes.InMemoryTierLifetimeProbe;
import org.tiercache.tck.BrokenTierProbes.NoFolderTierOwnershipProbe;
import org.tiercache.tck.BrokenTierProbes.NoCopyOnPutTierStoreProbe;
import org.tiercache.tck.BrokenTierProbes.NonPersistentTierPersistenceProbe;
import org.tiercache.tck.BrokenTierProbes.NullKeyAcceptedTierStoreProbe;
import org.tiercache.tck.BrokenTierProbes.OversizeAcceptedTierSizeProbe;
import org.tiercache.tck.BrokenTierProbes.OvershootTierSizeProbe;
import org.tiercache.tck.BrokenTierProbes.PutNotAUseTierLruProbe;
import org.tiercache.tck.BrokenTierProbes.ReopenForgetsRecencyTierPersistenceProbe;
import org.tiercache.tck.BrokenTierProbes.ReopenResetsAgesTierPersistenceProbe;
import org.tiercache.tck.BrokenTierProbes.ReopenResetsLifetimeStatsTierLifetimeProbe;
import org.tiercache.tck.BrokenTierProbes.StreamNotCountedTierConcurrencyProbe;
import org.tiercache.tck.BrokenTierProbes.StreamNotCountedTierStatsProbe;
import org.tiercache.tck.BrokenTierProbes.TtlOffByOneTierTtlProbe;
import org.tiercache.tck.BrokenTierProbes.WritableGetBufferTierStoreProbe;

/**
 * Every deliberately broken tier fails the rule it breaks, by the name of that rule's test, with an
 * assertion (a rule check) rather than a crash.
 */
final class BrokenTiersAreCaughtTest {

  @Test
  void fifoTierFailsEvictsLeastRecentlyUsedFirst() {
    assertCaught(FifoTierLruProbe.class, "evictsLeastRecentlyUsedFirst", "getIsAUse",
        "evictionMatchesReferenceLruOverRandomSequence");
  }

  @Test
  void tierWhosePutIsNotAUseFailsRePutIsAUse() {
    assertCaught(PutNotAUseTierLruProbe.class, "rePutIsAUse");
  }

  @Test
  void tierWhoseContainsIsAUseFailsContainsIsNotAUse() {
    assertCaught(ContainsIsAUseTierLruProbe.class, "containsIsNotAUse");
  }

  @Test
  void tierEvictingOneTooManyFailsEvictsNoMoreEntriesThanNeeded() {
    assertCaught(EvictsOneTooManyTierLruProbe.class, "evictsNoMoreEntriesThanNeeded",
        "evictionMatchesReferenceLruOverRandomSequence");
  }

  @Test
  void overshootingTierFailsSizeNeverExceedsCapacityAfterAnyPut() {
    assertCaught(OvershootTierSizeProbe.class, "sizeNeverExceedsCapacityAfterAnyPut");
  }

  @Test
  void tierAcceptingOversizeContentFailsOversizeContentIsRefusedWithoutEviction() {
    assertCaught(OversizeAcceptedTierSizeProbe.class, "oversizeContentIsRefusedWithoutEviction");
  }

  @Test
  void tierWithAccountingDriftFailsAccountingIsExactAfterReplacingAnEntry() {
    assertCaught(AccountingDriftTierSizeProbe.class, "accountingIsExactAfterReplacingAnEntry");
  }

  @Test
  void tierHandingOutWritableBufferFailsBufferReturnedByGetIsReadOnly() {
    assertCaught(WritableGetBufferTierStoreProbe.class, "bufferReturnedByGetIsReadOnly");
  }

  @Test
  void tierKeepingCallersArrayFailsMutatingTheArrayAfterPutDoesNotChangeTheCache() {
    assertCaught(NoCopyOnPutTierStoreProbe.class, "mutatingTheArrayAfterPutDoesNotChangeTheCache");
  }

  @Test
  void tierAcceptingNullKeysFailsNullArgumentsThrowNullPointerException() {
    assertCaught(NullKeyAcceptedTierStoreProbe.class, "nullArgumentsThrowNullPointerException");
  }

  @Test
  void ttlOffByOneTierFailsEntryExpiresWhenAgeEqualsTtl() {
    assertCaught(TtlOffByOneTierTtlProbe.class, "entryExpiresWhenAgeEqualsTtl");
  }

  @Test
  void tierWhoseGetRenewsTtlFailsGetDoesNotExtendTheEntry() {
    assertCaught(GetRenewsTtlTierTtlProbe.class, "getDoesNotExtendTheEntry");
  }

  @Test
  void tierEvictingLiveBeforeExpiredFailsExpiredEntriesAreReclaimedBeforeLiveOnes() {
    assertCaught(ExpiredNotReclaimedFirstTierTtlProbe.class,
        "expiredEntriesAreReclaimedBeforeLiveOnes");
  }

  @Test
  void tierNotCountingEvictExpiredFailsEvictExpiredRemovesExactlyTheExpiredEntries() {
    assertCaught(EvictExpiredUncountedTierTtlProbe.class,
        "evictExpiredRemovesExactlyTheExpiredEntries");
  }

  @Test
  void tierCountingContainsAsGetFailsContainsAndRemoveDoNotCountAsGets() {
    assertCaught(ContainsCountsAsGetTierStatsProbe.class, "containsAndRemoveDoNotCountAsGets");
  }

  @Test
  void tierResettingStatsOnClearFailsClearKeepsCounters() {
    assertCaught(ClearResetsStatsTierStatsProbe.class, "clearKeepsCounters");
  }

  @Test
  void tierNotCountingStreamsFailsCountersAgreeWithScriptedSequence() {
    assertCaught(StreamNotCountedTierStatsProbe.class, "countersAgreeWithScriptedSequence");
  }

  @Test
  void tierNotCountingStreamsFailsHitsPlusMissesEqualGetsPerformed() {
    assertCaught(StreamNotCountedTierConcurrencyProbe.class, "hitsPlusMissesEqualGetsPerformed");
  }

  @Test
  void tierForgettingRecencyOnReopenFailsReopenKeepsRecency() {
    assertCaught(ReopenForgetsRecencyTierPersistenceProbe.class, "reopenKeepsRecency");
  }

  @Test
  void tierRestartingAgesOnReopenFailsReopenKeepsAges() {
    assertCaught(ReopenResetsAgesTierPersistenceProbe.class, "reopenKeepsAges");
  }

  @Test
  void tierResettingLifetimeStatsOnReopenFailsReopenKeepsLifetimeStats() {
    Map<String, Throwable> failed = ProbeRuns.assertCaught(
        ReopenResetsLifetimeStatsTierLifetimeProbe.class, "reopenKeepsLifetimeStats");
    assertEquals(1, failed.size(), () -> "only reopenKeepsLifetimeStats may fail: " + failed);
  }

  @Test
  void tierDeletingFilesItDidNotMakeFailsTheOwnershipRules() {
    assertCaught(DeletesForeignFilesTierOwnershipProbe.class,
        "openingOnAFolderHoldingForeignFilesRefusesOrLeavesThemAlone",
        "foreignFilesPlantedInTheFolderSurviveEveryOperation");
  }

  @Test
  void tierWritingThroughALinkFailsLinksPlantedInPlaceOfWhatTheTierMadeAreNeverFollowed() {
    assertCaught(FollowsLinksTierOwnershipProbe.class,
        "linksPlantedInPlaceOfWhatTheTierMadeAreNeverFollowed");
  }

  @Test
  void persistenceSuiteIsSkippedForTierThatIsNotPersistent() {
    assertAllSkipped(NonPersistentTierPersistenceProbe.class,
        "does not declare TierCapability.PERSISTENT");
  }

  @Test
  void lifetimeSuiteIsSkippedForTierWhoseCountersDieWithIt() {
    assertAllSkipped(InMemoryTierLifetimeProbe.class, "reports no lifetime statistics");
  }

  @Test
  void ownershipSuiteIsSkippedForTierWithoutAFolder() {
    assertAllSkipped(NoFolderTierOwnershipProbe.class, "keeps no storage folder");
  }

  private static void assertAllSkipped(Class<?> probe, String why) {
    ProbeRuns.assertAllSkipped(probe, why);
  }

  private static void assertCaught(Class<?> probe, String... rules) {
    ProbeRuns.assertCaught(probe, rules);
  }
}
