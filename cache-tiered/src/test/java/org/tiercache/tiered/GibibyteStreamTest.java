package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Objects;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;
import org.tiercache.api.TierConfig;

/**
 * One gibibyte through a memory + disk stack in a JVM whose heap is 64 MB: the build runs the tests
 * tagged {@code small-heap} alone, in a surefire execution of their own with {@code -Xmx64m} (see this
 * module's pom), and its GC log goes to {@code target/gibibyte-stream-gc.log}. The content is generated as it is read and its
 * digest taken on the way in and on the way out; nothing holds it. Passing at all is the proof that
 * the stack streams: holding the content, or a sizeable part of it, runs out of heap.
 */
@Tag("small-heap")
final class GibibyteStreamTest {
  private static final long GIBIBYTE = 1L << 30;
  private static final DigestAlgorithm SHA_256 = DigestAlgorithm.SHA_256;

  @TempDir Path dir;

  /** The embedded default's shape, with a memory tier of 8 MB for content below 1 MB. */
  private TieredCache stack() {
    return TieredCache.builder()
        .tier(SizeRule.below("1MB"), "memory", TierConfig.parse("capacity=8MB"))
        .tier(SizeRule.any(), "disk",
            TierConfig.builder().capacity("2GB").set("dir", dir.toString()).build())
        .writeThrough(true)
        .build();
  }

  @BeforeEach
  void runsInASmallHeap() {
    assertTrue(Runtime.getRuntime().maxMemory() <= 64L << 20,
        "run with a heap of 64 MB (-Xmx64m), not " + Runtime.getRuntime().maxMemory() + " bytes");
  }

  @Test
  void aGibibyteOfDeclaredSizeGoesInAndComesOutWithItsDigest() throws IOException {
    try (TieredCache stack = stack()) {
      MessageDigest in = SHA_256.newDigest();
      PutResult put = stack.putStream(
          new DigestInputStream(new Generated(GIBIBYTE, 1), in), GIBIBYTE, SHA_256);

      assertEquals(ContentKey.ofDigest(SHA_256, in.digest()), put.key());
      assertTrue(put.stored());
      assertEquals(GIBIBYTE, stack.tiers().get(1).sizeBytes());
      assertFalse(stack.tiers().get(0).contains(put.key()), "the memory tier takes below 1 MB");
      assertEquals(put.key(), digestOut(stack, put.key()));
    }
  }

  @Test
  void aGibibyteOfUnknownSizeIsSpooledToTheDiskTierAndComesOutWithItsDigest()
      throws IOException {
    try (TieredCache stack = stack()) {
      MessageDigest in = SHA_256.newDigest();
      PutResult put = stack.putStream(new DigestInputStream(new Generated(GIBIBYTE, 2), in),
          SHA_256);

      assertEquals(ContentKey.ofDigest(SHA_256, in.digest()), put.key());
      assertTrue(put.stored());
      assertEquals(1, stack.entryCount());
      assertEquals(put.key(), digestOut(stack, put.key()));
    }
  }

  /** Reads an entry out of the stack through its digest, holding none of it. */
  private static ContentKey digestOut(TieredCache stack, ContentKey key) throws IOException {
    MessageDigest out = SHA_256.newDigest();
    try (InputStream content = stack.openStream(key)) {
      assertNotNull(content, "the stack holds " + key);
      long read = new DigestInputStream(content, out).transferTo(OutputStream.nullOutputStream());
      assertEquals(GIBIBYTE, read);
    }
    return ContentKey.ofDigest(SHA_256, out.digest());
  }

  /** Pseudo-random bytes made as they are read (a 64-bit xorshift), never held. */
  private static final class Generated extends InputStream {
    private final long length;
    private long position;
    private long state;

    Generated(long length, long seed) {
      this.length = length;
      this.state = seed * 0x9E3779B97F4A7C15L | 1;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] target, int offset, int count) {
      Objects.checkFromIndexSize(offset, count, target.length);
      if (position == length) {
        return -1;
      }
      int n = (int) Math.min(count, length - position);
      for (int i = 0; i < n; i++) {
        if (((position + i) & 7) == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        target[offset + i] = (byte) (state >>> (((position + i) & 7) << 3));
      }
      position += n;
      return n;
    }
  }
}
