package org.tiercache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The 0.1 lookups, kept as deprecated delegates of {@link TierDiscovery}. */
@SuppressWarnings("removal")
final class CacheTierProviderTest {

  @Test
  void byIdFailsAsDiscoveryDoesListingTheIdsFound() {
    // cache-api ships no provider, so the lookup must say so rather than return null.
    CacheConfigurationException e =
        assertThrows(CacheConfigurationException.class, () -> CacheTierProvider.byId("nope"));
    assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("ids found: none"),
        e.getMessage());
    assertEquals(assertThrows(CacheConfigurationException.class,
        () -> TierDiscovery.scan().provider("nope")).getMessage(), e.getMessage());
  }

  @Test
  void nullIdIsRefused() {
    assertThrows(NullPointerException.class, () -> CacheTierProvider.byId(null));
  }

  @Test
  void availableListsWhatDiscoveryOffers() {
    assertEquals(TierDiscovery.scan().ids().size(), CacheTierProvider.available().size());
  }
}
