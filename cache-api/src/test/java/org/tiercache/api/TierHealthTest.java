package org.tiercache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

final class TierHealthTest {

  @Test
  void aTierIsUpUnlessItSaysOtherwise() {
    CacheTier plain = java.lang.reflect.Proxy.newProxyInstance(
        CacheTier.class.getClassLoader(), new Class<?>[] {CacheTier.class},
        (proxy, method, args) -> method.isDefault()
            ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args)
            : null) instanceof CacheTier tier ? tier : null;
    assertSame(TierHealth.UP, plain.health());
    assertTrue(plain.health().isUp());
  }

  @Test
  void downNamesItsCauseAndSinceWhen() {
    Instant since = TierHealth.instantOf(1_000_000_000L * 60 + 5);
    TierHealth down = TierHealth.down("redis at localhost:6379 unavailable", since);
    assertFalse(down.isUp());
    assertEquals(Instant.parse("1970-01-01T00:01:00.000000005Z"), down.since());
    assertEquals("DOWN: redis at localhost:6379 unavailable (since 1970-01-01T00:01:00.000000005Z)",
        down.toString());
    assertEquals("DEGRADED: disk full", TierHealth.degraded("disk full", null).toString());
    assertEquals("UP", TierHealth.UP.toString());
  }

  @Test
  void refusesAStatusOtherThanUpWithoutACause() {
    assertThrows(NullPointerException.class, () -> TierHealth.down(null, null));
    IllegalArgumentException blank =
        assertThrows(IllegalArgumentException.class, () -> TierHealth.degraded(" ", null));
    assertTrue(blank.getMessage().contains("DEGRADED"), blank.getMessage());
  }

  @Test
  void refusesUpWithACause() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TierHealth(TierHealth.Status.UP, "fine", null));
    assertTrue(e.getMessage().contains("'fine'"), e.getMessage());
  }

}
