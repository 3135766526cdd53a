package org.tiercache.tiered.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;

/**
 * Puts content into the tiers of a stack by their rules, and decides what a tier's failure means
 * for the caller.
 *
 * <p>A tier's {@code put} answers {@code false} when it refuses content by policy and throws when
 * its storage fails ({@code CacheTier}'s contract). A refusal passes the content on; a failure is
 * never taken for one:
 * <ul>
 *   <li>Without write-through, content goes to the first accepting tier that stores it; a tier that
 *       fails passes it on too. If some tier stored it, the put succeeds and the failures are the
 *       stack's to report (counted, logged once per streak). If none stored it and one failed, the
 *       put throws: the caller must not believe content is cached that is not.
 *   <li>With write-through, content goes to every accepting tier, and write-through promises that
 *       it reached each of them (the persistent one, typically). If any fails, the put throws, after
 *       removing the copies this put made in the other tiers, so that a put that throws leaves no
 *       copy behind, as {@code CacheTier.put} promises. (A copy the key had before the put may go
 *       with them; a cache may always drop an entry.)
 * </ul>
 * The exception names the first tier that failed and its cause; the other failures are suppressed.
 * Failures that end in an exception are counted but logged only at DEBUG, since the caller is told.
 */
public final class Placement {
  private Placement() {}

  /**
   * Writes content into one tier: {@code tier.put(key, content)} for content in memory, a copy
   * streamed from another tier for content that is not.
   */
  @FunctionalInterface
  public interface Write {
    /**
     * Writes the content into a tier.
     *
     * @param tier the tier
     * @return whether the tier now holds it; {@code false} if it refused it by policy
     * @throws RuntimeException if the tier failed
     */
    boolean into(CacheTier tier);
  }

  /**
   * Puts content into the tiers whose rule accepts its size.
   *
   * @param layers the stack, fastest first
   * @param writeThrough whether every accepting tier gets the content
   * @param key the key
   * @param size the content's length
   * @param write how to write it into a tier
   * @return {@code true} if a tier now holds it; {@code false} if no tier's rule accepts its size or
   *     every accepting tier refused it by policy
   * @throws CacheException if no tier stored it and a tier failed, or, with write-through, if any
   *     accepting tier failed
   */
  public static boolean put(List<Layer> layers, boolean writeThrough, ContentKey key, long size,
      Write write) {
    List<Layer> accepting = new ArrayList<>(layers.size());
    for (Layer layer : layers) {
      if (layer.accepts(size)) {
        accepting.add(layer);
      }
    }
    return offer(accepting, writeThrough, key, size, List.of(), write);
  }

  /**
   * Offers content to tiers in order, by the rules above, when some tiers may hold it already (the
   * tier a stream was written into).
   *
   * @param candidates the tiers to offer it to, in stack order
   * @param writeThrough whether every candidate gets the content
   * @param key the key
   * @param size the content's length
   * @param storedAlready tiers that hold the content already, by this put; with write-through,
   *     their copies are removed too if a candidate fails
   * @param write how to write it into a tier
   * @return {@code true} if a tier now holds it
   * @throws CacheException if no tier stored it and a tier failed, or, with write-through, if any
   *     candidate failed
   */
  public static boolean offer(List<Layer> candidates, boolean writeThrough, ContentKey key,
      long size, List<Layer> storedAlready, Write write) {
    List<Layer> stored = new ArrayList<>(storedAlready);
    List<Failure> failures = new ArrayList<>(0);
    for (Layer layer : candidates) {
      if (!writeThrough && !stored.isEmpty()) {
        break;
      }
      boolean took;
      try {
        took = layer.writeOrThrow(key, write);
        layer.succeeded();
      } catch (RuntimeException e) {
        failures.add(new Failure(layer, e));
        continue;
      }
      if (took) {
        stored.add(layer);
      }
    }
    if (failures.isEmpty()) {
      return !stored.isEmpty();
    }
    if (!writeThrough && !stored.isEmpty()) {
      failures.forEach(f -> f.layer().failed("put", key, f.error()));
      return true;
    }
    failures.forEach(f -> f.layer().failedAndReported("put", key, f.error()));
    throw failure(key, size, writeThrough, stored, failures);
  }

  private static CacheException failure(ContentKey key, long size, boolean writeThrough,
      List<Layer> stored, List<Failure> failures) {
    Failure first = failures.get(0);
    String what = writeThrough
        ? "write-through of " + key + " (" + size + " bytes) failed"
        : "no tier stored " + key + " (" + size + " bytes)";
    StringBuilder message = new StringBuilder(what).append(": ")
        .append(first.layer().describe()).append(" failed: ").append(describe(first.error()));
    List<Throwable> suppressed = new ArrayList<>();
    for (Failure other : failures.subList(1, failures.size())) {
      suppressed.add(other.error());
    }
    if (!stored.isEmpty()) {
      // Write-through only: the copies this put made are taken back.
      List<String> removed = new ArrayList<>();
      for (Layer copy : stored) {
        try {
          copy.tier().remove(key);
          removed.add(copy.describe());
        } catch (RuntimeException e) {
          copy.failedAndReported("remove", key, e);
          suppressed.add(e);
        }
      }
      if (!removed.isEmpty()) {
        message.append("; the copy in ").append(String.join(", ", removed))
            .append(removed.size() == 1 ? " was" : " were").append(" removed");
      }
    }
    if (failures.size() > 1) {
      message.append(" (also failed: ").append(failures.subList(1, failures.size()).stream()
          .map(f -> f.layer().describe()).collect(Collectors.joining(", "))).append(')');
    }
    CacheException thrown = new CacheException(message.toString(), first.error());
    suppressed.forEach(thrown::addSuppressed);
    return thrown;
  }

  /**
   * A failure as a message names it: the tier's own message, and the root cause's when the tier's
   * does not already say it ({@code No space left on device}).
   *
   * @param failure what the tier threw
   * @return one line
   */
  public static String describe(Throwable failure) {
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String rootMessage = root.getMessage();
    if (root != failure && rootMessage != null && !message.contains(rootMessage)) {
      message = message + ": " + rootMessage;
    }
    return message;
  }

  private record Failure(Layer layer, RuntimeException error) {}
}
