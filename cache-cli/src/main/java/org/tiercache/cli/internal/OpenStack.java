package org.tiercache.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 * every such tier with write-through), and {@link #find} reads from the fastest tier holding a
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
  /** Failures of tiers on puts streamed past the composer, which counts its own. */
  private final Map<String, Long> streamedFailures = new HashMap<>();

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
   * Stores a file's content, streamed tier by tier if it is larger than {@link #STREAM_ABOVE}, by
   * the composer's rules ({@link TieredCache}): a tier that refuses passes the content on, a tier
   * that fails too; the put fails if no tier stored the content and one failed, or, with
   * write-through, if any accepting tier failed (the copies this put made are removed then).
   *
   * @param file the file
   * @param size its size, as listed before reading
   * @param algorithm the key's digest algorithm
   * @param watch wraps each stream read from the file, such as to show progress; the first read is
   *     the one to count
   * @return the key and whether a tier stored the content ({@code false}: every accepting tier
   *     refused it by policy, or no tier's rule accepts its size)
   * @throws IOException if the file cannot be read
   * @throws CommandFailure with status {@link ExitStatus#FAILURE} and a message naming the tier
   *     and the cause ({@code tier 'disk' failed: no space left on device in /x}) if a tier's
   *     storage failed as above
   */
  public PutResult put(Path file, long size, DigestAlgorithm algorithm,
      UnaryOperator<InputStream> watch) throws IOException {
    PutResult result;
    try {
      result = size <= STREAM_ABOVE ? putComposed(file, algorithm, watch)
          : putStreamed(file, size, algorithm, watch);
    } catch (CommandFailure e) {
      rejectedPuts++;
      throw e;
    }
    if (result.stored()) {
      puts++;
    } else {
      rejectedPuts++;
    }
    return result;
  }

  private PutResult putComposed(Path file, DigestAlgorithm algorithm,
      UnaryOperator<InputStream> watch) throws IOException {
    List<TierReport> before = cache.tierStats();
    try (InputStream in = watch.apply(Files.newInputStream(file))) {
      return cache.put(in, algorithm);
    } catch (CacheException e) {
      // The composer names the tier in its message; the command says it its own way, naming the
      // tier whose failure count grew and the cause, which the composer gives as the cause.
      List<TierReport> after = cache.tierStats();
      for (int i = 0; i < tiers.size(); i++) {
        if (after.get(i).failures() > before.get(i).failures()) {
          Throwable cause = e.getCause() == null ? e : e.getCause();
          throw new CommandFailure(ExitStatus.FAILURE,
              "tier '" + tiers.get(i).name() + "' failed: " + cause(tiers.get(i), cause), e);
        }
      }
      throw new CommandFailure(ExitStatus.FAILURE, e.getMessage(), e);
    }
  }

  private PutResult putStreamed(Path file, long size, DigestAlgorithm algorithm,
      UnaryOperator<InputStream> watch) throws IOException {
    ContentKey key = null;
    List<OpenTier> stored = new ArrayList<>(2);
    Map<OpenTier, CacheException> failed = new LinkedHashMap<>();
    for (OpenTier tier : tiers) {
      if (!tier.planned().rule().accepts(size)) {
        continue;
      }
      try (InputStream in = key == null ? watch.apply(Files.newInputStream(file))
          : Files.newInputStream(file)) {
        PutResult result = tier.tier().put(in, algorithm);
        key = result.key();
        if (result.stored()) {
          stored.add(tier);
          if (!plan.writeThrough()) {
            break;
          }
        }
      } catch (CacheException e) {
        failed.put(tier, e);
        streamedFailures.merge(tier.name(), 1L, Long::sum);
      }
    }
    if (!failed.isEmpty() && (plan.writeThrough() || stored.isEmpty())) {
      throw streamedFailure(key, stored, failed);
    }
    failed.forEach((tier, e) -> LOG.warn("tier '{}' failed to store {}: {}; another tier took it",
        tier.name(), file, cause(tier, e)));
    if (key == null) {
      // No tier takes that size: the key is still worth printing.
      try (InputStream in = watch.apply(Files.newInputStream(file))) {
        key = ContentKey.compute(algorithm, in);
      }
    }
    return new PutResult(key, !stored.isEmpty());
  }

  /** As the composer does: takes back the copies a failed write-through made, then reports. */
  private CommandFailure streamedFailure(ContentKey key, List<OpenTier> stored,
      Map<OpenTier, CacheException> failed) {
    Map.Entry<OpenTier, CacheException> first = failed.entrySet().iterator().next();
    CommandFailure failure = new CommandFailure(ExitStatus.FAILURE, "tier '"
        + first.getKey().name() + "' failed: " + cause(first.getKey(), first.getValue()),
        first.getValue());
    failed.values().stream().skip(1).forEach(failure::addSuppressed);
    for (OpenTier copy : stored) {
      try {
        copy.tier().remove(key);
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
    return failure;
  }

  /**
   * Says why a tier failed, in one line: for a disk tier whose storage failed, the file system's
   * reason and the folder ({@code no space left on device in /x}); otherwise the tier's own message
   * (a Redis tier names its server), with the root cause's when the message does not say it.
   */
  private static String cause(OpenTier tier, Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    Optional<Path> folder = tier.planned().diskFolder();
    if (folder.isPresent() && root instanceof IOException io) {
      String reason = io instanceof AccessDeniedException ? "permission denied"
          : io instanceof FileSystemException fs ? fs.getReason() : io.getMessage();
      if (reason != null && !reason.isBlank()) {
        return Character.toLowerCase(reason.charAt(0)) + reason.substring(1) + " in "
            + folder.get();
      }
    }
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
      message = message + ": " + root.getMessage();
    }
    return message;
  }

  /**
   * Opens a stream of a key's content from the fastest tier, at or below a place in the stack,
   * that holds it; notes the tiers that found their copy damaged (and removed it) on the way.
   * Counts nothing: the caller tells {@link #recordGet} how the get ended.
   *
   * @param key the key
   * @param from the place to start at, 0 for the fastest tier
   * @return the content and where it came from, or a miss; with the tiers whose copy was damaged
   */
  public Lookup find(ContentKey key, int from) {
    List<OpenTier> damaged = new ArrayList<>(0);
    for (int i = from; i < tiers.size(); i++) {
      OpenTier tier = tiers.get(i);
      long damagedBefore = tier.tier().stats().damaged();
      InputStream in;
      try {
        in = tier.tier().openStream(key);
      } catch (CacheException e) {
        // As the composer does: a failing tier is a miss.
        LOG.warn("tier '{}' failed to read {}: {}", tier.name(), key, e.getMessage());
        continue;
      }
      if (in != null) {
        return new Lookup(tier, i, in, damaged);
      }
      if (tier.tier().stats().damaged() > damagedBefore) {
        damaged.add(tier);
      }
    }
    return new Lookup(null, tiers.size(), null, damaged);
  }

  /**
   * Counts a get of the stack.
   *
   * @param hit whether content was handed out
   */
  public void recordGet(boolean hit) {
    if (hit) {
      hits++;
    } else {
      misses++;
    }
  }

  /**
   * What {@link #find} found.
   *
   * @param tier the tier that holds the content, or {@code null} on a miss
   * @param position its place in the stack (the number of tiers on a miss)
   * @param content its content, which the caller closes; {@code null} on a miss
   * @param damaged the tiers, above it, that found their copy damaged and removed it
   */
  public record Lookup(OpenTier tier, int position, InputStream content, List<OpenTier> damaged) {
    /**
     * Tells whether no tier holds the key.
     *
     * @return whether this is a miss
     */
    public boolean missed() {
      return content == null;
    }
  }

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
      counts.put(report.name(), RecordedCounts.Counts.of(report.stats(),
          report.failures() + streamedFailures.getOrDefault(report.name(), 0L)));
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
