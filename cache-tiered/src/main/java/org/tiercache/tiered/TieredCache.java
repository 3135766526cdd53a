package org.tiercache.tiered;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EvictionListener;
import org.tiercache.api.StatsCounter;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;
import org.tiercache.tiered.internal.EveryTier;
import org.tiercache.tiered.internal.Layer;
import org.tiercache.tiered.internal.Placement;
import org.tiercache.tiered.internal.SingleFlight;
import org.tiercache.tiered.internal.Spill;
import org.tiercache.tiered.internal.TierPlan;

/**
 * A stack of tiers, fastest first, each taking the content sizes its {@link SizeRule} accepts; itself
 * a {@link CacheTier} (id {@code tiered}), so stacks nest and the compatibility kit checks them.
 *
 * <p>Built with {@link #builder()} from Java, from the string form with {@link #fromSpec(String)} (see
 * {@link TieredCacheSpec} for the grammar), or as the original Python cache's defaults with
 * {@link #seedDefaults(Path)}. Tiers named by provider id come from {@link CacheTierProvider#byId}, so
 * what is on the module path decides what can be stacked.
 *
 * <p><b>Put.</b> Content goes to the first tier whose rule accepts its size and that stores it: if
 * that tier refuses it (by policy: larger than its capacity) or fails (throws), the next accepting
 * tier is tried. With {@link Builder#writeThrough(boolean) write-through}, it goes to every accepting
 * tier. A refusal and a failure are told apart, as {@link CacheTier#put(ContentKey, byte[])} defines
 * them:
 * <ul>
 *   <li>Content no tier accepts, or that every accepting tier refused, is refused visibly: {@code put}
 *       returns {@code false} and the stack counts a rejected put.
 *   <li>Content no tier stored because a tier failed is never reported as refused, nor as stored:
 *       {@code put} throws a {@link CacheException} naming the tier and the cause (the disk's
 *       {@code No space left on device}, the server that cannot be reached), the other failures
 *       suppressed.
 *   <li>Without write-through, a failure followed by another tier storing the content is the stack's
 *       to report: {@code put} returns {@code true}, the failure is counted and logged.
 *   <li>With write-through, the put promises the content reached every accepting tier (the
 *       persistent one, typically), so a failure of any of them fails the put even if another tier
 *       kept the content: the copies this put made are removed, so that a put that throws leaves no
 *       copy behind, and {@code put} throws.
 * </ul>
 * A put that throws counts as a rejected put. A put does not remove copies of the key from tiers it
 * skips: under a content key the content never changes, so a copy elsewhere holds the same bytes.
 *
 * <p><b>Get.</b> Tiers are read fastest first; the first hit is returned. A hit in a lower tier is
 * promoted: put into every upper tier whose rule accepts its size (promotion failures are counted and
 * never fail the get). A tier that throws on a read is a miss for that tier: the failure is counted
 * ({@link TierReport#failures()}), logged at WARN once per streak of failures, and the read goes on
 * to the next tier.
 *
 * <p><b>Spill.</b> With {@link Builder#spill(boolean) spill}, an entry an upper tier evicts for room
 * is put into the next lower tier whose rule accepts its size (skipped if that tier holds the key
 * already), instead of being lost. This needs the tier to report its evictions through the
 * {@link EvictionListener} of its {@link TierConfig}: the builder sets it on every tier it creates
 * from a provider. A tier passed in as an instance was created without it, so its evictions do not
 * spill unless the caller wires them, creating the tier with a listener that forwards to
 * {@link #spillListener(int)}. A tier whose provider ignores the listener never spills.
 *
 * <p><b>Ages.</b> A promoted or spilled copy is a new put into its tier, so its time to live there
 * counts from the promotion or spill, as in the original cache and in Ehcache's tiers. Through the
 * stack an entry can therefore outlive the TTL of the tier it was first put into.
 *
 * <p><b>Loading.</b> {@link #get(ContentKey, Loader)} loads a missing key once for all concurrent
 * callers (single flight), checks the loaded content against the key's digest and stores it by the
 * rules above. See there for how failures reach the callers.
 *
 * <p><b>Failures of other operations.</b> {@code contains} treats a throwing tier as not holding the
 * key; {@code evictExpired} skips it (counted, logged). {@code remove}, {@code clear} and
 * {@code close} go through every tier even if one throws, then throw a {@link CacheException} for the
 * first failure with the others suppressed, since the caller must learn that content may remain.
 * {@code sizeBytes}, {@code entryCount}, {@code capacityBytes} and {@code stats} ask the tiers
 * directly and let their failures through.
 *
 * <p><b>Figures.</b>
 * <table>
 *   <caption>What the stack's figures mean</caption>
 *   <tr><th>figure</th><th>meaning</th></tr>
 *   <tr><td>{@code stats().hits()} / {@code misses()}</td><td>the stack's own: gets (including the
 *       first look of {@code get(key, loader)}) that any tier answered / that no tier answered</td></tr>
 *   <tr><td>{@code stats().puts()} / {@code rejectedPuts()}</td><td>the stack's own: callers' puts
 *       (and loads stored) that some tier took / that no tier took or that failed; promotions and
 *       spills are not callers' puts and are counted by the receiving tier only</td></tr>
 *   <tr><td>{@code stats().evictions()} / {@code expirations()}</td><td>the sums over the tiers; an
 *       entry spilled down counts as an eviction of the tier it left</td></tr>
 *   <tr><td>{@code sizeBytes()}, {@code entryCount()}</td><td>the sums over the tiers; content held
 *       by two tiers (promoted, written through) counts twice, as it takes room twice</td></tr>
 *   <tr><td>{@code capacityBytes()}</td><td>the sum over the tiers (saturating at
 *       {@link Long#MAX_VALUE}), so {@code sizeBytes() <= capacityBytes()} holds; one entry still
 *       has to fit a single accepting tier</td></tr>
 *   <tr><td>{@link #tierStats()}</td><td>each tier's own statistics and failure count</td></tr>
 * </table>
 *
 * <p><b>Capabilities.</b> {@link TierCapability#PERSISTENT} and {@link TierCapability#SHARED} are
 * declared only when every tier declares them: content can land in any tier, so the stack keeps
 * entries across a restart (or shares them) only if all its tiers do. {@link TierCapability#STREAMING}
 * is never declared: a stack reads content whole to route and promote it.
 *
 * <p><b>Ownership.</b> {@link #close()} closes every tier the stack created from a provider, not tiers
 * passed in as instances, which their creator closes.
 *
 * <p>Thread-safe, as far as its tiers are. A spill racing with a {@code remove} or {@code clear} of
 * the same key may put the entry back after it was removed; its content is still the right content
 * for its key.
 */
public final class TieredCache implements CacheTier {
  /** The id of every stack. */
  public static final String ID = "tiered";

  private static final Logger LOG = LoggerFactory.getLogger(TieredCache.class);

  /** Fastest first; fixed at build time. */
  private final List<Layer> layers;
  private final boolean writeThrough;
  private final boolean spillOption;
  private final Spill spill;
  private final Set<TierCapability> capabilities;
  /** The stack's own counts, as callers see them; tiers count their own. */
  private final StatsCounter stats = new StatsCounter();
  private final SingleFlight<ContentKey, ByteBuffer> loads =
      new SingleFlight<>(ByteBuffer::duplicate);
  private final AtomicBoolean closed = new AtomicBoolean();

  private TieredCache(List<Layer> layers, boolean writeThrough, boolean spillOption, Spill spill) {
    this.layers = List.copyOf(layers);
    this.writeThrough = writeThrough;
    this.spillOption = spillOption;
    this.spill = spill;
    Set<TierCapability> common = EnumSet.of(TierCapability.PERSISTENT, TierCapability.SHARED);
    for (Layer layer : layers) {
      common.retainAll(layer.tier().capabilities());
    }
    this.capabilities = Set.copyOf(common);
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
   * <table>
   *   <caption>The seed's parameters and this preset</caption>
   *   <tr><th>seed {@code TieredCache(...)} parameter</th><th>seed default</th><th>this preset</th></tr>
   *   <tr><td>{@code memory_max_mb}</td><td>50</td>
   *       <td>{@code memory} tier, {@code capacity=50MB} (52,428,800 B, as the seed counted)</td></tr>
   *   <tr><td>{@code memory_ttl_seconds}</td><td>300</td><td>{@code ttl=5m}</td></tr>
   *   <tr><td>{@code disk_threshold_kb}</td><td>100</td><td>memory rule {@code < 100KB}, disk rule
   *       {@code >= 100KB} (102,400 B; the seed sent {@code len < threshold} to memory)</td></tr>
   *   <tr><td>{@code disk_dir}</td><td>{@code None} (no disk: large content silently dropped)</td>
   *       <td>{@code dir} (required here; without a disk, large content would be refused
   *       visibly)</td></tr>
   *   <tr><td>{@code disk_max_mb}</td><td>500</td>
   *       <td>{@code disk} tier, {@code capacity=500MB}</td></tr>
   *   <tr><td>{@code disk_ttl_seconds}</td><td>3600</td><td>{@code ttl=1h}</td></tr>
   *   <tr><td>promotion of disk hits under the threshold</td><td>yes</td>
   *       <td>yes (a disk hit is promoted when the memory rule accepts it)</td></tr>
   *   <tr><td>(write-through, spill)</td><td>no, no</td><td>off, off</td></tr>
   * </table>
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
    ByteBuffer content = lookUp(key);
    if (content == null) {
      stats.recordMiss();
    } else {
      stats.recordHit();
    }
    return content;
  }

  /**
   * Returns the content under a key, loading it on a miss: concurrent callers for the same key share
   * one load (single flight), whose content is checked against the key and stored by the stack's
   * rules.
   *
   * <p>On a miss, the first caller runs the loader; callers for the same key arriving while it runs
   * wait for it and get the same content. The loaded content is copied, then checked with
   * {@link ContentKey#matches}; if it matches it is put (stored if a tier takes it; content no tier
   * takes is still returned, and counted as a rejected put).
   *
   * <p><b>Failures.</b> Every caller of the flight (the one that ran the loader and those that waited)
   * throws a {@link CacheException} with the same message and cause, and nothing is cached, when:
   * the loader throws an exception (it is the cause; an {@link InterruptedException} also sets the
   * interrupt flag again), or the content does not match the key (no cause). Content that loaded
   * and matches but that the stack fails to store (a tier's storage failed) is still returned to
   * every caller; the failure is logged at WARN and counted as a rejected put. An {@link Error} in the
   * loader propagates to the caller that ran it and is the cause of the waiters' exceptions. A waiter
   * interrupted while waiting throws a {@code CacheException} with its interrupt flag set.
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
    return loads.run(key, () -> loadAndStore(key, loader));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Puts into the first tier whose rule accepts the size and that takes the content, or with
   * write-through into every accepting tier. A tier that refuses passes the content on; one that
   * fails passes it on too, but is reported if no tier stored the content, or with write-through
   * (see the class description).
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
    boolean stored;
    try {
      stored = Placement.put(layers, writeThrough, key, content);
    } catch (CacheException e) {
      stats.recordRejectedPut();
      throw e;
    }
    if (stored) {
      stats.recordPut();
    } else {
      stats.recordRejectedPut();
    }
    return stored;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Removes from every tier.
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
    for (Layer layer : layers) {
      if (layer.contains(key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@inheritDoc}
   *
   * @throws CacheException if a tier failed, after every other tier has been cleared
   */
  @Override
  public void clear() {
    EveryTier.run(layers, "clear", null, tier -> {
      tier.clear();
      return true;
    });
  }

  /**
   * {@inheritDoc}
   *
   * @return the sum over the tiers; a tier that throws is skipped and counted
   */
  @Override
  public long evictExpired() {
    long removed = 0;
    for (Layer layer : layers) {
      try {
        removed += layer.tier().evictExpired();
        layer.succeeded();
      } catch (RuntimeException e) {
        layer.failed("evictExpired", null, e);
      }
    }
    return removed;
  }

  /**
   * {@inheritDoc}
   *
   * @return the sum over the tiers
   */
  @Override
  public long sizeBytes() {
    long sum = 0;
    for (Layer layer : layers) {
      sum += layer.tier().sizeBytes();
    }
    return sum;
  }

  /**
   * {@inheritDoc}
   *
   * @return the sum over the tiers; content held by two tiers counts twice
   */
  @Override
  public long entryCount() {
    long sum = 0;
    for (Layer layer : layers) {
      sum += layer.tier().entryCount();
    }
    return sum;
  }

  /**
   * {@inheritDoc}
   *
   * @return the sum over the tiers, or {@link Long#MAX_VALUE} if it does not fit in a {@code long}
   */
  @Override
  public long capacityBytes() {
    long sum = 0;
    for (Layer layer : layers) {
      long capacity = layer.tier().capacityBytes();
      sum = capacity > Long.MAX_VALUE - sum ? Long.MAX_VALUE : sum + capacity;
    }
    return sum;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Hits, misses, puts and rejected puts are the stack's own, as callers saw them; evictions,
   * expirations, damaged entries, size and entry count are sums over the tiers (see the class description).
   */
  @Override
  public TierStats stats() {
    TierStats sum = TierStats.EMPTY;
    for (Layer layer : layers) {
      sum = sum.plus(layer.tier().stats());
    }
    TierStats own = stats.snapshot(sum.sizeBytes(), sum.entryCount());
    return new TierStats(own.hits(), own.misses(), own.puts(), own.rejectedPuts(),
        sum.evictions(), sum.expirations(), sum.damaged(), sum.sizeBytes(), sum.entryCount());
  }

  /**
   * Returns each tier's own statistics and failure count, fastest tier first.
   *
   * @return one report per tier, in stack order; never empty
   */
  public List<TierReport> tierStats() {
    List<TierReport> reports = new ArrayList<>(layers.size());
    for (Layer layer : layers) {
      reports.add(new TierReport(layer.name(), layer.rule(), layer.tier().stats(), layer.failures()));
    }
    return List.copyOf(reports);
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@link TierCapability#PERSISTENT} and {@link TierCapability#SHARED} when every tier declares
   * them; never {@link TierCapability#STREAMING}.
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
    return spill.from(position, null);
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
    EveryTier.run(layers.stream().filter(Layer::owned).toList(), "close", null, tier -> {
      tier.close();
      return true;
    });
  }

  /** Returns the tiers with their rules and the options, such as {@code TieredCache[memory < 102400B ; disk any]}. */
  @Override
  public String toString() {
    String tiers = layers.stream().map(Layer::toString).collect(Collectors.joining(" ; "));
    String options = writeThrough || spillOption
        ? " ; options(" + (writeThrough ? "write-through" : "")
            + (writeThrough && spillOption ? ", " : "") + (spillOption ? "spill" : "") + ")"
        : "";
    return "TieredCache[" + tiers + options + "]";
  }

  /** For tests: how many callers wait for another caller's load of a key. */
  int loadWaiters(ContentKey key) {
    return loads.waiters(key);
  }

  /** Reads the tiers fastest first, promoting a lower hit; counts nothing in the stack's stats. */
  private ByteBuffer lookUp(ContentKey key) {
    for (int i = 0; i < layers.size(); i++) {
      ByteBuffer content = layers.get(i).get(key);
      if (content != null) {
        if (i > 0) {
          promote(i, key, content);
        }
        return content;
      }
    }
    return null;
  }

  private void promote(int hitPosition, ContentKey key, ByteBuffer content) {
    int size = content.remaining();
    for (int i = 0; i < hitPosition; i++) {
      Layer upper = layers.get(i);
      if (upper.accepts(size)) {
        upper.put(key, content);
      }
    }
  }

  /** The leader's work of a single flight; throws {@link CacheException} to fail every caller. */
  private ByteBuffer loadAndStore(ContentKey key, Loader loader) {
    // A flight for this key may have stored the content between this caller's miss and its becoming
    // leader; looking again means a finished load is not repeated.
    ByteBuffer stored = lookUp(key);
    if (stored != null) {
      return stored;
    }
    byte[] loaded;
    try {
      loaded = loader.load(key);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("loading " + key + " was interrupted; nothing was cached", e);
    } catch (Exception e) {
      throw new CacheException("loading " + key + " failed: " + e + "; nothing was cached", e);
    }
    if (loaded == null) {
      return null;
    }
    // Our own copy: the loader may reuse its array, and this one is handed out to every caller.
    byte[] content = loaded.clone();
    if (!key.matches(content)) {
      ContentKey actual = ContentKey.compute(key.algorithm(), content);
      throw new CacheException("content loaded for " + key + " does not match the key: its "
          + key.algorithm().label() + " digest is " + actual.hex() + " (" + content.length
          + " bytes); nothing was cached");
    }
    try {
      put(key, content);
    } catch (CacheException e) {
      // The callers asked for the content, which is here and checked; that the stack could not
      // keep it is the stack's to report, as for a failure absorbed by another tier.
      LOG.warn("loaded {} but could not cache it: {}", key, e.getMessage());
    }
    return ByteBuffer.wrap(content).asReadOnlyBuffer();
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
    private boolean spill;

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
      plans.add(TierPlan.ofProvider(rule, provider, config));
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
      plans.add(TierPlan.ofInstance(rule, tier));
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
      this.spill = enabled;
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
      List<Layer> layers = TierPlan.openAll(plans, spill ? spillRoute : null);
      spillRoute.attach(layers);
      return new TieredCache(layers, writeThrough, spill, spillRoute);
    }

    /** Adds a provider-id tier with the text the user wrote it as, for error messages. */
    Builder tier(SizeRule rule, String providerId, TierConfig config, String source) {
      Objects.requireNonNull(rule, "size rule must not be null");
      plans.add(TierPlan.ofProviderId(rule, providerId, config, source));
      return this;
    }
  }
}
