package org.tiercache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Property-style checks over many seeded random inputs (seeded so a failure reproduces). */
final class ContentKeyRandomizedTest {
  private static final int TRIES = 2_000;

  @Test
  void everyComputedKeyParsesBackToItself() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < TRIES; i++) {
      byte[] content = new byte[random.nextInt(200)];
      random.nextBytes(content);
      for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
        ContentKey key = ContentKey.compute(algorithm, content);
        assertEquals(key, ContentKey.of(key.hex()));
        assertEquals(key, ContentKey.of(key.toString()));
        assertEquals(algorithm.hexLength(), key.hex().length());
      }
    }
  }

  @Test
  void aKeyWithAnyCharacterOutsideLowercaseHexIsRefused() {
    SplittableRandom random = new SplittableRandom(7);
    String valid = ContentKey.sha256(new byte[] {1}).hex();
    for (int i = 0; i < TRIES; i++) {
      char bad;
      do {
        bad = (char) random.nextInt(0x3000);
      } while ((bad >= '0' && bad <= '9') || (bad >= 'a' && bad <= 'f'));
      int at = random.nextInt(valid.length());
      String text = valid.substring(0, at) + bad + valid.substring(at + 1);
      assertThrows(IllegalArgumentException.class, () -> ContentKey.of(text), text);
    }
  }
}
