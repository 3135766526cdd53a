package org.tiercache.tiered.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;

/**
 * A streamed put through a stack: content goes where {@link Placement} would put it, by the same
 * failure rules, holding in memory only content that a tier which keeps content in memory could
 * take.
 *
 * <p><b>In memory or streamed.</b> A tier that does not declare {@code STREAMING} takes content only
 * whole, so the stack holds content up to the largest size such a tier could take (its rule's bound,
 * its capacity), {@link #heldAtMost}. Content no larger is read whole and placed as a put of an
 * array. Larger content can go only to tiers that stream, and is never held:
 * <ul>
 *   <li>With the size declared, it streams into the first streaming tier whose rule accepts the size
 *       and whose capacity holds it.
 *   <li>Without, the stack reads up to {@code heldAtMost + 1} bytes, learning that the content is
 *       larger, and spools it into the streaming tier with the most room whose rule may still accept
 *       it. Once the size is known, the spool keeps the content if it is the first tier that accepts
 *       the size; otherwise the content is copied (streamed back out of the spool) into the first
 *       tier that does, and the spool's copy is removed.
 * </ul>
 * Write-through copies into the other accepting tiers the same way, streamed out of the tier the
 * stream went into ({@link TierCopy}).
 *
 * <p><b>Read once.</b> The caller's stream is read once: if the tier it streams into fails (or
 * refuses the content by a policy other than size), no other tier can be offered it, and the put
 * fails (or is refused). Later copies, read back from a tier, fail over as a put of an array does.
 * A failure of the caller's stream (or a declared size it does not keep) is the caller's: the put
 * fails naming it, and no tier's failure is counted.
 *
 * <p>Tiers skipped because the content is larger than their capacity refuse it without being asked,
 * so their own rejected-put counts do not see it.
 */
public final class StreamPut {
  /** The largest array the JVM hands out everywhere: content held whole is shorter. */
  static final long LARGEST_ARRAY = Integer.MAX_VALUE - 8;
  private static final int CHUNK = 64 << 10;

  private StreamPut() {}

  /**
   * Returns the largest content a tier that does not stream could take: the most the stack ever
   * holds in memory for a streamed put.
   *
   * @param layers the stack
   * @return the largest size, or -1 if every tier streams (or none takes content of any size)
   */
  public static long heldAtMost(List<Layer> layers) {
    long largest = -1;
    for (Layer layer : layers) {
      if (!layer.streams()) {
        largest = Math.max(largest, layer.largestFit());
      }
    }
    return Math.min(largest, LARGEST_ARRAY - 1);
  }

  /**
   * Puts a stream into the stack.
   *
   * @param layers the stack, fastest first
   * @param writeThrough whether every accepting tier gets the content
   * @param content the caller's stream; not closed
   * @param declaredSize the size the caller declared, or -1 if unknown
   * @param algorithm the key's digest algorithm
   * @return the key and whether a tier now holds the content
   * @throws CacheException if reading the stream fails or it breaks its declared size; if the tier it
   *     streamed into fails; or as {@link Placement#offer} for the tiers given a copy
   */
  public static PutResult put(List<Layer> layers, boolean writeThrough, InputStream content,
      long declaredSize, DigestAlgorithm algorithm) {
    SourceStream source = new SourceStream(content, declaredSize);
    long held = heldAtMost(layers);
    byte[] prefix = new byte[0];
    if (declaredSize < 0 ? held >= 0 : declaredSize <= held) {
      prefix = readUpTo(source, declaredSize < 0 ? held : declaredSize);
      if (prefix.length <= held) {
        byte[] whole = prefix;
        ContentKey key = ContentKey.compute(algorithm, whole);
        return new PutResult(key, Placement.put(layers, writeThrough, key, whole.length,
            tier -> tier.put(key, whole)));
      }
    }
    Layer target = declaredSize >= 0 ? firstFit(layers, declaredSize) : spool(layers, prefix.length);
    InputStream feed = prefix.length == 0 ? source
        : new SequenceInputStream(new ByteArrayInputStream(prefix), source);
    if (target == null) {
      return new PutResult(drain(feed, source, algorithm), false);
    }
    PutResult first;
    try {
      first = target.tier().putStream(feed, algorithm);
    } catch (RuntimeException e) {
      if (source.failed()) {
        throw source.failure(e);
      }
      target.failedAndReported("put", null, e);
      throw new CacheException("no tier stored the streamed content (" + source.count()
          + " bytes read): " + target.describe() + " failed: " + Placement.describe(e), e);
    }
    if (source.failed()) {
      // A tier that did not report its stream's failure: what it stored is not the content.
      removeCopy(target, first.key());
      throw source.failure(null);
    }
    target.succeeded();
    if (!first.stored()) {
      return first;
    }
    return new PutResult(first.key(),
        distribute(layers, writeThrough, first.key(), source.count(), target));
  }

  /**
   * Places content already written into one tier by the stack's rules, copying it from there.
   *
   * @param layers the stack
   * @param writeThrough whether every accepting tier gets the content
   * @param key the content's key
   * @param size its length
   * @param source the tier holding it
   * @return whether a tier whose rule accepts the size holds it
   */
  private static boolean distribute(List<Layer> layers, boolean writeThrough, ContentKey key,
      long size, Layer source) {
    List<Layer> order = new ArrayList<>(layers.size());
    for (Layer layer : layers) {
      if (layer == source ? layer.accepts(size) : layer.streams() && layer.fits(size)) {
        order.add(layer);
      }
    }
    int at = order.indexOf(source);
    Placement.Write copy = tier -> TierCopy.copy(source, key, tier);
    if (writeThrough) {
      List<Layer> others = new ArrayList<>(order);
      others.remove(source);
      try {
        return Placement.offer(others, true, key, size,
            at < 0 ? List.of() : List.of(source), copy);
      } finally {
        if (at < 0) {
          removeCopy(source, key);
        }
      }
    }
    if (at == 0) {
      return true;
    }
    if (at < 0) {
      try {
        return Placement.offer(order, false, key, size, List.of(), copy);
      } finally {
        removeCopy(source, key);
      }
    }
    // The spool accepts the size, but tiers before it do too: the first that stores it keeps it;
    // if none does, the spool's copy stands, and their failures are the stack's to report.
    for (Layer earlier : order.subList(0, at)) {
      try {
        boolean took = copy.into(earlier.tier());
        earlier.succeeded();
        if (took) {
          removeCopy(source, key);
          return true;
        }
      } catch (RuntimeException e) {
        earlier.failed("put", key, e);
      }
    }
    return true;
  }

  /** The first tier that streams and would take content of a size. */
  private static Layer firstFit(List<Layer> layers, long size) {
    for (Layer layer : layers) {
      if (layer.streams() && layer.fits(size)) {
        return layer;
      }
    }
    return null;
  }

  /**
   * The tier to spool content of unknown size into, at least {@code atLeast} bytes: of the tiers that
   * stream and whose rule and capacity may still take it, the one with the most room (the first of
   * those with as much), so that content any of them could take is not refused for want of room.
   */
  private static Layer spool(List<Layer> layers, long atLeast) {
    Layer roomiest = null;
    for (Layer layer : layers) {
      if (layer.streams() && layer.rule().maxBytes() > atLeast
          && layer.tier().capacityBytes() >= atLeast
          && (roomiest == null
              || layer.tier().capacityBytes() > roomiest.tier().capacityBytes())) {
        roomiest = layer;
      }
    }
    return roomiest;
  }

  /**
   * Reads the source until its end or until it has given more than {@code limit} bytes, into an array
   * that grows with what arrives.
   *
   * @return the bytes read: all of the content if at most {@code limit}, else {@code limit + 1}
   */
  private static byte[] readUpTo(SourceStream source, long limit) {
    int most = (int) (limit + 1);
    byte[] held = new byte[Math.min(CHUNK, most)];
    int count = 0;
    try {
      while (count < most) {
        if (count == held.length) {
          held = Arrays.copyOf(held, (int) Math.min(most, 2L * count));
        }
        int n = source.read(held, count, held.length - count);
        if (n < 0) {
          break;
        }
        count += n;
      }
    } catch (IOException e) {
      throw source.failure(null);
    }
    return count == held.length ? held : Arrays.copyOf(held, count);
  }

  /** Reads content no tier takes to its end, for its key. */
  private static ContentKey drain(InputStream feed, SourceStream source,
      DigestAlgorithm algorithm) {
    MessageDigest digest = algorithm.newDigest();
    byte[] chunk = new byte[CHUNK];
    try {
      for (int n; (n = feed.read(chunk)) != -1; ) {
        digest.update(chunk, 0, n);
      }
    } catch (IOException e) {
      throw source.failure(null);
    }
    return ContentKey.ofDigest(algorithm, digest.digest());
  }

  /** Removes a copy this put made; a failure leaves a copy of the right content, and is logged. */
  private static void removeCopy(Layer layer, ContentKey key) {
    try {
      layer.tier().remove(key);
      layer.succeeded();
    } catch (RuntimeException e) {
      layer.failed("remove", key, e);
    }
  }
}
