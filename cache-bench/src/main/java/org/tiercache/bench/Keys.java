package org.tiercache.bench;

import java.util.SplittableRandom;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;

/** Distinct SHA-256 keys and content for benchmarks that do not check content against its key. */
final class Keys {
  private Keys() {}

  /** {@code count} distinct keys from random digests, the same for the same seed. */
  static ContentKey[] random(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    ContentKey[] keys = new ContentKey[count];
    byte[] digest = new byte[32];
    for (int i = 0; i < count; i++) {
      random.nextBytes(digest);
      keys[i] = ContentKey.ofDigest(DigestAlgorithm.SHA_256, digest);
    }
    return keys;
  }

  /**
   * A seeded sequence of {@code length} indexes drawn uniformly from {@code [0, bound)}, which a
   * benchmark steps through so that choosing the next key costs nothing measurable.
   */
  static int[] uniformSequence(int length, int bound, long seed) {
    return new SplittableRandom(seed).ints(length, 0, bound).toArray();
  }

  /** Random content of {@code size} bytes. */
  static byte[] content(int size, long seed) {
    byte[] content = new byte[size];
    new SplittableRandom(seed).nextBytes(content);
    return content;
  }
}
