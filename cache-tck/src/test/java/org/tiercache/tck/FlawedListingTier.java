package org.tiercache.tck;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierStats;

/**
 * A correct {@link ReferenceTier} whose listing is broken in one of the ways a tier's own listing
 * goes wrong, so that the kit's self-tests can check {@link ListingContract} catches each.
 */
final class FlawedListingTier implements CacheTier {

  /** How the listing is broken. */
  enum ListingFlaw {
    /** Reads each entry it lists through {@code get}, as a listing that wants the size might. */
    LISTING_IS_A_USE,
    /** Lists from a side record of the puts that nothing expires. */
    LISTS_EXPIRED,
    /** Declares no {@code LISTING} and lists nothing instead of saying it cannot. */
    LISTS_NOTHING_SILENTLY,
    /** Streams its side record lazily, a plain map that a put during the listing breaks. */
    LISTS_LAZILY_OVER_A_PLAIN_MAP
  }

  private final ReferenceTier tier;
  private final ListingFlaw flaw;
  // Guarded by this: the description of each put, removed by remove and clear, never by expiry.
  private final Map<ContentKey, EntryInfo> puts = new LinkedHashMap<>();

  FlawedListingTier(TierConfig config, ListingFlaw flaw) {
    this.tier = new ReferenceTier("reference", config);
    this.flaw = flaw;
  }

  @Override
  public Stream<EntryInfo> entries() {
    switch (flaw) {
      case LISTING_IS_A_USE:
        return tier.entries().peek(entry -> tier.get(entry.key()));
      case LISTS_EXPIRED:
        synchronized (this) {
          return List.copyOf(puts.values()).stream();
        }
      case LISTS_NOTHING_SILENTLY:
        return Stream.empty();
      case LISTS_LAZILY_OVER_A_PLAIN_MAP:
        return puts.values().stream().filter(entry -> tier.contains(entry.key()));
      default:
        throw new AssertionError(flaw);
    }
  }

  @Override
  public Set<TierCapability> capabilities() {
    return flaw == ListingFlaw.LISTS_NOTHING_SILENTLY ? Set.of() : Set.of(TierCapability.LISTING);
  }

  @Override
  public boolean put(ContentKey key, byte[] content) {
    boolean stored = tier.put(key, content);
    if (stored) {
      EntryInfo listed = tier.entries().filter(entry -> entry.key().equals(key)).findFirst()
          .orElseThrow();
      synchronized (this) {
        puts.put(key, listed);
      }
    }
    return stored;
  }

  @Override
  public boolean remove(ContentKey key) {
    synchronized (this) {
      puts.remove(key);
    }
    return tier.remove(key);
  }

  @Override
  public void clear() {
    synchronized (this) {
      puts.clear();
    }
    tier.clear();
  }

  @Override
  public String id() {
    return tier.id();
  }

  @Override
  public ByteBuffer get(ContentKey key) {
    return tier.get(key);
  }

  @Override
  public boolean contains(ContentKey key) {
    return tier.contains(key);
  }

  @Override
  public long evictExpired() {
    return tier.evictExpired();
  }

  @Override
  public long sizeBytes() {
    return tier.sizeBytes();
  }

  @Override
  public long entryCount() {
    return tier.entryCount();
  }

  @Override
  public long capacityBytes() {
    return tier.capacityBytes();
  }

  @Override
  public TierStats stats() {
    return tier.stats();
  }

  @Override
  public void close() {
    tier.close();
  }
}
