package org.tiercache.tck;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;

/**
 * The store rules: a tier returns exactly the bytes put, no caller can change cached content
 * through an array or buffer it passed in or got back, and misuse raises the documented exceptions.
 *
 * <p>Every test uses a tier large enough that nothing is evicted, so a failure here is about
 * storing, never about the bound.
 *
 * @since 0.1
 */
public abstract class StoreContract extends TierContract {
  /** Room for every entry these tests put, with no eviction. */
  private static final long CAPACITY = 8L << 20;
  /** Lengths at the edges: empty, one byte, odd, a page, above 64 KiB, and 1 MiB. */
  private static final int[] SIZES = {0, 1, 7, 4096, 65_537, 1 << 20};

  /** For subclasses. */
  protected StoreContract() {}

  /** {@code get} and {@code getBytes} return exactly the bytes put, for sizes from 0 to 1 MiB. */
  @Test
  public void getReturnsExactlyTheBytesPut() {
    CacheTier tier = tier(CAPACITY);
    for (int size : SIZES) {
      byte[] content = content(size, size);
      assertTrue(tier.put(key(content), content),
          () -> "put of " + size + " bytes into an empty tier of " + CAPACITY
              + " bytes returned false");
    }
    for (int size : SIZES) {
      byte[] expected = content(size, size);
      ByteBuffer got = tier.get(key(expected));
      assertNotNull(got, () -> "get of the " + size + "-byte entry just put returned null");
      assertEquals(0, got.position(), () -> "buffer from get of " + size
          + " bytes must start at position 0");
      assertEquals(size, got.remaining(), () -> "buffer from get must hold the " + size
          + " bytes put, from position to limit");
      byte[] bytes = new byte[got.remaining()];
      got.get(bytes);
      assertArrayEquals(expected, bytes, () -> "get returned different bytes for " + size
          + " bytes put");
      assertArrayEquals(expected, tier.getBytes(key(expected)),
          () -> "getBytes returned different bytes for " + size + " bytes put");
    }
  }

  /** {@code put(key, ByteBuffer)} stores the buffer's remaining bytes and leaves its position. */
  @Test
  public void putOfBufferStoresItsRemainingBytesWithoutMovingIt() {
    CacheTier tier = tier(CAPACITY);
    byte[] backing = content(1000, 1);
    ByteBuffer buffer = ByteBuffer.wrap(backing, 100, 500);
    byte[] expected = new byte[500];
    System.arraycopy(backing, 100, expected, 0, 500);

    assertTrue(tier.put(key(expected), buffer), "put(key, ByteBuffer) returned false");

    assertEquals(100, buffer.position(),
        "put(key, ByteBuffer) must not move the buffer's position");
    assertEquals(600, buffer.limit(), "put(key, ByteBuffer) must not change the buffer's limit");
    assertArrayEquals(expected, tier.getBytes(key(expected)),
        "put(key, ByteBuffer) must store exactly the bytes from position to limit (100 to 600)");
  }

  /**
   * {@code openStream} serves exactly the bytes put, and {@code null} on a miss.
   *
   * @throws IOException if reading a stream the tier returned fails
   */
  @Test
  public void openStreamServesTheBytesPut() throws IOException {
    CacheTier tier = tier(CAPACITY);
    for (int size : SIZES) {
      byte[] content = content(size, size + 1);
      tier.put(key(content), content);
      try (InputStream in = tier.openStream(key(content))) {
        assertNotNull(in, () -> "openStream of the " + size + "-byte entry just put returned null");
        assertArrayEquals(content, in.readAllBytes(),
            () -> "openStream served different bytes for " + size + " bytes put");
      }
    }
    assertNull(tier.openStream(key(content(10, 999))), "openStream of an absent key must be null");
  }

  /** A streaming put returns the content's key in the algorithm asked for, and stores the content.
   * */
  @Test
  public void streamingPutReturnsTheContentKeyAndStoresTheContent() {
    CacheTier tier = tier(CAPACITY);
    for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
      for (int size : SIZES) {
        byte[] content = content(size, size + 2);
        PutResult result = tier.putStream(new ByteArrayInputStream(content), algorithm);
        ContentKey expectedKey = ContentKey.compute(algorithm, content);
        assertEquals(expectedKey, result.key(), () -> "putStream(InputStream, " + algorithm
            + ") of " + size + " bytes must return the " + algorithm.label()
            + " digest of what it read");
        assertTrue(result.stored(), () -> "putStream(InputStream, " + algorithm + ") of " + size
            + " bytes into a tier with room must report stored");
        assertArrayEquals(content, tier.getBytes(expectedKey), () -> "content put as a stream ("
            + size + " bytes, " + algorithm + ") must come back from getBytes");
      }
    }
  }

  /** Changing the array after {@code put} returns does not change the cached content. */
  @Test
  public void mutatingTheArrayAfterPutDoesNotChangeTheCache() {
    CacheTier tier = tier(CAPACITY);
    byte[] original = content(256, 3);
    byte[] passed = original.clone();
    tier.put(key(original), passed);
    passed[0] ^= 0x55;
    passed[255] ^= 0x55;
    assertArrayEquals(original, tier.getBytes(key(original)),
        "the tier must copy content on put: changing the caller's array afterwards changed what "
            + "getBytes returns");
    ByteBuffer got = tier.get(key(original));
    assertNotNull(got, "get after put returned null");
    assertEquals(original[0], got.get(0), "the tier must copy content on put: changing the "
        + "caller's array afterwards changed what get returns");
  }

  /**
   * {@code putOwned}, which hands the array over (the tier may keep it rather than copy it), stores
   * exactly its bytes for sizes from 0 to 1 MiB, served as read-only views like any put's, and
   * replaces the key's entry; the array may be the one a tier keeps, but a tier never writes to it.
   */
  @Test
  public void putOwnedStoresExactlyTheBytesHandedOver() {
    CacheTier tier = tier(CAPACITY);
    for (int size : SIZES) {
      byte[] handedOver = content(size, size + 5);
      assertTrue(tier.putOwned(key(handedOver), handedOver),
          () -> "putOwned of " + size + " bytes into an empty tier of " + CAPACITY
              + " bytes returned false");
      assertArrayEquals(content(size, size + 5), handedOver,
          () -> "putOwned of " + size + " bytes changed the array handed over");
    }
    for (int size : SIZES) {
      byte[] expected = content(size, size + 5);
      ByteBuffer got = tier.get(key(expected));
      assertNotNull(got, () -> "get of the " + size + "-byte entry putOwned stored returned null");
      assertTrue(got.isReadOnly(), "content stored by putOwned must be served read-only");
      assertEquals(0, got.position(), "buffer from get must start at position 0");
      byte[] bytes = new byte[got.remaining()];
      got.get(bytes);
      assertArrayEquals(expected, bytes, () -> "get returned different bytes for " + size
          + " bytes handed over with putOwned");
    }
    byte[] first = content(300, 77);
    ContentKey key = key(first);
    tier.putOwned(key, first);
    byte[] second = content(200, 78);
    assertTrue(tier.putOwned(key, second), "a putOwned over an entry of the same key returned false");
    assertArrayEquals(content(200, 78), tier.getBytes(key),
        "putOwned must replace the entry of its key");
    long bytes = 200;
    for (int size : SIZES) {
      bytes += size;
    }
    assertAccounting("putOwned of every size, then a replacement", tier, bytes, SIZES.length + 1);
  }

  /** Changing a buffer's bytes after {@code put(key, ByteBuffer)} does not change the cache. */
  @Test
  public void mutatingTheBufferAfterPutDoesNotChangeTheCache() {
    CacheTier tier = tier(CAPACITY);
    byte[] original = content(256, 4);
    ByteBuffer passed = ByteBuffer.wrap(original.clone());
    tier.put(key(original), passed);
    passed.put(0, (byte) (original[0] ^ 0x55));
    assertArrayEquals(original, tier.getBytes(key(original)),
        "the tier must copy content on put(key, ByteBuffer): changing the buffer afterwards "
            + "changed what getBytes returns");
  }

  /** The buffer from {@code get} is read-only: writing to it throws and cannot reach the cache. */
  @Test
  public void bufferReturnedByGetIsReadOnly() {
    CacheTier tier = tier(CAPACITY);
    byte[] original = content(64, 5);
    tier.put(key(original), original);
    ByteBuffer got = tier.get(key(original));
    assertNotNull(got, "get after put returned null");
    assertTrue(got.isReadOnly(), "get must return a read-only buffer (asReadOnlyBuffer), or "
        + "callers can overwrite cached content");
    assertThrows(ReadOnlyBufferException.class, () -> got.put(0, (byte) ~original[0]),
        "writing into the buffer returned by get must throw ReadOnlyBufferException");
    assertArrayEquals(original, tier.getBytes(key(original)),
        "cached content changed after a caller wrote into the buffer returned by get");
  }

  /** The array from {@code getBytes} is the caller's own: changing it does not change later gets.
   * */
  @Test
  public void mutatingTheArrayFromGetBytesDoesNotChangeTheCache() {
    CacheTier tier = tier(CAPACITY);
    byte[] original = content(64, 6);
    tier.put(key(original), original);
    byte[] got = tier.getBytes(key(original));
    assertNotNull(got, "getBytes after put returned null");
    got[0] ^= 0x55;
    assertArrayEquals(original, tier.getBytes(key(original)),
        "getBytes must return a copy: changing the array it returned changed later getBytes");
    ByteBuffer again = tier.get(key(original));
    assertNotNull(again, "get after getBytes returned null");
    assertEquals(original[0], again.get(0),
        "getBytes must return a copy: changing the array it returned changed later gets");
  }

  /** Reading one buffer from {@code get} does not move another: each get is an independent view. */
  @Test
  public void readingOneReturnedBufferDoesNotAffectAnother() {
    CacheTier tier = tier(CAPACITY);
    byte[] original = content(100, 7);
    tier.put(key(original), original);
    ByteBuffer first = tier.get(key(original));
    assertNotNull(first, "get after put returned null");
    first.get(new byte[60]);
    ByteBuffer second = tier.get(key(original));
    assertNotNull(second, "second get after put returned null");
    assertEquals(0, second.position(), "a get must return a buffer at position 0 even after "
        + "another caller read an earlier buffer (share content, not buffer positions)");
    assertEquals(100, second.remaining(), "a get must return all 100 bytes even after another "
        + "caller read 60 from an earlier buffer");
  }

  /** A put under a key that has an entry replaces it; the old content is gone and counted no more.
   * */
  @Test
  public void putReplacesTheEntryOfAKey() {
    CacheTier tier = tier(CAPACITY);
    byte[] first = content(100, 8);
    byte[] second = content(300, 9);
    ContentKey key = key(first);
    tier.put(key, first);
    // Tiers trust the caller's key as a map does, so replacing with other content is observable.
    assertTrue(tier.put(key, second), "a replacing put with room returned false");
    assertArrayEquals(second, tier.getBytes(key), "after a second put under the same key, get must "
        + "return the second content");
    assertAccounting("replacing a 100-byte entry with 300 bytes under the same key", tier, second);
  }

  /** {@code remove} returns {@code true} only when it removed a live entry, which is then gone. */
  @Test
  public void removeReturnsWhetherALiveEntryWasRemoved() {
    CacheTier tier = tier(CAPACITY);
    byte[] kept = content(50, 10);
    byte[] removed = content(70, 11);
    assertFalse(tier.remove(key(removed)), "remove of a key never put must return false");
    tier.put(key(kept), kept);
    tier.put(key(removed), removed);
    assertTrue(tier.remove(key(removed)), "remove of a live entry must return true");
    assertNull(tier.get(key(removed)), "get after remove must miss");
    assertFalse(tier.contains(key(removed)), "contains after remove must be false");
    assertFalse(tier.remove(key(removed)), "a second remove of the same key must return false");
    assertArrayEquals(kept, tier.getBytes(key(kept)), "remove of one key must not affect another");
    assertAccounting("removing one of two entries", tier, kept);
  }

  /** {@code contains} tells exactly whether a live entry exists. */
  @Test
  public void containsTellsWhetherAnEntryIsLive() {
    CacheTier tier = tier(CAPACITY);
    byte[] content = content(10, 12);
    assertFalse(tier.contains(key(content)), "contains of a key never put must be false");
    tier.put(key(content), content);
    assertTrue(tier.contains(key(content)), "contains of an entry just put must be true");
    assertFalse(tier.contains(ContentKey.compute(DigestAlgorithm.MD5, content)),
        "contains of the MD5 key of content put under its SHA-256 key must be false: keys of "
            + "different algorithms are different keys");
  }

  /** {@code clear} removes every entry and leaves the tier usable. */
  @Test
  public void clearRemovesEveryEntry() {
    CacheTier tier = tier(CAPACITY);
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      contents.add(content(100 * i, 20 + i));
      tier.put(key(contents.get(i)), contents.get(i));
    }
    tier.clear();
    for (byte[] c : contents) {
      assertFalse(tier.contains(key(c)), () -> "contains must be false after clear, for "
          + c.length + " bytes");
      assertNull(tier.get(key(c)), () -> "get must miss after clear, for " + c.length + " bytes");
    }
    assertAccounting("clear", tier);
    byte[] after = content(33, 30);
    assertTrue(tier.put(key(after), after), "put after clear returned false");
    assertArrayEquals(after, tier.getBytes(key(after)), "a tier must stay usable after clear");
  }

  /** A miss returns {@code null} from {@code get}, {@code getBytes} and {@code openStream}. */
  @Test
  public void missReturnsNull() {
    CacheTier tier = tier(CAPACITY);
    ContentKey absent = key(content(10, 40));
    assertAll(
        () -> assertNull(tier.get(absent), "get of an absent key must return null"),
        () -> assertNull(tier.getBytes(absent), "getBytes of an absent key must return null"),
        () -> assertNull(tier.openStream(absent), "openStream of an absent key must return null"));
  }

  /** Keys of different algorithms are different entries, even for the same content. */
  @Test
  public void keysOfDifferentAlgorithmsAreDifferentEntries() {
    CacheTier tier = tier(CAPACITY);
    byte[] content = content(40, 41);
    ContentKey sha = ContentKey.compute(DigestAlgorithm.SHA_256, content);
    ContentKey md5 = ContentKey.compute(DigestAlgorithm.MD5, content);
    tier.put(sha, content);
    tier.put(md5, content);
    assertNotEquals(sha, md5);
    assertTrue(tier.remove(md5), "remove of the MD5-keyed entry must return true");
    assertArrayEquals(content, tier.getBytes(sha),
        "removing the MD5-keyed entry must leave the SHA-256-keyed entry of the same content");
    assertAccounting("putting content under its SHA-256 and MD5 keys, then removing the MD5 one",
        tier, content);
  }

  /**
   * Keys whose {@code hashCode} is equal are still different keys: each keeps its own content, and
   * removing one leaves the other.
   */
  @Test
  public void keysWithEqualHashCodesAreDistinctEntries() {
    ContentKey[] pair = keysWithEqualHashCodes();
    assertDistinct(pair[0], pair[1], "keys " + pair[0] + " and " + pair[1]
        + ", whose hashCode() is equal (" + pair[0].hashCode() + ")");
  }

  /**
   * Keys that share all but their last hex digit, or all but their first, are different keys.
   */
  @Test
  public void keysSharingTheirFirstBytesAreDistinctEntries() {
    String hex = key(content(64, 44)).hex();
    String lastDiffers = hex.substring(0, 63) + (hex.charAt(63) == '0' ? '1' : '0');
    ContentKey a = ContentKey.of(DigestAlgorithm.SHA_256, hex);
    ContentKey b = ContentKey.of(DigestAlgorithm.SHA_256, lastDiffers);
    assertDistinct(a, b, "keys " + a + " and " + b + ", which share their first 63 hex digits");
    String firstDiffers = (hex.charAt(0) == '0' ? '1' : '0') + hex.substring(1);
    ContentKey c = ContentKey.of(DigestAlgorithm.SHA_256, firstDiffers);
    assertDistinct(a, c, "keys " + a + " and " + c + ", which share their last 63 hex digits");
  }

  /**
   * An MD5 key and a SHA-256 key whose first 32 hex digits are the MD5 key's digits are different
   * keys.
   */
  @Test
  public void md5AndSha256KeysSharingTheirFirst32HexDigitsAreDistinctEntries() {
    String sha = key(content(64, 45)).hex();
    ContentKey md5 = ContentKey.of(DigestAlgorithm.MD5, sha.substring(0, 32));
    ContentKey sha256 = ContentKey.of(DigestAlgorithm.SHA_256, sha);
    assertDistinct(md5, sha256, "the keys " + md5 + " and " + sha256
        + ", whose hex digits agree over the MD5 key's 32");
  }

  /** Every method refuses {@code null} arguments with {@link NullPointerException}, storing
   * nothing. */
  @Test
  public void nullArgumentsThrowNullPointerException() {
    CacheTier tier = tier(CAPACITY);
    byte[] content = content(10, 42);
    ContentKey key = key(content);
    assertAll(
        npe("get(null)", () -> tier.get(null)),
        npe("getBytes(null)", () -> tier.getBytes(null)),
        npe("openStream(null)", () -> tier.openStream(null)),
        npe("put(null, byte[])", () -> tier.put(null, content)),
        npe("put(key, (byte[]) null)", () -> tier.put(key, (byte[]) null)),
        npe("put(null, ByteBuffer)", () -> tier.put(null, ByteBuffer.wrap(content))),
        npe("put(key, (ByteBuffer) null)", () -> tier.put(key, (ByteBuffer) null)),
        npe("putOwned(null, byte[])", () -> tier.putOwned(null, content.clone())),
        npe("putOwned(key, null)", () -> tier.putOwned(key, null)),
        npe("putStream(null, algorithm)",
            () -> tier.putStream(null, DigestAlgorithm.SHA_256)),
        npe("putStream(stream, null)",
            () -> tier.putStream(new ByteArrayInputStream(content), null)),
        npe("remove(null)", () -> tier.remove(null)),
        npe("contains(null)", () -> tier.contains(null)));
    assertFalse(tier.contains(key), "a put refused for a null argument must store nothing");
    assertAccounting("puts refused for null arguments", tier);
  }

  /** {@code id}, {@code capacityBytes} and {@code capabilities} describe the tier as configured. */
  @Test
  public void describesItsIdCapacityAndCapabilities() {
    CacheTier tier = tier(123_456);
    String id = tier.id();
    assertNotNull(id, "id() must not be null");
    assertTrue(id.matches("[a-z0-9-]+"), () -> "id() must be lowercase letters, digits and '-', "
        + "as provider ids are: '" + id + "'");
    assertEquals(123_456, tier.capacityBytes(),
        "capacityBytes() must be the capacity the configuration set");
    assertNotNull(tier.capabilities(), "capabilities() must not be null");
    assertNotNull(tier.stats(), "stats() must not be null");
  }

  /** Closing a tier twice is harmless. */
  @Test
  public void closeIsIdempotent() {
    CacheTier tier = tier(CAPACITY);
    byte[] content = content(10, 43);
    tier.put(key(content), content);
    assertDoesNotThrow(tier::close, "first close threw");
    assertDoesNotThrow(tier::close, "close of a closed tier must do nothing, but it threw");
  }

  /**
   * Puts different content under two keys, reads both back, removes one and reads the other. The
   * content does not match the keys: tiers trust their callers' keys, as a map does.
   */
  private void assertDistinct(ContentKey a, ContentKey b, String which) {
    CacheTier tier = tier(CAPACITY);
    byte[] forA = content(300, 46);
    byte[] forB = content(500, 47);
    assertTrue(tier.put(a, forA), () -> "put under " + a + " returned false");
    assertTrue(tier.put(b, forB), () -> "put under " + b + " returned false");
    assertArrayEquals(forA, tier.getBytes(a), () -> which + " are different keys: the first "
        + "must keep its own 300 bytes after content was put under the second");
    assertArrayEquals(forB, tier.getBytes(b), () -> which + " are different keys: the second "
        + "must keep its own 500 bytes");
    assertAccounting("putting 300 and 500 bytes under " + which, tier, forA, forB);
    assertTrue(tier.remove(a), () -> "remove of " + a + " returned false");
    assertArrayEquals(forB, tier.getBytes(b), () -> "removing the first of " + which
        + " must leave the second");
    assertAccounting("removing the first of " + which, tier, forB);
    discard(tier);
  }

  /**
   * Two SHA-256 keys with equal hash codes, different digests: keys sharing their first 8 hex
   * digits (what {@code ContentKey.hashCode} reads today), else a birthday search over seeded keys,
   * so the test does not depend on how the hash code is computed.
   */
  private static ContentKey[] keysWithEqualHashCodes() {
    String hex = key(content(64, 48)).hex();
    ContentKey a = ContentKey.of(DigestAlgorithm.SHA_256, hex);
    ContentKey b = ContentKey.of(DigestAlgorithm.SHA_256,
        hex.substring(0, 32) + new StringBuilder(hex.substring(32)).reverse());
    if (a.hashCode() == b.hashCode() && !a.equals(b)) {
      return new ContentKey[] {a, b};
    }
    Map<Integer, ContentKey> seen = new HashMap<>();
    SplittableRandom random = new SplittableRandom(49);
    for (int i = 0; i < 4_000_000; i++) {
      ContentKey k = ContentKey.ofDigest(DigestAlgorithm.SHA_256, randomDigest(random));
      ContentKey earlier = seen.putIfAbsent(k.hashCode(), k);
      if (earlier != null && !earlier.equals(k)) {
        return new ContentKey[] {earlier, k};
      }
    }
    throw new AssertionError("found no two keys with equal hash codes among 4,000,000");
  }

  private static byte[] randomDigest(SplittableRandom random) {
    byte[] digest = new byte[32];
    random.nextBytes(digest);
    return digest;
  }

  private static Executable npe(String call, Executable executable) {
    return () -> assertThrows(NullPointerException.class, executable,
        call + " must throw NullPointerException");
  }
}
