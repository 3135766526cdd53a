package org.tiercache.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;
import org.tiercache.cli.internal.StackPlan.PlannedTier;
import org.tiercache.tiered.TierReport;
import org.tiercache.tiered.TieredCache;

/**
 * A stack a command opened: the composer's {@link TieredCache} and the tiers it created, each
 * reachable on its own, and the counts recorded by earlier commands on the same folder.
 *
 * <p>Content moves through the composer while it is small. Larger content moves a tier at a time,
 * streamed, because the composer holds content whole to route and promote it (it declares no
 * {@code STREAMING}) and a file can be larger than the heap: {@link #put} sends a large file to the
 * tiers the composer would choose (the first whose rule accepts its size and that stores it, or
 * every such tier with write-through), and {@link #openStream} reads from the fastest tier holding a
 * key, without promotion, which a process that ends in a moment would not profit from.
 */
public final class OpenStack implements AutoCloseable {
  /** Content up to this size goes through the composer; above it, it is streamed tier by tier. */
  public static final long STREAM_ABOVE = 8L << 20;

  private static final Logger LOG = LoggerFactory.getLogger(OpenStack.class);

  private final StackPlan plan;
  private final TieredCache cache;
  private final List<OpenTier> tiers;
  private final RecordedCounts recorded;
  // The stack's own gets and puts, as the command's caller saw them: large content and every get
  // go a tier at a time, past the composer's counters. One thread per command.
  private long hits;
  private long misses;
  private long puts;
  private long rejectedPuts;

  /**
   * A tier of the open stack.
   *
   * @param name its name in the stack: its id, then {@code #2}, {@code #3}... for repeated ids
   * @param planned its place in the plan: id, settings, rule
   * @param tier the tier itself, which the stack owns and closes
   */
  public record OpenTier(String name, PlannedTier planned, CacheTier tier) {}

  private OpenStack(StackPlan plan, TieredCache cache, List<OpenTier> tiers,
      RecordedCounts recorded) {
    this.plan = plan;
    this.cache = cache;
    this.tiers = List.copyOf(tiers);
    this.recorded = recorded;
  }

  static OpenStack open(StackPlan plan) {
    List<PlannedTier> planned = plan.tiers();
    CacheTier[] created = new CacheTier[planned.size()];
    TieredCache.Builder builder =
        TieredCache.builder().writeThrough(plan.writeThrough()).spill(plan.spill());
    for (int i = 0; i < planned.size(); i++) {
      PlannedTier tier = planned.get(i);
      CacheTierProvider provider;
      try {
        provider = CacheTierProvider.byId(tier.id());
      } catch (CacheException e) {
        throw new CommandFailure(ExitStatus.USAGE, "tier " + (i + 1) + " '" + tier.source()
            + "': " + e.getMessage(), e);
      }
      int position = i;
      // The composer creates the tier (so it wires spill and closes it); this hands it back too.
      builder.tier(tier.rule(), new Capturing(provider, t -> created[position] = t), tier.config());
    }
    TieredCache cache = builder.build();
    List<TierReport> reports = cache.tierStats();
    List<OpenTier> tiers = new ArrayList<>();
    for (int i = 0; i < planned.size(); i++) {
      tiers.add(new OpenTier(reports.get(i).name(), planned.get(i), created[i]));
    }
    LOG.debug("opened {}", cache);
    RecordedCounts recorded = plan.diskFolders().stream().findFirst()
        .map(RecordedCounts::load).orElseGet(RecordedCounts::none);
    return new OpenStack(plan, cache, tiers, recorded);
  }

  /**
   * Returns the plan this stack was built from.
   *
   * @return the plan
   */
  public StackPlan plan() {
    return plan;
  }

  /**
   * Returns the composer holding the tiers.
   *
   * @return the stack
   */
  public TieredCache cache() {
    return cache;
  }

  /**
   * Returns the tiers, fastest first.
   *
   * @return the tiers
   */
  public List<OpenTier> tiers() {
    return tiers;
  }

  /**
   * Returns the counts recorded by commands on this stack's first disk folder, including this one's
   * so far.
   *
   * @return the counts per tier name, and {@link RecordedCounts#STACK} for the composer's own
   */
  public RecordedCounts recorded() {
    return recorded.plus(currentCounts());
  }

  /**
   * Stores a file's content, streamed tier by tier if it is larger than {@link #STREAM_ABOVE}.
   *
   * @param file the file
   * @param size its size, as listed before reading
   * @param algorithm the key's digest algorithm
   * @param watch wraps each stream read from the file, such as to show progress; the first read is
   *     the one to count
   * @return the key and whether a tier stored the content
   * @throws IOException if the file cannot be read
   * @throws CacheException if every tier that accepts the size failed
   */
  public PutResult put(Path file, long size, DigestAlgorithm algorithm,
      UnaryOperator<InputStream> watch) throws IOException {
    PutResult result = putRouted(file, size, algorithm, watch);
    if (result.stored()) {
      puts++;
    } else {
      rejectedPuts++;
    }
    return result;
  }

  private PutResult putRouted(Path file, long size, DigestAlgorithm algorithm,
      UnaryOperator<InputStream> watch) throws IOException {
    if (size <= STREAM_ABOVE) {
      try (InputStream in = watch.apply(Files.newInputStream(file))) {
        return cache.put(in, algorithm);
      }
    }
    ContentKey key = null;
    boolean stored = false;
    CacheException failure = null;
    for (OpenTier tier : tiers) {
      if (!tier.planned().rule().accepts(size)) {
        continue;
      }
      try (InputStream in = key == null ? watch.apply(Files.newInputStream(file))
          : Files.newInputStream(file)) {
        PutResult result = tier.tier().put(in, algorithm);
        key = result.key();
        stored |= result.stored();
      } catch (CacheException e) {
        // As the composer does: a tier that fails passes the content on to the next one.
        LOG.warn("tier '{}' failed to store {}: {}", tier.name(), file, e.getMessage());
        failure = failure == null ? e : failure;
        continue;
      }
      if (stored && !plan.writeThrough()) {
        break;
      }
    }
    if (!stored && failure != null) {
      throw failure;
    }
    if (key == null) {
      // No tier takes that size: the key is still worth printing.
      try (InputStream in = watch.apply(Files.newInputStream(file))) {
        key = ContentKey.compute(algorithm, in);
      }
    }
    return new PutResult(key, stored);
  }

  /**
   * Opens a stream of a key's content from the fastest tier that holds it.
   *
   * @param key the key
   * @return the content and the tier it came from, or {@code null} if no tier holds it
   */
  public Found openStream(ContentKey key) {
    for (OpenTier tier : tiers) {
      InputStream in;
      try {
        in = tier.tier().openStream(key);
      } catch (CacheException e) {
        // As the composer does: a failing tier is a miss.
        LOG.warn("tier '{}' failed to read {}: {}", tier.name(), key, e.getMessage());
        continue;
      }
      if (in != null) {
        hits++;
        return new Found(tier, in);
      }
    }
    misses++;
    return null;
  }

  /**
   * Content found in a tier.
   *
   * @param tier the tier that holds it
   * @param content its content, which the caller closes
   */
  public record Found(OpenTier tier, InputStream content) {}

  /**
   * Adds this command's counts to those recorded on the disk folder, then closes every tier.
   *
   * @throws CacheException if a tier fails to close
   */
  @Override
  public void close() {
    try {
      recorded.plus(currentCounts()).save();
    } finally {
      cache.close();
    }
  }

  private Map<String, RecordedCounts.Counts> currentCounts() {
    Map<String, RecordedCounts.Counts> counts = new LinkedHashMap<>();
    TierStats sums = cache.stats();
    counts.put(RecordedCounts.STACK, new RecordedCounts.Counts(hits, misses, puts, rejectedPuts,
        sums.evictions(), sums.expirations(), sums.damaged(), 0));
    for (TierReport report : cache.tierStats()) {
      counts.put(report.name(), RecordedCounts.Counts.of(report.stats(), report.failures()));
    }
    return counts;
  }

  /** Hands over each tier the composer creates, so the command can reach it on its own. */
  private static final class Capturing implements CacheTierProvider {
    private final CacheTierProvider provider;
    private final Consumer<CacheTier> created;

    Capturing(CacheTierProvider provider, Consumer<CacheTier> created) {
      this.provider = Objects.requireNonNull(provider);
      this.created = created;
    }

    @Override
    public String id() {
      return provider.id();
    }

    @Override
    public CacheTier create(TierConfig config) {
      CacheTier tier = provider.create(config);
      created.accept(tier);
      return tier;
    }
  }
}
