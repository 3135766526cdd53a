package org.tiercache.redis.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierHealth;
import org.tiercache.api.TierStats;
import org.tiercache.redis.internal.Replies.ContainsReply;
import org.tiercache.redis.internal.Replies.ListReply;
import org.tiercache.redis.internal.Replies.PutReply;
import org.tiercache.redis.internal.Replies.RemoveReply;
import redis.clients.jedis.UnifiedJedis;

/**
 * A cache shared through a Redis server: every process that opens the same server and prefix sees
 * one cache under one byte bound.
 *
 * <p><b>Where the rules live.</b> Each operation is one Lua script ({@link Script}), run atomically
 * by the server in one round trip, over the keys of a {@link Namespace}; a get sends a plain GET of
 * the content right behind its script, so that content read never passes through Lua, which copies
 * it; a put hands small content to its script, and stages large content in the same pipeline
 * ({@link Staging}). {@link #getAll} and {@link #putAll} send many of
 * these in one pipeline: one round trip for the lot. The bound, the LRU order (a use counter in Redis, so the order is
 * exact for one client and global across clients, whatever their clocks), the reclaiming of
 * expired entries before live ones, and the counts of bytes and entries are all decided there. This
 * class only passes arguments, the time among them: ages are measured on the tier's
 * {@link CacheClock}, so a test moves them without sleeping, and every client of one namespace
 * should run the same TTL, capacity and backstop on clocks that agree.
 *
 * <p><b>Statistics.</b> Hits, misses, puts and refusals are this client's, counted here; evictions
 * and expirations are those its own calls caused, as the scripts report them. Size and count are
 * the namespace's, read from the server.
 *
 * <p><b>Replies.</b> Every reply is decoded into its script's record ({@link Replies}) before it is
 * used; what a call came to is an {@link Outcome}: answered, unavailable (an outage) or full. So a
 * reply no script gives (nil among them) is never taken for an outage nor for a success: it raises
 * {@link CacheException} naming the server, the script and the reply.
 *
 * <p><b>Outages.</b> A put that cannot reach the server, or that the server cannot serve now, throws
 * {@link CacheException} ({@code redis at host:port unavailable}): a put returns {@code false} only
 * when refused by policy. Every other call goes on: a get is a miss, contains is false, remove
 * removes nothing, clear and evictExpired do nothing, size and count are the last read. Gets are
 * counted as misses; a failed put is not a rejected put (nothing refused the content): a composer
 * counts it as a failure of the tier, and {@link Availability} counts it for its log, which tells
 * the outage once and decides when to try again, on a ticker of its own (not the {@link CacheClock}
 * of entries' ages). A server out of memory refuses a put ({@code false}, counted as a rejected
 * put, logged once per streak by {@link MemoryPressure}), nothing half written. Other failures (a
 * refused login, a foreign key of the wrong type under the prefix) raise {@link CacheException}.
 *
 * <p><b>Healing.</b> Each script reports whether the bookkeeping can be right; the
 * {@link Reconciler} rebuilds it from what is on the server when it cannot, and periodically.
 *
 * <p><b>Secrets.</b> Nothing this class says (exceptions, the causes they carry, logs,
 * {@code toString}) shows the password: see {@link Secrets}.
 */
final class RedisTier implements CacheTier {
  private static final byte[] LIST_PAGE_ARG = EpochDigits.number(Listing.PAGE);

  private final RedisSettings settings;
  private final UnifiedJedis redis;
  private final Namespace namespace;
  private final MemoryPressure memory;
  // One per shard, by index.
  private final List<Reconciler> reconcilers;
  private final ServerCalls calls;
  private final Secrets secrets;
  private final SharedCounts stats;
  private final CacheClock clock;
  private final RedisHealth health;
  private final long capacityBytes;
  private final Expiry expiry;
  private final byte[] backstopArg;
  private final Gets gets;
  private final Upkeep upkeep;
  private final Staging staging = new Staging();
  private final AtomicBoolean closed = new AtomicBoolean();

  private RedisTier(RedisSettings settings, Connections connections, LongSupplier ticker) {
    this.settings = settings;
    this.redis = connections.redis();
    this.capacityBytes = settings.capacityBytes();
    this.namespace = new Namespace(settings.namespace(), settings.shards(), capacityBytes);
    this.secrets = settings.secrets();
    // On a cluster each shard may lose its primary alone: an availability each, so an outage
    // costs only the shards it touches. Elsewhere one server serves them all.
    List<Availability> availabilities = new ArrayList<>();
    boolean apart = settings.server().kind() == ServerAddress.Kind.CLUSTER;
    for (Shard shard : namespace.shards()) {
      availabilities.add(shard.index() > 0 && !apart ? availabilities.get(0)
          : new Availability(apart ? where(settings, shard) : settings.where(),
              settings.retryInterval(), ticker, secrets));
    }
    this.memory = new MemoryPressure(settings.where(), secrets);
    this.clock = settings.clock();
    this.health = new RedisHealth(settings.hostAndPort(),
        settings.hostAndPort() + " prefix '" + namespace + "'", clock);
    this.calls = new ServerCalls(settings, redis, connections.dropIdle(), availabilities, memory,
        health);
    this.expiry = new Expiry(settings.ttlNanos());
    this.backstopArg = EpochDigits.number(settings.backstop().toMillis());
    this.stats = SharedCounts.open(redis, namespace.statsKey(), clock.epochNanos(),
        calls::allDown, SharedCounts.DAEMON);
    this.upkeep = new Upkeep(redis, namespace, calls, stats, clock, expiry, backstopArg);
    List<Reconciler> healers = new ArrayList<>();
    for (Shard shard : namespace.shards()) {
      String where = where(settings, shard);
      healers.add(new Reconciler(new Reconciler.Server() {
        @Override
        public <T> Optional<T> run(String phase, String cursor, Function<Object, T> decoder) {
          return upkeep.reconcileBatch(shard, phase, cursor, decoder);
        }
      }, where, settings.reconcileInterval(), ticker));
    }
    this.reconcilers = List.copyOf(healers);
    upkeep.healedBy(reconcilers);
    this.gets = new Gets(redis, namespace, calls, stats, reconcilers, memory, health, clock,
        expiry, backstopArg);
  }

  /**
   * Opens a tier: makes the connection pool and asks the server once whether it answers, and
   * whether the namespace's bookkeeping looks right (if not, the first calls reconcile it). An
   * unreachable server is an outage, logged, not an error: the tier starts serving when the server
   * does.
   *
   * @throws CacheException if the server answers but refuses the tier (a wrong password, say)
   */
  static RedisTier open(RedisSettings settings) {
    return open(settings, System::nanoTime);
  }

  /**
   * Opens a tier whose network time (the retry interval of an outage, the reconciliation's
   * intervals) is read from {@code ticker}, in nanoseconds, which tests move by hand. It is not the
   * settings' {@link CacheClock}: that one measures the ages of entries, and a clock a user holds
   * still for them must not hold an outage still too.
   *
   * @throws CacheException if the server answers but refuses the tier (a wrong password, say)
   */
  static RedisTier open(RedisSettings settings, LongSupplier ticker) {
    RedisTier tier = new RedisTier(settings, Connections.open(settings), ticker);
    try {
      tier.occupancy();
    } catch (RuntimeException e) {
      tier.close();
      throw e;
    }
    return tier;
  }

  @Override
  public String id() {
    return RedisTierProvider.ID;
  }

  /**
   * {@inheritDoc}
   *
   * <p>One round trip: the script checks the entry's age, reclaims it if expired, and otherwise
   * marks it used; a GET of the content follows it on the connection, not in a transaction
   * (content under a key never changes). When that GET finds nothing (the content vanished behind
   * the scripts' back), the get is a miss and a second call reclaims the entry. A server out of
   * memory still serves it: the script's first write then frees.
   */
  @Override
  public ByteBuffer get(ContentKey key) {
    return gets.get(key);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One round trip for all the keys: one script for up to 1000 keys ({@code get-all.lua}, which
   * does what {@code get.lua} does for each, in order) and an MGET of their content behind it, each
   * such pair written to one pipeline. During an outage every key is a miss.
   */
  @Override
  public Map<ContentKey, ByteBuffer> getAll(Collection<ContentKey> keys) {
    return gets.getAll(keys);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One round trip, one script, atomic: it drops the key's old entry (or rewrites it in place),
   * reclaims expired entries (oldest write first), then evicts least recently used ones until the
   * content fits, records the entry and stores the content with its backstop expiry. Content larger
   * than the capacity is refused here, without a call.
   *
   * @return {@code false} if refused by policy: content larger than the capacity, or a server out
   *     of memory (then nothing of the put was written)
   * @throws CacheException if the server cannot be reached or cannot serve now (the message begins
   *     {@code redis at host:port unavailable}, the cause is the client's failure, and the put is
   *     not counted as rejected); or, naming the script and the reply, if the server replied what
   *     the script never does
   */
  @Override
  public boolean put(ContentKey key, byte[] content) {
    Objects.requireNonNull(key, "key must not be null");
    Objects.requireNonNull(content, "content must not be null");
    return putAll(Map.of(key, content)).get(key);
  }

  /**
   * {@inheritDoc}
   *
   * <p>One round trip for all the entries: each entry's put script, as {@link #put} sends it,
   * written to one pipeline; each is atomic on its own. During an outage this throws, as
   * {@link #put} does, and the entries the server took before it went away stay stored.
   */
  @Override
  public Map<ContentKey, Boolean> putAll(Map<ContentKey, byte[]> entries) {
    Objects.requireNonNull(entries, "entries must not be null");
    List<ContentKey> sent = new ArrayList<>(entries.size());
    List<Shard> shards = new ArrayList<>(entries.size());
    List<List<byte[]>> keyLists = new ArrayList<>(entries.size());
    List<List<byte[]>> argLists = new ArrayList<>(entries.size());
    List<byte[][]> stagings = new ArrayList<>(entries.size());
    // Staged only where the staging SET and the script share a pipeline: one round trip.
    boolean mayStage = Script.pipelines(redis);
    Map<ContentKey, Boolean> stored = new LinkedHashMap<>();
    long now = clock.epochNanos();
    byte[] written = EpochDigits.exact(Math.max(now, 0));
    byte[] writtenMicros = EpochDigits.micros(Math.max(now, 0));
    byte[] cutoff = expiry.cutoff(now);
    byte[] cutoffMicros = expiry.cutoffMicros(now);
    entries.forEach((key, content) -> {
      Objects.requireNonNull(key, "key must not be null");
      Objects.requireNonNull(content, () -> "content of " + key + " must not be null");
    });
    for (Map.Entry<ContentKey, byte[]> entry : entries.entrySet()) {
      ContentKey key = entry.getKey();
      byte[] content = entry.getValue();
      stored.put(key, false);
      Shard shard = namespace.shardOf(key);
      if (content.length > shard.capacityBytes()) {
        stats.recordRejectedPut();
        continue;
      }
      sent.add(key);
      shards.add(shard);
      keyLists.add(shard.scriptKeys());
      byte[] stagingKey = mayStage && Staging.stages(content.length) ? staging.key(shard, key)
          : null;
      stagings.add(stagingKey == null ? null : Staging.set(stagingKey, content));
      byte[][] args = {Namespace.id(key), EpochDigits.number(content.length),
          shard.capacityArg(), written, writtenMicros, cutoff, cutoffMicros,
          stagingKey == null ? content : EpochDigits.none(), backstopArg, stagingKey};
      argLists.add(ServerCalls.args(shard,
          stagingKey == null ? Arrays.copyOf(args, args.length - 1) : args));
    }
    if (sent.isEmpty()) {
      return stored;
    }
    String operation = entries.size() == 1 ? "put" : "putAll";
    CacheException unavailable = null;
    for (List<Shard> group : calls.groups(shards)) {
      List<Integer> in = new ArrayList<>();
      for (int i = 0; i < sent.size(); i++) {
        if (group.contains(shards.get(i))) {
          in.add(i);
        }
      }
      Outcome<List<Object>> outcome = calls.call(group.get(0), operation,
          () -> Script.PUT.runEach(redis, pick(keyLists, in), pick(argLists, in),
              pick(stagings, in)),
          replies -> replies);
      switch (outcome.kind()) {
        case UNAVAILABLE -> {
          // A failure, not a refusal: not a rejected put. Availability counts it for its log, and
          // a composer counts it as a failure of this tier. The other shards' puts go on.
          if (unavailable == null) {
            unavailable = calls.unavailable(group.get(0), operation + " into prefix '"
                + namespace + "' not stored");
          }
        }
        case FULL -> in.forEach(i -> stats.recordRejectedPut());
        case ANSWERED -> {
          List<Object> replies = outcome.answer().orElseThrow();
          for (int j = 0; j < in.size(); j++) {
            int i = in.get(j);
            stored.put(sent.get(i), count(operation, replies.get(j),
                reconcilers.get(shards.get(i).index())));
          }
          group.forEach(shard -> reconcilers.get(shard.index()).afterCall());
        }
        default -> throw new IllegalStateException("no outcome " + outcome);
      }
    }
    if (unavailable != null) {
      throw unavailable;
    }
    return stored;
  }

  private static <T> List<T> pick(List<T> all, List<Integer> indices) {
    List<T> picked = new ArrayList<>(indices.size());
    indices.forEach(i -> picked.add(all.get(i)));
    return picked;
  }


  // Counts one put from its script's reply: stored, refused, or refused for memory.
  private boolean count(String operation, Object raw, Reconciler reconciler) {
    if (raw instanceof RuntimeException failure) {
      if (!Availability.isOutOfMemory(failure)) {
        throw calls.failed(operation, failure);
      }
      if (memory.refused(operation, failure)) {
        health.fullBegan();
      }
      stats.recordRejectedPut();
      return false;
    }
    PutReply reply;
    try {
      reply = PutReply.decode(raw);
    } catch (CacheException e) {
      throw calls.failed(operation, e);
    }
    memory.relieved();
    reconciler.observe(reply.health());
    if (reply.status() != PutReply.Status.STORED) {
      stats.recordRejectedPut();
      return false;
    }
    stats.recordPut();
    stats.recordEvictions(reply.evicted());
    stats.recordExpirations(reply.reclaimed());
    return true;
  }

  /**
   * {@inheritDoc}
   *
   * <p>An expired entry, or one whose content vanished, is removed too, counted as an expiration,
   * and this returns {@code false}.
   */
  @Override
  public boolean remove(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Shard shard = namespace.shardOf(key);
    Optional<RemoveReply> reply = calls.run(shard, "remove", Script.REMOVE, RemoveReply::decode,
        Namespace.id(key), expiry.cutoff(clock.epochNanos()));
    if (reply.isEmpty()) {
      return false;
    }
    if (reply.get().status() == RemoveReply.Status.RECLAIMED) {
      stats.recordExpirations(1);
    }
    reconcilers.get(shard.index()).afterCall();
    return reply.get().status() == RemoveReply.Status.REMOVED;
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads only: neither recency nor counters change.
   */
  @Override
  public boolean contains(ContentKey key) {
    Objects.requireNonNull(key, "key must not be null");
    Shard shard = namespace.shardOf(key);
    Optional<ContainsReply> reply = calls.run(shard, "contains", Script.CONTAINS,
        ContainsReply::decode, Namespace.id(key), expiry.cutoff(clock.epochNanos()));
    if (reply.isEmpty()) {
      return false;
    }
    reconcilers.get(shard.index()).afterCall();
    return reply.get().live();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Removes the entries of this namespace only, a batch per call so that the server stays
   * responsive; entries other clients put meanwhile may stay. A namespace whose bookkeeping was
   * damaged is emptied too: entries only {@code meta} knows are indexed again and dropped, and
   * content no entry describes is deleted (a SCAN of the keyspace, in batches), when the
   * bookkeeping shows the damage.
   */
  @Override
  public void clear() {
    upkeep.clear();
  }

  @Override
  public long evictExpired() {
    return upkeep.evictExpired();
  }

  @Override
  public long sizeBytes() {
    return occupancy()[0];
  }

  @Override
  public long entryCount() {
    return occupancy()[1];
  }

  @Override
  public long capacityBytes() {
    return capacityBytes;
  }

  @Override
  public TierStats stats() {
    long[] occupancy = occupancy();
    return stats.snapshot(occupancy[0], occupancy[1]);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Every client's of the namespace, kept on the server ({@link SharedCounts}); one round trip
   * for the occupancy and one for the counts.
   */
  @Override
  public Optional<LifetimeStats> lifetimeStats() {
    long[] occupancy = occupancy();
    return Optional.of(stats.lifetime(occupancy[0], occupancy[1]));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Down while the server cannot be reached (from the call that found it so to the first that
   * reaches it again); degraded while it refuses writes for memory (until a put is stored) or while
   * the namespace's bookkeeping, seen wrong, is being rebuilt; up otherwise. It asks the server
   * nothing.
   */
  @Override
  public TierHealth health() {
    return health.report(calls.anyDown(), memory.isFull(),
        reconcilers.stream().anyMatch(Reconciler::isRepairing));
  }

  /**
   * Returns {@link TierCapability#SHARED} (every process on the same prefix sees one cache) and
   * {@link TierCapability#LISTING}.
   */
  @Override
  public Set<TierCapability> capabilities() {
    return Set.of(TierCapability.SHARED, TierCapability.LISTING);
  }

  /**
   * {@inheritDoc}
   *
   * <p>Lists the namespace, every client's entries, a page of {@value Listing#PAGE} ids per round
   * trip, fetched as the stream is consumed: in write-time order, the size and the write time (to
   * the nanosecond) as the tier recorded them at the put. A page reads only, so listing neither
   * uses an entry nor reclaims one; entries expired (on this client's clock, at the page's
   * fetch) or whose content vanished are passed over. Nothing is held on the server between
   * pages: closing the stream early frees nothing there.
   *
   * @throws CacheException if the server cannot be reached or cannot serve now (the message
   *     begins {@code redis at host:port unavailable}): an outage is never listed as an empty
   *     cache; or, naming the script and the reply, if the server replied what the script never
   *     does
   */
  @Override
  public Stream<EntryInfo> entries() {
    List<Spliterator<EntryInfo>> listings = new ArrayList<>();
    for (Shard shard : namespace.shards()) {
      listings.add(new Listing((score, last) -> listPage(shard, score, last), id()));
    }
    return StreamSupport.stream(listings.size() == 1 ? listings.get(0)
        : new MergedListing(listings), false);
  }

  // One page of a shard's listing; an outage or a refusal throws, never an empty page.
  private ListReply listPage(Shard shard, byte[] score, byte[] last) {
    byte[] cutoff = expiry.cutoff(clock.epochNanos());
    Outcome<ListReply> outcome = calls.call(shard, "entries", () -> Script.LIST.run(redis,
        shard.scriptKeys(), ServerCalls.args(shard, score, last, LIST_PAGE_ARG, cutoff)),
        ListReply::decode);
    return switch (outcome.kind()) {
      case ANSWERED -> outcome.answer().orElseThrow();
      case UNAVAILABLE ->
          throw calls.unavailable(shard, "listing of prefix '" + namespace + "' stopped");
      // A script that only reads is never refused for memory; should a server do so anyway, the
      // listing cannot go on.
      case FULL -> throw new CacheException("redis at " + settings.hostAndPort()
          + " refused to list prefix '" + namespace + "': out of memory");
    };
  }

  /** Closes the connections; the entries stay on the server for the other clients. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      stats.close();
      redis.close();
    }
  }

  @Override
  public String toString() {
    return secrets.scrub("redis tier at " + settings.where() + " (capacity " + capacityBytes
        + " B, ttl " + (settings.ttl() == null ? "none" : settings.ttl()) + ")");
  }

  /**
   * Reconciles the namespace now: a whole pass, joining one under way (see {@link Reconciler}).
   *
   * @return what the pass found and did
   * @throws CacheException if the server failed a script
   */
  Reconciler.Pass reconcile() {
    Reconciler.Pass total = null;
    for (Reconciler reconciler : reconcilers) {
      Reconciler.Pass pass = reconciler.reconcileNow();
      total = total == null ? pass : total.plus(pass);
    }
    return total;
  }

  private long[] occupancy() {
    return upkeep.occupancy();
  }

  // Where a shard's keys are, for logs: the namespace's, and the shard's tag when there are many.
  private static String where(RedisSettings settings, Shard shard) {
    return settings.shards() == 1 ? settings.where()
        : settings.where() + " shard " + shard.index() + " '{" + shard.tag() + "}'";
  }
}
