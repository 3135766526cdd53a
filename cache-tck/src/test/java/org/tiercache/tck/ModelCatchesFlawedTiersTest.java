package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.tiercache.tck.FlawProbes.FlawedModelProbe;
import org.tiercache.tck.ReferenceTier.Flaw;

/**
 * The model-based sequences catch, on their own, tiers broken in any way a sequence of calls can
 * show, and say so with a seed and a short reproducer; among them the disk tier's bug of issue 11,
 * a put over an expired entry that counts no expiration.
 */
final class ModelCatchesFlawedTiersTest {
  private static final String WITH_TTL = "randomSequencesWithTtlAgreeWithTheModel";
  private static final String WITHOUT_TTL = "randomSequencesWithoutTtlAgreeWithTheModel";
  private static final Pattern SHRUNK = Pattern.compile("shrunk to (\\d+) step");

  @Test
  void putOverAnExpiredEntryThatCountsNoExpirationFailsTheModelWithAShortReproducer() {
    Throwable failure = caught(Flaw.PUT_OVER_EXPIRED_UNCOUNTED, WITH_TTL).get(WITH_TTL);
    String message = failure.getMessage();
    assertTrue(message.contains("on seed ") && message.contains("-Dtiercache.tck.seed="),
        () -> "the failure must name the seed and how to rerun it: " + message);
    Matcher shrunk = SHRUNK.matcher(message);
    assertTrue(shrunk.find() && Integer.parseInt(shrunk.group(1)) <= 4, () -> "a put, a clock "
        + "move and a put over the expired entry show the bug: the reproducer must be that "
        + "short: " + message);
    assertTrue(message.contains("expirations"), () -> "and name the counter: " + message);
  }

  /** Flaws a sequence of calls shows with no TTL fail the model test without TTL. */
  @TestFactory
  Stream<DynamicTest> flawsSeenWithoutTtlFailTheModelWithoutTtl() {
    return Stream.of(Flaw.FIFO, Flaw.PUT_NOT_A_USE, Flaw.CONTAINS_IS_A_USE,
        Flaw.EVICTS_ONE_TOO_MANY, Flaw.OVERSHOOT, Flaw.OVERSIZE_ACCEPTED, Flaw.ACCOUNTING_DRIFT,
        Flaw.CONTAINS_COUNTS_AS_GET, Flaw.CLEAR_RESETS_STATS, Flaw.STREAM_NOT_COUNTED,
        Flaw.LOSSY_READ_BUFFER, Flaw.STREAM_NOT_A_USE, Flaw.STREAM_PUT_UNCOUNTED,
        Flaw.STREAM_PUT_UNBOUNDED, Flaw.STREAM_PUT_OVERSIZE_ACCEPTED,
        Flaw.REPLACE_COUNTED_AS_EVICTION, Flaw.LISTENER_TOLD_ONLY_FIRST,
        Flaw.LISTENER_GETS_NEW_CONTENT, Flaw.LISTENER_TOLD_OF_REMOVED,
        Flaw.LISTENER_TOLD_OF_REPLACED, Flaw.LISTENER_TOLD_OF_CLEARED, Flaw.KEYED_BY_PREFIX,
        Flaw.KEYED_BY_HASH_CODE)
        .map(flaw -> DynamicTest.dynamicTest(flaw.name(), () -> caught(flaw, WITHOUT_TTL)));
  }

  /** Flaws only a TTL shows fail the model test with a TTL. */
  @TestFactory
  Stream<DynamicTest> flawsSeenWithTtlFailTheModelWithTtl() {
    return Stream.of(Flaw.TTL_OFF_BY_ONE, Flaw.GET_RENEWS_TTL, Flaw.EXPIRED_NOT_RECLAIMED_FIRST,
        Flaw.EVICT_EXPIRED_UNCOUNTED, Flaw.PUT_OVER_EXPIRED_UNCOUNTED,
        Flaw.RECLAIMS_ONE_EXPIRED_PER_PUT, Flaw.EVICT_EXPIRED_IN_USE_ORDER,
        Flaw.REMOVE_OF_EXPIRED_UNCOUNTED, Flaw.LISTENER_TOLD_OF_EXPIRED)
        .map(flaw -> DynamicTest.dynamicTest(flaw.name(), () -> caught(flaw, WITH_TTL)));
  }

  private static Map<String, Throwable> caught(Flaw flaw, String... rules) {
    AtomicReference<Map<String, Throwable>> failed = new AtomicReference<>();
    FlawProbes.with(Set.of(flaw),
        () -> failed.set(ProbeRuns.assertCaught(FlawedModelProbe.class, rules)));
    return failed.get();
  }
}
