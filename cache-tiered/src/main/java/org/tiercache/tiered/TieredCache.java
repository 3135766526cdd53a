package org.tiercache.tiered;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.EvictionListener;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.PutResult;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierHealth;
import org.tiercache.api.TierStats;
import org.tiercache.tiered.internal.EveryTier;
import org.tiercache.tiered.internal.Layer;
import org.tiercache.tiered.internal.Loading;
import org.tiercache.tiered.internal.Placement;
import org.tiercache.tiered.internal.Reads;
import org.tiercache.tiered.internal.SingleFlight;
import org.tiercache.tiered.internal.Spill;
import org.tiercache.tiered.internal.StackCapabilities;
import org.tiercache.tiered.internal.StackCounts;
import org.tiercache.tiered.internal.StackHealth;
import org.tiercache.tiered.internal.StackListing;
import org.tiercache.tiered.internal.StreamPut;
import org.tiercache.tiered.internal.TierPlan;

/**
 * A stack of tiers, fastest first, each taking the content sizes its {@link SizeRule} accepts; itself
 * a {@link CacheTier} (id {@code tiered}), so stacks nest and the compatibility kit checks them.
 *
 * <p>Built with {@link #builder()} from Java, from the string form with {@link #fromSpec(String)} (see
 * {@link TieredCacheSpec} for the grammar), or as the original Python cache's defaults with
 * {@link #seedDefaults(Path)}. Tiers named by provider id come from
 * {@link org.tiercache.api.TierDiscovery}, so what is on the module path decides what can be
 * stacked.
 *
 * <p>Content goes to the first tier whose rule accepts its size and that stores it, or with
 * {@link Builder#writeThrough(boolean) write-through} to every accepting tier; a refusal passes it
 * on, a failure is never taken for a refusal nor reported as stored. Tiers are read fastest first, a
 * hit in a lower tier promoted into the upper tiers that take it, a tier that throws on a read being
 * a miss for that tier. Streams ({@link #putStream(InputStream, long, DigestAlgorithm)},
 * {@link #openStream}) move content larger than the heap through the stack;
 * {@link #get(ContentKey, Loader)} loads a missing key once for all concurrent callers. The rules of
 * put, streams, spill, loading, removal and failures, and the meaning of each figure, are in
 * {@linkplain org.tiercache.tiered the package description}; what the stack can promise is in
 * {@link #capabilities()}.
 *
 * <p><b>Ownership.</b> {@link #close()} closes every tier the stack created from a provider, not tiers
 * passed in as instances, which their creator closes.
 *
 * <p>Thread-safe, as far as its tiers are. A {@code remove} or {@code clear} does not fence off the
 * copies the stack makes on its own (promotions, loads, spills): see Removal in
 * {@linkplain org.tiercache.tiered the package description}.
 *
 * @since 0.1
 */
public final class TieredCache implements CacheTier {
  /** The id of every stack. */
  public static final String ID = "tiered";

  /** Fastest first; fixed at build time. */
  private final List<Layer> layers;
  private final boolean writeThrough;
  /** The option: whether the tiers the stack created were wired to spill (for toString). */
  private final boolean spillsEvictions;
  /** The route evicted entries take down the stack, whatever the option (see spillListener). */
  private final Spill spillRoute;
  private final Set<TierCapability> capabilities;
  private final StackCounts counts = new StackCounts();
  private final SingleFlight<ContentKey, ByteBuffer> loads =
      new SingleFlight<>(ByteBuffer::duplicate);
  private final AtomicBoolean closed = new AtomicBoolean();

  private TieredCache(List<Layer> layers, boolean writeThrough, boolean spillsEvictions,
      Spill spillRoute) {
    this.layers = List.copyOf(layers);
    this.writeThrough = writeThrough;
    this.spillsEvictions = spillsEvictions;
    this.spillRoute = spillRoute;
    this.capabilities = StackCapabilities.of(this.layers);
  }

  /**
   * Starts a stack with no tiers; add them fastest first.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a stack from its string form, such as
   * {@code memory(capacity=50MB,ttl=5m) < 100KB ; disk(dir=/var/cache/att,capacity=500MB,ttl=1h)}.
   * The grammar is in {@link TieredCacheSpec}.
   *
   * @param spec the string form
   * @return a new stack, owning the tiers it created
   * @throws NullPointerException if {@code spec} is {@code null}
   * @throws CacheException naming the fragment if the text is malformed, an id has no provider on the
   *     module path (the message lists the ids found), or a provider refuses its settings
   */
  public static TieredCache fromSpec(String spec) {
    return TieredCacheSpec.parse(spec).toBuilder().build();
  }

  /**
   * Starts a stack with the original Python {@code TieredCache}'s defaults, with its disk tier in a
   * folder. Call {@link Builder#build()} on it, after changing options if wanted.
   *
   * The seed's parameters map to: a {@code memory} tier of {@code capacity=50MB} ({@code memory_max_mb}
   * 50; 52,428,800 B, binary as the seed counted) and {@code ttl=5m} ({@code memory_ttl_seconds} 300)
   * with rule {@code < 100KB}, and a {@code disk} tier with rule {@code >= 100KB}
   * ({@code disk_threshold_kb} 100: 102,400 B, the seed sent {@code len < threshold} to memory),
   * {@code capacity=500MB} ({@code disk_max_mb} 500), {@code ttl=1h} ({@code disk_ttl_seconds} 3600) and
   * {@code dir} ({@code disk_dir}, required here: the seed's default of no disk silently dropped large
   * content, which would be refused visibly here). A disk hit is promoted when the memory rule accepts
   * it, as the seed promoted hits under the threshold; write-through and spill are off, as the seed
   * had neither.
   * Where the behaviour differs on purpose: an entry expires when its age equals the TTL (the seed
   * served it until the age exceeded it); content larger than a tier is refused visibly, never
   * dropped; the disk tier evicts least recently used, not oldest written.
   *
   * <p>The disk tier comes from the provider with id {@code disk}, which must be on the module path
   * when the stack is built.
   *
   * @param dir the disk tier's folder
   * @return a builder holding the two tiers
   * @throws NullPointerException if {@code dir} is {@code null}
   */
  public static Builder seedDefaults(Path dir) {
    Objects.requireNonNull(dir, "dir must not be null");
    long threshold = 100L << 10;
    return builder()
        .tier(SizeRule.below(threshold), "memory",
            TierConfig.builder().capacity(50L << 20).ttl(Duration.ofMinutes(5)).build())
        .tier(SizeRule.atLeast(threshold), "disk",
            TierConfig.builder().capacity(500L << 20).ttl(Duration.ofHours(1))
                .set("dir", dir.toString()).build());
  }

  /**
   * Returns {@value #ID}.
   *
   * @return the stack's id
   */
  @Override
  public String id() {
    return ID;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the tiers fastest first and promotes a hit in a lower tier to every upper tier whose rule
   * accepts its size. A tier that throws is a miss for that tier.
   */
  @Override
  public ByteBuffer get(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    return counts.read(Reads.get(layers, key));
  }

  /**
   * Returns the content under a key, loading it on a miss: concurrent callers for the same key share
   * one load (single flight), whose content is checked against the key and stored by the stack's
   * rules. Who runs the loader, what the waiters get, and what each failure does to every caller of
   * the flight: Loading in {@linkplain org.tiercache.tiered the package description}.
   *
   * @param key the key
   * @param loader fetches the content of the key, or returns {@code null} if there is none
   * @return the content, read-only; {@code null} if the loader found none (nothing is cached then)
   * @throws NullPointerException if an argument is {@code null}
   * @throws CacheException if the load failed or its content does not match the key
   */
  public ByteBuffer get(ContentKey key, Loader loader) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(loader, "loader must not be null");
    ByteBuffer content = get(key);
    if (content != null) {
      return content;
    }
    // The leader's second look asks contains() first, which counts nothing: a get would count a
    // second miss in every tier for the one miss the stack counted (issue 15).
    return loads.run(key, () -> Loading.load(key, loader::load,
        k -> Reads.contains(layers, k) ? Reads.get(layers, k) : null, c -> put(key, c)));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Puts into the first tier whose rule accepts the size and that takes the content, or with
   * write-through into every accepting tier. A tier that refuses passes the content on; one that
   * fails passes it on too, but is reported if no tier stored the content, or with write-through
   * (see Put in {@linkplain org.tiercache.tiered the package description}).
   *
   * @return {@code true} if at least one tier now holds the content; {@code false} if no tier's rule
   *     accepts its size or every accepting tier refused it by policy (counted as a rejected put)
   * @throws CacheException naming the tier and the cause if no tier stored the content and a tier
   *     failed, or, with write-through, if any accepting tier failed (the copies this put made are
   *     removed first); counted as a rejected put
   */
  @Override
  public boolean put(ContentKey key, byte[] content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    return placed(key, content.length, tier -> tier.put(key, content));
  }

  /**
   * {@inheritDoc}
   *
   * <p>As {@link #put(ContentKey, byte[])}, handing the array on to each tier's {@code putOwned}.
   */
  @Override
  public boolean putOwned(ContentKey key, byte[] content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    return placed(key, content.length, tier -> tier.putOwned(key, content));
  }

  /**
   * {@inheritDoc}
   *
   * <p>As {@link #put(ContentKey, byte[])}, handing each tier the buffer itself (a duplicate), so that
   * a tier that copies content copies it once, and one that writes it elsewhere not at all.
   */
  @Override
  public boolean put(ContentKey key, ByteBuffer content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    return placed(key, content.remaining(), tier -> tier.put(key, content.duplicate()));
  }

  /**
   * {@inheritDoc}
   *
   * <p>As {@link #putStream(InputStream, long, DigestAlgorithm)} with the size unknown: the stack
   * reads up to the largest content a tier that does not stream could take; content that ends by then
   * is placed whole, and larger content is spooled into the tier that streams and has the most room,
   * then kept there or moved (streamed) into the first tier whose rule accepts its size. Give the size
   * when it is known: content then goes straight to its tier.
   */
  @Override
  public PutResult putStream(InputStream content, DigestAlgorithm algorithm) {
    Objects.requireNonNull(content, "content must not be null");
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    return streamed(content, -1, algorithm);
  }

  /**
   * Reads a stream of known size to its end and stores it by the stack's rules, computing the key on
   * the way; content larger than the heap is never held. The stream is not closed.
   *
   * <p>Content no larger than the largest a tier that does not stream could take is read whole and
   * put as {@link #put(ContentKey, byte[])} puts it; larger content streams into the first tier that
   * declares {@link TierCapability#STREAMING} and takes its size (see Streams in
   * {@linkplain org.tiercache.tiered the package description}).
   *
   * @param content the content; exactly {@code size} bytes
   * @param size the content's length
   * @param algorithm the digest algorithm of the key
   * @return the key and whether a tier now holds the content ({@code false}: no tier's rule and
   *     capacity take its size, or the tiers that do refused it by policy; counted as a rejected put)
   * @throws NullPointerException if {@code content} or {@code algorithm} is {@code null}
   * @throws IllegalArgumentException if {@code size} is negative
   * @throws CacheException if reading the stream fails or it does not hold exactly {@code size}
   *     bytes (nothing is stored then); if the tier it streams into fails; or, for copies, as
   *     {@link #put(ContentKey, byte[])} throws; counted as a rejected put
   * @since 0.2
   */
  public PutResult putStream(InputStream content, long size, DigestAlgorithm algorithm) {
    Objects.requireNonNull(content, "content must not be null");
    Objects.requireNonNull(algorithm, "algorithm must not be null");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
    return streamed(content, size, algorithm);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Streams from the fastest tier that holds the key (a tier that throws is a miss for that tier),
   * never holding content larger than an upper tier that keeps content in memory could take. A hit
   * in a lower tier is promoted once the caller has read the stream to its end and closed it: into
   * every upper tier whose rule accepts the size and whose capacity holds it, from the copy the
   * stream kept, or, for content too large to keep, streamed into upper tiers that stream by reading
   * it again from the tier that holds it. Promotion failures are counted and never reach the caller.
   */
  @Override
  public InputStream openStream(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    return counts.read(Reads.open(layers, key));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Removes from every tier. A promotion, a loader's put or a spill of the key under way may put it
   * back (see Removal in {@linkplain org.tiercache.tiered the package description}).
   *
   * @return {@code true} if any tier removed a live entry
   * @throws CacheException if a tier failed, after every other tier has been asked
   */
  @Override
  public boolean remove(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    return EveryTier.run(layers, "remove", key, tier -> tier.remove(key));
  }

  /**
   * {@inheritDoc}
   *
   * @return {@code true} if any tier holds live content for the key (a tier that throws does not)
   */
  @Override
  public boolean contains(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    return Reads.contains(layers, key);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Every tier's entries, fastest tier first, each key once under the fastest tier holding it
   * ({@link EntryInfo#tier()} is the tier's name in {@link #tierStats()}); a key a slower tier lists
   * is looked up with {@code contains} in the faster ones, so nothing is collected. Each tier's
   * listing opens when the stream reaches it. An entry that moves between tiers while the listing
   * runs (a promotion, a spill) may be listed under either tier, twice, or not at all.
   *
   * @throws UnsupportedOperationException naming the tiers that cannot list, if any cannot (the
   *     stack declares {@link TierCapability#LISTING} only when every tier does)
   */
  @Override
  public Stream<EntryInfo> entries() {
    return StackListing.of(layers);
  }

  /**
   * {@inheritDoc}
   *
   * @throws CacheException if a tier failed, after every other tier has been cleared
   */
  @Override
  public void clear() {
    EveryTier.clear(layers);
  }

  /**
   * {@inheritDoc}
   *
   * @return the sum over the tiers; a tier that throws is skipped and counted
   */
  @Override
  public long evictExpired() {
    return EveryTier.sum(layers, "evictExpired", CacheTier::evictExpired);
  }

  /**
   * {@inheritDoc}
   *
   * @return the sum over the tiers
   */
  @Override
  public long sizeBytes() {
    return layers.stream().mapToLong(layer -> layer.tier().sizeBytes()).sum();
  }

  /**
   * {@inheritDoc}
   *
   * @return the sum over the tiers; content held by two tiers counts twice
   */
  @Override
  public long entryCount() {
    return layers.stream().mapToLong(layer -> layer.tier().entryCount()).sum();
  }

  /**
   * {@inheritDoc}
   *
   * @return the sum over the tiers, or {@link Long#MAX_VALUE} if it does not fit in a {@code long}
   */
  @Override
  public long capacityBytes() {
    return StackCounts.capacityBytes(layers);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Hits, misses, puts and rejected puts are the stack's own, as callers saw them; evictions,
   * expirations, damaged entries, size and entry count are sums over the tiers (see Figures in
   * {@linkplain org.tiercache.tiered the package description}).
   */
  @Override
  public TierStats stats() {
    return counts.snapshot(layers);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Empty: the stack's own counts (a hit in any tier is one hit of the stack) are kept by no
   * store, and adding up its tiers' lifetime counts would count one get once per tier it reached.
   * Each tier reports its own: {@code tiers().get(i).lifetimeStats()}.
   */
  @Override
  public Optional<LifetimeStats> lifetimeStats() {
    return Optional.empty();
  }

  /**
   * Returns each tier's own statistics, failure count and health, fastest tier first.
   *
   * @return one report per tier, in stack order; never empty
   */
  public List<TierReport> tierStats() {
    List<TierReport> reports = new ArrayList<>(layers.size());
    for (Layer layer : layers) {
      reports.add(new TierReport(layer.name(), SizeRule.of(layer.rule()), layer.tier().stats(),
          layer.failures(), StackHealth.of(layer.tier())));
    }
    return List.copyOf(reports);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The stack's health from its tiers': {@code DOWN} if every tier is down (a get can only
   * miss), {@code DEGRADED} if any tier is not up, {@code UP} otherwise; the cause names each tier
   * that is not up ({@code tier 'redis' is down: redis at host:6379 unavailable}), joined by
   * {@code "; "}. Each tier's own is in {@link #tierStats()}.
   */
  @Override
  public TierHealth health() {
    return StackHealth.of(layers);
  }

  /**
   * Returns the tiers, fastest first, for what the stack's own figures do not show: a tier's
   * capacity and capabilities, or a check of one tier on its own (an operator's tool reading every
   * entry of a disk tier). An operation made on a tier directly bypasses the stack: its rules, its
   * counts, its handling of failures. The stack still owns the tiers it created and closes them.
   *
   * @return the tiers, in stack order, as {@link #tierStats()} names them; never empty
   * @since 0.2
   */
  public List<CacheTier> tiers() {
    return layers.stream().map(Layer::tier).toList();
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@link TierCapability#PERSISTENT} and {@link TierCapability#SHARED} when every tier declares
   * them; {@link TierCapability#STREAMING} when some tier streams and every other has a rule with an
   * upper bound (see Streams in {@linkplain org.tiercache.tiered the package description});
   * {@link TierCapability#LISTING} when every tier lists.
   */
  @Override
  public Set<TierCapability> capabilities() {
    return capabilities;
  }

  /**
   * Returns a listener that spills what the tier at a position evicts into the tiers below it, for a
   * tier passed to {@link Builder#tier(SizeRule, CacheTier)} as an instance, which the stack could
   * not create with one. Since the tier exists before the stack, create it with a listener that
   * forwards to a holder, and fill the holder with this listener once the stack is built. Entries
   * spill whether or not the stack was built with {@link Builder#spill(boolean) spill}, which only
   * wires the tiers the stack creates.
   *
   * @param position the tier's place in the stack, 0 for the fastest
   * @return the listener
   * @throws IndexOutOfBoundsException if no tier has that place
   */
  public EvictionListener spillListener(int position) {
    Objects.checkIndex(position, layers.size());
    return spillRoute.from(position, null);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Closes every tier the stack created from a provider, fastest first, even if one fails; tiers
   * passed in as instances stay open. A second call does nothing.
   *
   * @throws CacheException for the first tier that failed to close, the others suppressed
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    EveryTier.closeOwned(layers);
  }

  /** Returns the tiers with their rules and the options, such as {@code TieredCache[memory < 102400B ; disk any]}. */
  @Override
  public String toString() {
    String tiers = layers.stream().map(Layer::toString).collect(Collectors.joining(" ; "));
    String options = writeThrough || spillsEvictions
        ? " ; options(" + (writeThrough ? "write-through" : "")
            + (writeThrough && spillsEvictions ? ", " : "") + (spillsEvictions ? "spill" : "") + ")"
        : "";
    return "TieredCache[" + tiers + options + "]";
  }

  /** For tests: how many callers wait for another caller's load of a key. */
  int loadWaiters(ContentKey key) {
    return loads.waiters(key);
  }

  /** A caller's put of content in memory, counted (a put that throws is a rejected put). */
  private boolean placed(ContentKey key, long size, Placement.Write write) {
    return counts.put(() -> Placement.put(layers, writeThrough, key, size, write));
  }

  /** A caller's streamed put, counted as {@link #placed} counts. */
  private PutResult streamed(InputStream content, long size, DigestAlgorithm algorithm) {
    return counts.putStream(() -> StreamPut.put(layers, writeThrough, content, size, algorithm));
  }

  /**
   * Fetches the content of a key that the stack misses, for {@link #get(ContentKey, Loader)}.
   */
  @FunctionalInterface
  public interface Loader {
    /**
     * Fetches the content of a key from where it is kept (a database, an object store).
     *
     * @param key the key to fetch
     * @return the content, whose digest must be the key's; or {@code null} if there is none
     * @throws Exception if fetching fails; every caller waiting for this load then fails
     */
    byte[] load(ContentKey key) throws Exception;
  }

  /**
   * Builds a {@link TieredCache}: tiers in order, fastest first, each with a size rule, and the
   * options. Not thread-safe. Each {@link #build()} creates new tiers from the providers named.
   */
  public static final class Builder {
    private final List<TierPlan> plans = new ArrayList<>();
    private boolean writeThrough;
    private boolean spillsEvictions;

    private Builder() {}

    /**
     * Adds a tier made by the provider with an id, found on the module path when the stack is built.
     * The stack owns the tier and closes it.
     *
     * @param rule the sizes the tier takes
     * @param providerId such as {@code memory} or {@code disk}
     * @param config the tier's settings, such as {@code TierConfig.parse("capacity=50MB ttl=5m")}
     * @return this builder
     * @throws NullPointerException if an argument is {@code null}
     */
    public Builder tier(SizeRule rule, String providerId, TierConfig config) {
      Objects.requireNonNull(providerId, "provider id must not be null");
      Objects.requireNonNull(config, "config must not be null");
      return tier(rule, providerId, config, providerId + "(" + config + ")");
    }

    /**
     * Adds a tier made by a given provider, such as one not registered with
     * {@link java.util.ServiceLoader}. The stack owns the tier and closes it.
     *
     * @param rule the sizes the tier takes
     * @param provider the provider
     * @param config the tier's settings
     * @return this builder
     * @throws NullPointerException if an argument is {@code null}
     */
    public Builder tier(SizeRule rule, CacheTierProvider provider, TierConfig config) {
      Objects.requireNonNull(rule, "size rule must not be null");
      plans.add(TierPlan.ofProvider(rule.range(), provider, config));
      return this;
    }

    /**
     * Adds a tier the caller made and keeps owning: the stack does not close it, and its evictions
     * spill only if the caller wires them (see {@link TieredCache#spillListener(int)}).
     *
     * @param rule the sizes the tier takes
     * @param tier the tier
     * @return this builder
     * @throws NullPointerException if an argument is {@code null}
     */
    public Builder tier(SizeRule rule, CacheTier tier) {
      Objects.requireNonNull(rule, "size rule must not be null");
      plans.add(TierPlan.ofInstance(rule.range(), tier));
      return this;
    }

    /**
     * Puts content into every tier whose rule accepts its size, instead of the first only, so that,
     * for example, small content also lands in a persistent tier and survives a restart. Off by
     * default.
     *
     * @param enabled whether to write through
     * @return this builder
     */
    public Builder writeThrough(boolean enabled) {
      this.writeThrough = enabled;
      return this;
    }

    /**
     * Moves what a tier evicts for room into the next lower tier whose rule accepts it. Works for
     * tiers the stack creates from providers that report evictions. Off by default.
     *
     * @param enabled whether to spill
     * @return this builder
     */
    public Builder spill(boolean enabled) {
      this.spillsEvictions = enabled;
      return this;
    }

    /**
     * Creates the tiers named by provider and returns the stack. If a tier cannot be created, the
     * tiers already created are closed.
     *
     * @return a new stack
     * @throws IllegalStateException if no tier was added
     * @throws CacheException naming the tier's place and how it was written if its provider is not on
     *     the module path (the message lists the ids found), refuses its settings, or fails
     */
    public TieredCache build() {
      if (plans.isEmpty()) {
        throw new IllegalStateException("a tiered cache needs at least one tier: add one with "
            + "tier(rule, providerId, config) or tier(rule, tier)");
      }
      Spill spillRoute = new Spill();
      List<Layer> layers = TierPlan.openAll(plans, spillsEvictions ? spillRoute : null);
      spillRoute.attach(layers);
      return new TieredCache(layers, writeThrough, spillsEvictions, spillRoute);
    }

    /** Adds a provider-id tier with the text the user wrote it as, for error messages. */
    Builder tier(SizeRule rule, String providerId, TierConfig config, String source) {
      Objects.requireNonNull(rule, "size rule must not be null");
      plans.add(TierPlan.ofProviderId(rule.range(), providerId, config, source));
      return this;
    }
  }
}
