package org.tiercache.redis.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.tiercache.api.CacheException;
import redis.clients.jedis.UnifiedJedis;

/**
 * How the tier's calls reach the server and what each came to ({@link Outcome}): an answer,
 * decoded; an outage, told to {@link Availability} (which decides when to try again) and to
 * {@link RedisHealth}; a refusal for want of memory, told to {@link MemoryPressure}; anything
 * else, a {@link CacheException} naming the server, the call and the failure, with no secret in it.
 *
 * <p>On a cluster each shard has an {@link Availability} of its own, since its slot's primary may
 * be gone while the others serve: an outage then costs only the shards it touches, and calls that
 * span shards are made shard by shard ({@link #groups}). On one server (or Sentinel) the shards
 * share one, and such calls go in one pipeline.
 */
final class ServerCalls {
  private final RedisSettings settings;
  private final UnifiedJedis redis;
  private final Runnable dropIdle;
  // By shard index: one instance for every shard, or one each on a cluster.
  private final List<Availability> availabilities;
  private final MemoryPressure memory;
  private final RedisHealth health;
  private final Secrets secrets;

  ServerCalls(RedisSettings settings, UnifiedJedis redis, Runnable dropIdle,
      List<Availability> availabilities, MemoryPressure memory, RedisHealth health) {
    this.settings = settings;
    this.redis = redis;
    this.dropIdle = dropIdle;
    this.availabilities = List.copyOf(availabilities);
    this.memory = memory;
    this.health = health;
    this.secrets = settings.secrets();
  }

  // The shards in groups that may share a call: all of them when they share one availability,
  // else each alone (in the order given, each once).
  List<List<Shard>> groups(Collection<Shard> shards) {
    List<Shard> distinct = new ArrayList<>(new LinkedHashSet<>(shards));
    if (availabilities.get(0) == availabilities.get(availabilities.size() - 1)) {
      return List.of(distinct);
    }
    List<List<Shard>> alone = new ArrayList<>(distinct.size());
    for (Shard shard : distinct) {
      alone.add(List.of(shard));
    }
    return alone;
  }

  // Whether some shard's server is known to be down now.
  boolean anyDown() {
    return availabilities.stream().anyMatch(Availability::isDown);
  }

  // Whether every shard's server is known to be down now.
  boolean allDown() {
    return availabilities.stream().allMatch(Availability::isDown);
  }

  // A call that could not reach the server of a shard, and what that cost (a put not stored,
  // say): named by host and port only, the cause scrubbed.
  CacheException unavailable(Shard shard, String consequence) {
    RuntimeException cause = availabilities.get(shard.index()).lastFailure();
    String why = cause == null ? "" : ": " + secrets.scrub(String.valueOf(cause.getMessage()));
    return new CacheException("redis at " + settings.hostAndPort() + " unavailable ("
        + consequence + why + ")",
        cause == null ? null : secrets.scrub(cause));
  }

  // Runs a script alone on one shard: its reply, decoded, or empty when the server cannot be used
  // now or refused for want of memory.
  <T> Optional<T> run(Shard shard, String operation, Script script, Function<Object, T> decoder,
      byte[]... args) {
    return call(shard, operation,
        () -> script.run(redis, shard.scriptKeys(), args(shard, args)), decoder).answer();
  }

  // The shard's content prefix, which every script takes first, then the arguments.
  static List<byte[]> args(Shard shard, byte[]... args) {
    byte[][] all = new byte[args.length + 1][];
    all[0] = shard.contentPrefix();
    System.arraycopy(args, 0, all, 1, args.length);
    return Arrays.asList(all);
  }

  // Runs a call to the server of a shard (and of the others of its group) and decodes its reply;
  // any failure that is neither an outage nor a refusal for want of memory, and any reply the
  // decoder does not expect, is a CacheException.
  <R, T> Outcome<T> call(Shard shard, String operation, Supplier<R> call,
      Function<? super R, T> decoder) {
    Availability availability = availabilities.get(shard.index());
    if (!availability.mayTry(operation)) {
      return Outcome.unavailable();
    }
    R raw;
    try {
      raw = call.get();
    } catch (RuntimeException e) {
      if (Availability.isOutOfMemory(e)) {
        // The server answered: no outage, and nothing of the call was written.
        availability.succeeded();
        if (memory.refused(operation, e)) {
          health.fullBegan();
        }
        return Outcome.full();
      }
      if (Availability.isOutage(e)) {
        if (availability.failed(operation, e)) {
          health.outageBegan();
        }
        // Idle connections to a server that went away are dead too: drop them now, or each would
        // fail one call after the server is back and start a new outage of its own.
        dropIdle.run();
        return Outcome.unavailable();
      }
      throw failed(operation, e);
    }
    availability.succeeded();
    try {
      return Outcome.answered(decoder.apply(raw));
    } catch (CacheException e) {
      throw failed(operation, e);
    }
  }

  CacheException failed(String operation, RuntimeException failure) {
    return secrets.scrub(new CacheException("redis tier at " + settings.where() + ": "
        + operation + " failed: " + failure.getMessage(), failure));
  }
}
