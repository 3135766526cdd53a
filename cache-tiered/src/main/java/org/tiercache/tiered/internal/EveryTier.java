package org.tiercache.tiered.internal;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;

/**
 * Runs an operation that must reach every tier of a stack ({@code remove}, {@code clear},
 * {@code close}) even if one fails, then throws for the first failure with the others suppressed:
 * the caller must learn that content may remain. Or one whose failure leaves the caller nothing to
 * learn ({@code evictExpired}), which skips a tier that fails.
 */
public final class EveryTier {
  private EveryTier() {}

  /**
   * Runs an operation on each layer.
   *
   * @param layers the layers, in stack order
   * @param operation the operation's name, such as {@code remove}, for messages and the record
   * @param key the key involved, or {@code null}
   * @param action the operation; answers whether it did something (such as removed a live entry)
   * @return whether any layer's action answered {@code true}
   * @throws CacheException naming the first layer that failed, its failure as cause, the others
   *     suppressed
   */
  public static boolean run(List<Layer> layers, String operation, ContentKey key,
      Predicate<CacheTier> action) {
    boolean any = false;
    CacheException failure = null;
    for (Layer layer : layers) {
      try {
        any |= action.test(layer.tier());
        layer.succeeded();
      } catch (RuntimeException e) {
        layer.failedAndReported(operation, key, e);
        if (failure == null) {
          failure = new CacheException(operation + (key == null ? "" : " of " + key)
              + " failed in tier '" + layer.name() + "': " + e, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
    return any;
  }

  /**
   * Clears every layer's tier, going on past a tier that fails.
   *
   * @param layers the layers, in stack order
   * @throws CacheException as {@link #run} throws, after every other tier has been cleared
   */
  public static void clear(List<Layer> layers) {
    run(layers, "clear", null, tier -> {
      tier.clear();
      return true;
    });
  }

  /**
   * Closes the tiers the stack created from a provider, fastest first, going on past a tier that
   * fails; tiers passed in as instances are their creator's to close.
   *
   * @param layers the layers, in stack order
   * @throws CacheException as {@link #run} throws, after every other owned tier has been closed
   */
  public static void closeOwned(List<Layer> layers) {
    run(layers.stream().filter(Layer::owned).toList(), "close", null, tier -> {
      tier.close();
      return true;
    });
  }

  /**
   * Runs a counting operation on each layer and sums the counts, skipping a layer that fails (the
   * failure is counted and logged as a read's is).
   *
   * @param layers the layers, in stack order
   * @param operation the operation's name, such as {@code evictExpired}, for the record
   * @param action the operation; answers its count
   * @return the sum over the layers that did not fail
   */
  public static long sum(List<Layer> layers, String operation, ToLongFunction<CacheTier> action) {
    long sum = 0;
    for (Layer layer : layers) {
      try {
        sum += action.applyAsLong(layer.tier());
        layer.succeeded();
      } catch (RuntimeException e) {
        layer.failed(operation, null, e);
      }
    }
    return sum;
  }
}
