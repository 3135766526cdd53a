package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.tiercache.disk.internal.SegmentFileTest.bytes;
import static org.tiercache.disk.internal.SegmentFileTest.flipByte;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.ContentKey;

/**
 * A packed hit's read: the content it hands out is the entry's and stays the caller's, whatever the
 * thread reads next, and a record that is not the entry's, or not whole, is damage.
 */
final class PackedReadsTest {
  private static final long ID = 7;

  @TempDir
  Path dir;

  private final FileModes modes = FileModes.of(FolderAccess.PRIVATE,
      java.nio.file.FileSystems.getDefault());

  @Test
  void aHitsContentStaysWhatItWasAfterTheThreadReadsAnotherRecord() throws IOException {
    byte[] first = bytes(1, 4096);
    byte[] second = bytes(2, 4096);
    try (SegmentFile segment = segment()) {
      Entry a = append(segment, first);
      Entry b = append(segment, second);

      ByteBuffer got = read(segment, a, VerifyPolicy.CHECKSUM).content();
      ByteBuffer next = read(segment, b, VerifyPolicy.CHECKSUM).content();

      assertArrayEquals(first, toArray(got));
      assertArrayEquals(second, toArray(next));
      assertTrue(got.isReadOnly());
      assertEquals(0, got.position());
    }
  }

  @Test
  void aRecordLargerThanTheThreadsBufferIsReadWholeAndCheckedToo() throws IOException {
    byte[] large = bytes(3, PackedReads.SCRATCH_LIMIT + 1);
    byte[] small = bytes(4, 100);
    try (SegmentFile segment = segment()) {
      Entry big = append(segment, large);
      Entry little = append(segment, small);

      assertArrayEquals(small, toArray(read(segment, little, VerifyPolicy.ALWAYS).content()));
      assertArrayEquals(large, toArray(read(segment, big, VerifyPolicy.ALWAYS).content()));
      flipByte(segment.path(), PackedStore.offset(big.location)
          + SegmentFormat.RECORD_HEADER_BYTES + 5);
      assertEquals("its CRC32C does not match the one taken when it was put",
          read(segment, big, VerifyPolicy.CHECKSUM).damage());
    }
  }

  @Test
  void anotherEntrysOffsetIsDamageNeverItsBytes() throws IOException {
    byte[] first = bytes(5, 4096);
    byte[] second = bytes(6, 4096);
    try (SegmentFile segment = segment()) {
      Entry a = append(segment, first);
      Entry b = append(segment, second);
      Entry pointedAtB = new Entry(a.key(), a.size, 0, a.checksum, true, b.location);

      PackedReads.Result read = read(segment, pointedAtB, VerifyPolicy.NEVER);

      assertNull(read.array());
      assertEquals("its record in the segment is not whole, or not its own", read.damage());
    }
  }

  @Test
  void aFlippedByteIsDamageAsThePolicySays() throws IOException {
    byte[] content = bytes(7, 4096);
    try (SegmentFile segment = segment()) {
      Entry e = append(segment, content);
      long at = PackedStore.offset(e.location);

      flipByte(segment.path(), at + SegmentFormat.RECORD_HEADER_BYTES + 4000);
      assertEquals("its CRC32C does not match the one taken when it was put",
          read(segment, e, VerifyPolicy.CHECKSUM).damage());
      assertEquals("its digest does not match its key",
          read(segment, e, VerifyPolicy.ALWAYS).damage());
      flipByte(segment.path(), at + 40); // the write time, covered by the header's checksum only
      assertEquals("its record in the segment is not whole, or not its own",
          read(segment, e, VerifyPolicy.NEVER).damage());
    }
  }

  private SegmentFile segment() throws IOException {
    return SegmentFile.create(modes, dir.resolve("s" + ID), ID, 64 << 20, SegmentMaps.on());
  }

  /** Appends content as a packed put does, and returns the entry an index would hold for it. */
  static Entry append(SegmentFile segment, byte[] content) throws IOException {
    KeyBits key = KeyBits.of(ContentKey.sha256(content));
    CRC32C crc = new CRC32C();
    crc.update(content);
    long offset = segment.append(key, 1, ByteBuffer.wrap(content), (int) crc.getValue()).offset();
    return new Entry(key, content.length, 1, (int) crc.getValue(), true,
        PackedStore.location(segment.id(), offset));
  }

  /** Reads as a hit does: with a reference taken for the read, which the read gives back. */
  static PackedReads.Result read(SegmentFile segment, Entry e, VerifyPolicy verify) {
    segment.retain();
    return PackedReads.read(segment, e, verify);
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
