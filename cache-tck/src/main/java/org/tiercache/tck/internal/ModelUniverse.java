package org.tiercache.tck.internal;

import java.util.SplittableRandom;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;

/**
 * The entries a model-based sequence works on: {@code keys} entries, each with {@code variants}
 * contents of different sizes (a put of another variant replaces the entry's content under the same
 * key, as the tiers, trusting their callers' keys, allow). An entry's key is the SHA-256 digest of
 * its first variant, so the streaming put of that variant stores it under the same key; except for
 * the last two, twins of the first two: a SHA-256 key that differs from entry 0's in its last hex
 * digit only (so their hash codes are equal too), and an MD5 key made of entry 1's first 32 hex
 * digits. Those two are never streamed (no content has them as digest).
 */
public final class ModelUniverse {
  private final byte[][][] contents;
  private final ContentKey[] keys;
  private final byte[] oversize;

  /**
   * Makes the entries.
   *
   * @param keys how many entries
   * @param variants contents per entry
   * @param largest the largest content, in bytes; every content has at least one byte
   * @param capacity the tier's capacity, for the oversize content
   * @param seed picks sizes and bytes
   */
  public ModelUniverse(int keys, int variants, int largest, long capacity, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    this.contents = new byte[keys][variants][];
    this.keys = new ContentKey[keys];
    for (int k = 0; k < keys; k++) {
      for (int v = 0; v < variants; v++) {
        // At least one byte: every empty content has the same key, which would merge two entries.
        byte[] bytes = new byte[1 + random.nextInt(largest)];
        random.nextBytes(bytes);
        contents[k][v] = bytes;
      }
      this.keys[k] = ContentKey.sha256(contents[k][0]);
    }
    if (keys >= 4) {
      String first = this.keys[0].hex();
      char last = first.charAt(first.length() - 1);
      this.keys[keys - 1] = ContentKey.of(DigestAlgorithm.SHA_256,
          first.substring(0, first.length() - 1) + (last == '0' ? '1' : '0'));
      this.keys[keys - 2] = ContentKey.of(DigestAlgorithm.MD5, this.keys[1].hex().substring(0, 32));
    }
    this.oversize = new byte[Math.toIntExact(capacity + 1)];
    random.nextBytes(oversize);
  }

  /** Returns how many entries there are. @return the count */
  int keys() {
    return keys.length;
  }

  /** Returns how many entries have their first content's digest as key. @return the count */
  int streamableKeys() {
    return keys.length >= 4 ? keys.length - 2 : keys.length;
  }

  /** Returns how many contents each entry has. @return the count */
  int variants() {
    return contents[0].length;
  }

  /**
   * Returns an entry's key.
   *
   * @param k the entry
   * @return its key
   */
  public ContentKey key(int k) {
    return keys[k];
  }

  /**
   * Returns the index of the entry with a key.
   *
   * @param key a key
   * @return its entry, or -1 if no entry has it
   */
  public int indexOf(ContentKey key) {
    for (int k = 0; k < keys.length; k++) {
      if (keys[k].equals(key)) {
        return k;
      }
    }
    return -1;
  }

  /**
   * Returns one of an entry's contents; never change it.
   *
   * @param k the entry
   * @param variant which content
   * @return the bytes
   */
  public byte[] content(int k, int variant) {
    return contents[k][variant];
  }

  /**
   * Returns the content one byte larger than the capacity; never change it.
   *
   * @return the bytes
   */
  public byte[] oversize() {
    return oversize;
  }

  /**
   * Returns the entries a burst of reads reads, in order.
   *
   * @param count how many reads
   * @param seed the burst's seed
   * @return the entry of each read
   */
  public int[] burst(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    int[] reads = new int[count];
    // Half the entries take most reads, so that recency depends on reads far back in the burst.
    int hot = Math.max(1, keys.length / 2);
    for (int i = 0; i < count; i++) {
      reads[i] = random.nextInt(4) == 0 ? random.nextInt(keys.length) : random.nextInt(hot);
    }
    return reads;
  }

  String describeBurst(int count, long seed) {
    int[] reads = burst(count, seed);
    StringBuilder text = new StringBuilder();
    int shown = Math.min(reads.length, 6);
    for (int i = reads.length - shown; i < reads.length; i++) {
      text.append(text.length() == 0 ? "" : ", ").append('k').append(reads[i]);
    }
    return "entries picked by seed " + seed + " (the last: " + text + ")";
  }
}
