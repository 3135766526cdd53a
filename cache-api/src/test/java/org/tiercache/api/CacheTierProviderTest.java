package org.tiercache.api;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

final class CacheTierProviderTest {

  @Test
  void unknownIdFailsListingTheIdsFound() {
    // cache-api ships no provider, so the lookup must say so rather than return null.
    CacheConfigurationException e = assertThrows(CacheConfigurationException.class, () -> CacheTierProvider.byId("nope"));
    assertTrue(e.getMessage().contains("'nope'") && e.getMessage().contains("ids found: none"),
        e.getMessage());
  }

  @Test
  void nullIdIsRefused() {
    assertThrows(NullPointerException.class, () -> CacheTierProvider.byId(null));
  }
}
