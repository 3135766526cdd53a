package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;
import org.tiercache.tck.internal.EvictionRecorder;
import org.tiercache.tck.internal.ModelOp;
import org.tiercache.tck.internal.ModelUniverse;
import org.tiercache.tck.internal.ReferenceModel;

/**
 * Model-based sequences: seeded random sequences of every operation (puts from arrays and streams,
 * replacing puts, refused puts, gets, getBytes, openStream, bursts of hundreds of gets, contains,
 * removes, clock moves to the nanosecond around the TTL, evictExpired, clear) run against the tier
 * and against a reference model of the contract side by side, and every observable is compared
 * after every step: what each call returns, which entries are live, every counter of
 * {@code stats()}, size and count, and the entries the eviction listener hears of.
 *
 * <p>Where the contract lets a tier choose, the model checks the choice is one it allows: an
 * expired entry may stay held (counted in size and count) until it is reclaimed, so each expired
 * entry must be either still held or counted once as an expiration, never both and never neither;
 * once a put evicts a live entry, or {@code evictExpired} runs, no expired entry may be held.
 *
 * <p>On a mismatch the failure names the seed and the step, then shrinks the sequence to a short
 * one that still fails (replayed on the tier, reopened and cleared each time) and prints it as a
 * reproducer. Set the system property {@value #SEED_PROPERTY} to run one seed only.
 *
 * @since 0.2
 */
public abstract class ModelContract extends TierContract {
  /** The system property that, when set, makes each test run the one sequence of this seed. */
  public static final String SEED_PROPERTY = "tiercache.tck.seed";

  private static final long CAPACITY = 1500;
  private static final int KEYS = 10;
  private static final int VARIANTS = 3;
  private static final int LARGEST = 420;
  private static final long FIRST_SEED = 20_261_201;
  /** Replays the shrinking may take: each is a short sequence on a reopened, cleared tier. */
  private static final int SHRINK_BUDGET = 400;

  private final EvictionRecorder recorder = new EvictionRecorder();

  /** For subclasses. */
  protected ModelContract() {}

  /**
   * Returns how many seeded sequences each test runs.
   *
   * @return at least one; 8 by default
   */
  protected int modelSequences() {
    return 8;
  }

  /**
   * Returns how many steps each sequence takes.
   *
   * @return at least one; 250 by default
   */
  protected int modelSteps() {
    return 250;
  }

  /** With no time to live, random sequences leave the tier exactly where the model is. */
  @Test
  public void randomSequencesWithoutTtlAgreeWithTheModel() {
    runSequences(null);
  }

  /**
   * With a time to live and a clock moving to the nanosecond around it, random sequences leave the
   * tier where the model allows it to be.
   */
  @Test
  public void randomSequencesWithTtlAgreeWithTheModel() {
    runSequences(ttlForTests());
  }

  private void runSequences(Duration ttl) {
    boolean listened = tierTellsEvictionListener();
    ModelUniverse universe = new ModelUniverse(KEYS, VARIANTS, LARGEST, CAPACITY, 7);
    TierConfig.Builder builder = configBuilder(CAPACITY).evictionListener(recorder);
    if (ttl != null) {
      builder.ttl(ttl);
    }
    Session session = new Session(builder.build(), universe, ttl, listened);
    String only = System.getProperty(SEED_PROPERTY);
    List<Long> seeds = new ArrayList<>();
    if (only != null) {
      seeds.add(Long.parseLong(only.trim()));
    } else {
      for (int i = 0; i < modelSequences(); i++) {
        seeds.add(FIRST_SEED + 1_000L * i + (ttl == null ? 0 : 1));
      }
    }
    try {
      for (long seed : seeds) {
        List<ModelOp> ops = ModelOp.generate(seed, modelSteps(), universe, ttl);
        Mismatch mismatch = session.replay(ops);
        if (mismatch != null) {
          fail(session.report(seed, ops, mismatch));
        }
      }
    } finally {
      session.close();
    }
  }

  /** Where a replay disagreed with the model. */
  private record Mismatch(int step, String message) {}

  /** One tier configuration, replayed on again and again. */
  private final class Session {
    private final TierConfig config;
    private final ModelUniverse universe;
    private final Duration ttl;
    private final boolean listened;
    private CacheTier tier;
    private TierStats base;
    private ReferenceModel model;

    Session(TierConfig config, ModelUniverse universe, Duration ttl, boolean listened) {
      this.config = config;
      this.universe = universe;
      this.ttl = ttl;
      this.listened = listened;
    }

    /** Runs a sequence on a fresh tier, returning the first mismatch, or null. */
    Mismatch replay(List<ModelOp> ops) {
      fresh();
      for (int i = 0; i < ops.size(); i++) {
        try {
          step(ops.get(i));
          observe();
        } catch (AssertionError e) {
          return new Mismatch(i, e.getMessage());
        } catch (RuntimeException e) {
          return new Mismatch(i, "the tier threw " + e);
        }
      }
      return null;
    }

    /**
     * Reopens the tier (the same storage, for a persistent one) and clears it, so each replay starts
     * empty; counters are compared from what they are then.
     */
    private void fresh() {
      close();
      tier = open(config);
      tier.clear();
      recorder.drain();
      base = tier.stats();
      model = new ReferenceModel(CAPACITY, ttl == null ? 0 : ttl.toNanos());
    }

    void close() {
      if (tier != null) {
        tier.close();
        tier = null;
      }
    }

    private void step(ModelOp op) {
      long now = clock().epochNanos();
      int k = op.key();
      switch (op.kind()) {
        case PUT: {
          byte[] content = universe.content(k, op.variant());
          // Half the puts (by entry and variant, so a replay does the same) hand over a fresh copy
          // with putOwned, which must behave as put does.
          boolean stored = ((k ^ op.variant()) & 1) == 0 ? tier.put(universe.key(k), content)
              : tier.putOwned(universe.key(k), content.clone());
          expectPut(stored, model.put(k, op.variant(), content.length, now), op);
          break;
        }
        case PUT_STREAM: {
          byte[] content = universe.content(k, 0);
          PutResult result = putAsStream(tier, content, DigestAlgorithm.SHA_256);
          check(universe.key(k).equals(result.key()), "the streaming put of k" + k
              + " returned key " + result.key() + ", not the SHA-256 digest of what it read, "
              + universe.key(k));
          expectPut(result.stored(), model.put(k, 0, content.length, now), op);
          break;
        }
        case PUT_OVERSIZE: {
          byte[] content = universe.oversize();
          boolean stored = op.variant() == 0 ? tier.put(ContentKey.sha256(content), content)
              : putAsStream(tier, content, DigestAlgorithm.SHA_256).stored();
          model.refuse();
          check(!stored, "put of " + content.length + " bytes into a capacity of " + CAPACITY
              + " must be refused (return false)");
          expectHeard(List.of(), "a refused put");
          break;
        }
        case GET:
        case GET_BYTES:
        case OPEN_STREAM:
          expectRead(op.kind(), k, now);
          break;
        case READ_BURST: {
          int[] reads = universe.burst(op.key(), op.amount());
          for (int i = 0; i < reads.length; i++) {
            expectRead(ModelOp.Kind.GET, reads[i], now);
          }
          break;
        }
        case CONTAINS:
          check(tier.contains(universe.key(k)) == model.contains(k, now),
              "contains(k" + k + ") must be " + model.contains(k, now));
          break;
        case REMOVE: {
          boolean removed = tier.remove(universe.key(k));
          boolean expected = model.remove(k, now);
          check(removed == expected, "remove(k" + k + ") returned " + removed + "; it must return "
              + expected + (expected ? " (k" + k + " was live)" : " (k" + k + " was not live)"));
          expectHeard(List.of(), "a remove");
          break;
        }
        case ADVANCE:
          clock().advanceNanos(op.amount());
          break;
        case EVICT_EXPIRED: {
          long held = tier.entryCount() - model.liveCount(now);
          long removed = tier.evictExpired();
          model.evictExpired(now);
          check(removed == held, "evictExpired() returned " + removed + ", but the tier held "
              + held + " expired entries (entryCount() " + (held + model.liveCount(now))
              + " minus " + model.liveCount(now) + " live)");
          expectHeard(List.of(), "evictExpired");
          break;
        }
        case CLEAR: {
          long counted = tier.stats().expirations() - base.expirations();
          tier.clear();
          model.clear(counted);
          expectHeard(List.of(), "a clear");
          break;
        }
        default:
          throw new IllegalStateException("unknown step " + op);
      }
    }

    private void expectPut(boolean stored, List<ReferenceModel.Evicted> evicted, ModelOp op) {
      check(stored == (evicted != null), op.describe(universe) + " returned " + stored
          + (evicted == null ? "; content larger than the capacity must be refused"
              : "; content no larger than the capacity must be stored"));
      expectHeard(evicted == null ? List.of() : evicted, op.describe(universe));
    }

    private void expectRead(ModelOp.Kind kind, int k, long now) {
      byte[] got = read(kind, universe.key(k));
      Integer variant = model.get(k, now);
      String call = kind == ModelOp.Kind.GET ? "get" : kind == ModelOp.Kind.GET_BYTES
          ? "getBytes" : "openStream";
      if (variant == null) {
        check(got == null, () -> call + "(k" + k + ") served " + got.length + " bytes; the model "
            + "holds no live k" + k + " (" + model.describe(now) + ")");
      } else {
        byte[] expected = universe.content(k, variant);
        check(got != null, () -> call + "(k" + k + ") missed; the model holds k" + k + "#"
            + variant + " live (" + model.describe(now) + ")");
        check(Arrays.equals(expected, got), () -> call + "(k" + k + ") served " + got.length
            + " bytes that are not k" + k + "#" + variant + " (" + expected.length + " B)");
      }
    }

    private byte[] read(ModelOp.Kind kind, ContentKey key) {
      switch (kind) {
        case GET_BYTES:
          return tier.getBytes(key);
        case OPEN_STREAM:
          try (InputStream in = tier.openStream(key)) {
            return in == null ? null : in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException("reading the stream of " + key + " failed", e);
          }
        default:
          ByteBuffer buffer = tier.get(key);
          if (buffer == null) {
            return null;
          }
          byte[] bytes = new byte[buffer.remaining()];
          buffer.get(bytes);
          return bytes;
      }
    }

    private void expectHeard(List<ReferenceModel.Evicted> evicted, String what) {
      if (!listened) {
        return;
      }
      List<String> expected = new ArrayList<>();
      for (ReferenceModel.Evicted e : evicted) {
        expected.add("k" + e.key() + "#" + e.variant());
      }
      List<String> heard = new ArrayList<>();
      for (EvictionRecorder.Heard h : recorder.drain()) {
        int k = universe.indexOf(h.key());
        int variant = -1;
        for (int v = 0; k >= 0 && v < VARIANTS; v++) {
          if (Arrays.equals(universe.content(k, v), h.content())) {
            variant = v;
          }
        }
        heard.add(k < 0 ? h.key().toString() : "k" + k + "#" + (variant < 0
            ? "?(" + h.content().length + " B, not a content ever put)" : variant));
      }
      expected.sort(null);
      heard.sort(null);
      check(expected.equals(heard), "the eviction listener heard of " + heard + " during " + what
          + "; it must hear of exactly the live entries evicted for room, " + expected);
    }

    /** Compares every observable with the model. */
    private void observe() {
      long now = clock().epochNanos();
      for (int k = 0; k < KEYS; k++) {
        boolean live = model.contains(k, now);
        int key = k;
        check(tier.contains(universe.key(k)) == live, () -> "contains(k" + key + ") is "
            + !live + "; the model has it " + (live ? "live" : "not live") + " ("
            + model.describe(now) + ")");
      }
      TierStats stats = tier.stats();
      long size = tier.sizeBytes();
      long count = tier.entryCount();
      counter("hits", stats.hits() - base.hits(), model.hits());
      counter("misses", stats.misses() - base.misses(), model.misses());
      counter("puts", stats.puts() - base.puts(), model.puts());
      counter("rejectedPuts", stats.rejectedPuts() - base.rejectedPuts(), model.rejectedPuts());
      counter("evictions", stats.evictions() - base.evictions(), model.evictions());
      counter("damaged", stats.damaged() - base.damaged(), 0);
      check(stats.sizeBytes() == size && stats.entryCount() == count, () -> "stats() says "
          + stats.sizeBytes() + " B in " + stats.entryCount() + " entries but sizeBytes() is "
          + size + " and entryCount() " + count);
      long liveBytes = model.liveBytes(now);
      long liveCount = model.liveCount(now);
      long pending = model.pendingCount(now);
      long pendingBytes = model.pendingBytes(now);
      long held = count - liveCount;
      long counted = stats.expirations() - base.expirations() - model.countedExpirations();
      String where = " (" + model.describe(now) + "; entryCount() " + count + ", sizeBytes() "
          + size + ", expirations counted " + (stats.expirations() - base.expirations()) + ")";
      check(held >= 0 && held <= pending, () -> "entryCount() is " + count + " with " + liveCount
          + " entries live and " + pending + " expired but not yet seen leaving: it must count "
          + "every live entry and at most those expired ones" + where);
      long mustCount = model.countedExpirations() + pending - held;
      check(counted >= 0 && counted + held == pending, () -> "stats().expirations() counts "
          + (stats.expirations() - base.expirations()) + "; it must count " + mustCount + ": "
          + model.countedExpirations() + " expired entries seen leaving (a put or remove over "
          + "an expired entry, evictExpired, or a put that had to evict a live entry), plus the "
          + (pending - held) + " of the " + pending + " other expired entries that the tier no "
          + "longer holds (entryCount() says it holds " + held + "): each expired entry is "
          + "counted once, when it leaves" + where);
      check(size <= CAPACITY, () -> "sizeBytes() " + size + " exceeds the capacity " + CAPACITY
          + where);
      check(size >= liveBytes && size <= liveBytes + pendingBytes, () -> "sizeBytes() is " + size
          + "; the live entries hold " + liveBytes + " B and the expired ones it may still hold "
          + pendingBytes + " B" + where);
      check(held != 0 || size == liveBytes, () -> "sizeBytes() is " + size + " with no expired "
          + "entry held; the live entries hold " + liveBytes + " B" + where);
      check(held != pending || size == liveBytes + pendingBytes, () -> "sizeBytes() is " + size
          + " with every expired entry held; they and the live ones hold "
          + (liveBytes + pendingBytes) + " B" + where);
      expectHeard(List.of(), "no put (a listener call after the step returned)");
    }

    private void counter(String name, long actual, long expected) {
      check(actual == expected, () -> "stats()." + name + "() counts " + actual + "; the model "
          + "counts " + expected);
    }

    private void check(boolean ok, String message) {
      if (!ok) {
        throw new AssertionError(message);
      }
    }

    private void check(boolean ok, Supplier<String> message) {
      if (!ok) {
        throw new AssertionError(message.get());
      }
    }

    /** Shrinks a failing sequence and describes both. */
    String report(long seed, List<ModelOp> ops, Mismatch first) {
      List<ModelOp> shortest = new ArrayList<>(ops.subList(0, first.step() + 1));
      Mismatch last = first;
      int budget = SHRINK_BUDGET;
      for (int chunk = Math.max(1, shortest.size() / 2); chunk >= 1 && budget > 0; ) {
        boolean reduced = false;
        for (int start = 0; start < shortest.size() && budget > 0; ) {
          List<ModelOp> candidate = new ArrayList<>(shortest.subList(0, start));
          candidate.addAll(shortest.subList(Math.min(shortest.size(), start + chunk),
              shortest.size()));
          budget--;
          Mismatch m = candidate.isEmpty() ? null : replay(candidate);
          if (m != null) {
            shortest = new ArrayList<>(candidate.subList(0, m.step() + 1));
            last = m;
            reduced = true;
          } else {
            start += chunk;
          }
        }
        if (!reduced) {
          chunk /= 2;
        }
      }
      StringBuilder text = new StringBuilder();
      String tierId = tier == null ? "?" : tier.id();
      text.append("tier '").append(tierId).append("' disagrees with the kit's reference model ")
          .append("(capacity ").append(CAPACITY).append(" B, ttl ")
          .append(ttl == null ? "none" : ttl.toString())
          .append(listened ? ", eviction listener checked" : ", eviction listener not told")
          .append(") on seed ").append(seed).append(" at step ").append(first.step() + 1)
          .append(" of ").append(ops.size()).append(" (")
          .append(ops.get(first.step()).describe(universe)).append("): ")
          .append(first.message());
      text.append("\nshrunk to ").append(shortest.size()).append(" step(s) that fail on a "
          + "reopened, cleared tier with a clock moving only as they say:");
      for (int i = 0; i < shortest.size(); i++) {
        text.append("\n  ").append(i + 1).append(". ").append(shortest.get(i).describe(universe));
      }
      text.append("\n  -> ").append(last.message());
      text.append("\nrun this sequence alone with -D").append(SEED_PROPERTY).append('=')
          .append(seed);
      return text.toString();
    }
  }
}
