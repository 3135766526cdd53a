package org.tiercache.tiered.internal;

import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.TierCapability;

/**
 * The entries of a stack: every tier's, fastest tier first, each key once, under the fastest tier
 * holding it (the one a get would read it from).
 *
 * <p>A key a tier lists is skipped when a faster tier holds it, asked with {@code contains} (not a
 * use). So nothing is collected: memory stays that of the tiers' own listings, which are opened one
 * at a time, as the stream reaches them, and closed when it leaves them or is closed. The price is
 * a lookup in each faster tier per entry of a slower one, which for a tier on a server is a round
 * trip.
 *
 * <p>Not {@code flatMap}: a flat-mapped stream read through its iterator (as a caller may) takes in
 * a whole tier's listing at the first element, which is what a listing must not do.
 *
 * <p>What a tier lists is weakly consistent, and so is the stack: an entry held by the same tiers
 * for the whole listing is listed once; one that moves while it runs (a promotion, a spill, a
 * concurrent put or remove) may be listed under either tier, twice, or not at all.
 */
public final class StackListing extends Spliterators.AbstractSpliterator<EntryInfo> {
  private final List<Layer> layers;
  private final Iterator<Layer> next;
  // The tier being listed; null before the first and after the last.
  private Layer layer;
  private Stream<EntryInfo> open;
  private Iterator<EntryInfo> entries;

  private StackListing(List<Layer> layers) {
    super(Long.MAX_VALUE, Spliterator.NONNULL);
    this.layers = layers;
    this.next = layers.iterator();
  }

  /**
   * Lists a stack's entries lazily.
   *
   * @param layers the stack, fastest first
   * @return the entries, each named by its tier's name in the stack; closing it closes the listing
   *     of the tier it is in
   * @throws UnsupportedOperationException naming each tier that does not declare
   *     {@link TierCapability#LISTING}, before any tier is listed
   */
  public static Stream<EntryInfo> of(List<Layer> layers) {
    String cannot = layers.stream()
        .filter(layer -> !layer.tier().capabilities().contains(TierCapability.LISTING))
        .map(layer -> "'" + layer.name() + "'")
        .collect(Collectors.joining(", "));
    if (!cannot.isEmpty()) {
      throw new UnsupportedOperationException("the stack cannot list its entries: tier " + cannot
          + " does not declare the LISTING capability");
    }
    StackListing listing = new StackListing(layers);
    return StreamSupport.stream(listing, false).onClose(listing::closeOpen);
  }

  @Override
  public boolean tryAdvance(Consumer<? super EntryInfo> action) {
    while (true) {
      if (entries == null) {
        if (!next.hasNext()) {
          return false;
        }
        layer = next.next();
        open = layer.tier().entries();
        entries = open.iterator();
      }
      while (entries.hasNext()) {
        EntryInfo entry = entries.next();
        if (!heldAbove(entry.key())) {
          action.accept(entry.withTier(layer.name()));
          return true;
        }
      }
      closeOpen();
    }
  }

  /** Closes the listing of the tier being listed, if any. */
  private void closeOpen() {
    Stream<EntryInfo> closing = open;
    open = null;
    entries = null;
    if (closing != null) {
      closing.close();
    }
  }

  /** Whether a tier faster than the one being listed holds the key; a tier that fails does not. */
  private boolean heldAbove(ContentKey key) {
    for (Layer above : layers) {
      if (above == layer) {
        return false;
      }
      if (above.contains(key)) {
        return true;
      }
    }
    return false;
  }
}
