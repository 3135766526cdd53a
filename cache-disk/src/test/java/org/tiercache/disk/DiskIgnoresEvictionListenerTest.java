package org.tiercache.disk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;

/**
 * The disk tier hands back no evicted content, so it ignores an eviction listener, as
 * {@code TierConfig.evictionListener()} allows; the kit's {@code EvictionListenerContract} therefore
 * does not apply to it. Should the tier ever tell a listener, this fails and the contract must be
 * run against it instead.
 */
final class DiskIgnoresEvictionListenerTest {
  @TempDir
  Path dir;

  @Test
  void evictionsForRoomAreNotToldToAListener() {
    List<ContentKey> heard = new ArrayList<>();
    TierConfig config = TierConfig.builder().capacity(300)
        .evictionListener((key, content) -> heard.add(key)).build();
    try (CacheTier tier = DiskTiers.open(config, dir)) {
      for (int i = 0; i < 5; i++) {
        byte[] content = new byte[100];
        content[0] = (byte) i;
        assertTrue(tier.put(ContentKey.sha256(content), content));
      }
      assertEquals(2, tier.stats().evictions(), "five 100-byte entries in room for three");
    }
    assertEquals(List.of(), heard, "the disk tier ignores its eviction listener");
  }
}
