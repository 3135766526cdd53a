package org.tiercache.tiered.internal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.tiercache.api.CacheException;

/**
 * Runs one piece of work per key at a time: the first caller for a key (the leader) runs it, and
 * callers for the same key that arrive while it runs wait for its result instead of running it again
 * (Go's {@code singleflight}, Caffeine's {@code AsyncCache} loading).
 *
 * <p><b>Failure.</b> The work reports failure by throwing a {@link CacheException}. The leader throws
 * that exception itself; every waiter throws a new {@code CacheException} with the same message and
 * cause, so that each has its own stack trace and all see the same failure. A
 * {@link RuntimeException} that is not a {@code CacheException}, or an {@link Error}, propagates to
 * the leader as it is and reaches the waiters as the cause of a {@code CacheException}.
 *
 * <p><b>Invariant.</b> A key is in {@link #flights} exactly while its leader runs the work; the entry
 * is removed only after its future is complete, so a waiter that found it always gets a result.
 *
 * @param <K> the key type
 * @param <V> the result type; results may be {@code null}
 */
public final class SingleFlight<K, V> {
  private final ConcurrentHashMap<K, Flight<V>> flights = new ConcurrentHashMap<>();
  /** Gives each waiter its own view of a shared result, such as a buffer's duplicate. */
  private final UnaryOperator<V> share;

  /**
   * Creates an empty set of flights.
   *
   * @param share makes the view of a result handed to each caller (called with non-null results)
   */
  public SingleFlight(UnaryOperator<V> share) {
    this.share = Objects.requireNonNull(share, "share must not be null");
  }

  /**
   * Runs the work for a key unless it is running already, in which case waits for its result.
   *
   * @param key the key
   * @param work what to run; throws {@link CacheException} to fail
   * @return the work's result, possibly {@code null}, seen through {@code share}
   * @throws CacheException if the work failed (in this caller or in the leader), or if this caller
   *     was interrupted while waiting (its interrupt flag is then set again)
   */
  public V run(K key, Supplier<V> work) {
    Flight<V> mine = new Flight<>();
    Flight<V> running = flights.putIfAbsent(key, mine);
    if (running != null) {
      return await(key, running);
    }
    try {
      V result = work.get();
      mine.future.complete(result);
      return result == null ? null : share.apply(result);
    } catch (Throwable failure) {
      mine.future.completeExceptionally(failure);
      throw failure;
    } finally {
      flights.remove(key, mine);
    }
  }

  /**
   * Returns how many callers wait for the leader of a key, for tests that must know every caller has
   * joined a flight before letting the work finish.
   *
   * @param key the key
   * @return the number of waiters, 0 if no work runs for the key
   */
  public int waiters(K key) {
    Flight<V> flight = flights.get(key);
    return flight == null ? 0 : flight.waiters.get();
  }

  private V await(K key, Flight<V> running) {
    running.waiters.incrementAndGet();
    try {
      V result = running.future.get();
      return result == null ? null : share.apply(result);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("interrupted while waiting for another caller's load of " + key, e);
    } catch (ExecutionException e) {
      Throwable failure = e.getCause();
      if (failure instanceof CacheException) {
        throw new CacheException(failure.getMessage(), failure.getCause());
      }
      throw new CacheException("the load of " + key + " by another caller failed: " + failure,
          failure);
    } finally {
      running.waiters.decrementAndGet();
    }
  }

  private static final class Flight<V> {
    final CompletableFuture<V> future = new CompletableFuture<>();
    final AtomicInteger waiters = new AtomicInteger();
  }
}
