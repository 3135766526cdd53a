package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.ContentKey;

/** Records appended to a segment come back exactly, from many threads, and damage is never served. */
final class SegmentFileTest {
  private static final long LIMIT = 1 << 20;

  @TempDir
  Path dir;

  private final FileModes modes = FileModes.of(FolderAccess.PRIVATE,
      java.nio.file.FileSystems.getDefault());

  @Test
  void aRecordReadsBackWithItsKeyWriteTimeAndChecksum() throws IOException {
    byte[] content = bytes(1, 4096);
    KeyBits key = keyOf(content);
    try (SegmentFile segment = SegmentFile.create(modes, dir.resolve("s1"), 1, LIMIT,
        SegmentMaps.on())) {
      SegmentFile.Appended at = segment.append(key, 123_456_789L, ByteBuffer.wrap(content),
          checksum(content));
      assertEquals(SegmentFormat.FILE_HEADER_BYTES, at.offset());

      SegmentFile.Read read = segment.read(at.offset(), key, content.length);

      assertNotNull(read);
      assertArrayEquals(content, toArray(read.content()));
      assertEquals(123_456_789L, read.header().writeNanos());
      assertEquals(checksum(content), read.header().contentChecksum());
      assertTrue(read.content().isReadOnly());
    }
  }

  @Test
  void anMd5KeyAndTheSha256KeySharingItsBitsAreNotConfused() throws IOException {
    byte[] content = bytes(2, 100);
    KeyBits md5 = new KeyBits(true, 7, 8, 0, 0);
    KeyBits sha = new KeyBits(false, 7, 8, 0, 0);
    try (SegmentFile segment = SegmentFile.create(modes, dir.resolve("s1"), 1, LIMIT,
        SegmentMaps.on())) {
      long offset = segment.append(md5, 1, ByteBuffer.wrap(content), checksum(content)).offset();

      assertNotNull(segment.read(offset, md5, content.length));
      assertNull(segment.read(offset, sha, content.length), "another algorithm's key");
    }
  }

  @Test
  void aReadAtAnOffsetOrLengthThatIsNotTheEntrysGivesNothing() throws IOException {
    byte[] first = bytes(3, 500);
    byte[] second = bytes(4, 700);
    try (SegmentFile segment = SegmentFile.create(modes, dir.resolve("s1"), 1, LIMIT,
        SegmentMaps.on())) {
      long a = segment.append(keyOf(first), 1, ByteBuffer.wrap(first), checksum(first)).offset();
      long b = segment.append(keyOf(second), 2, ByteBuffer.wrap(second), checksum(second))
          .offset();

      assertNull(segment.read(b, keyOf(first), first.length), "the other record's offset");
      assertNull(segment.read(a, keyOf(first), first.length + 1), "a wrong length");
      assertNull(segment.read(a + 1, keyOf(first), first.length), "inside a record");
      assertNull(segment.read(b + 10_000, keyOf(second), second.length), "past the end");
    }
  }

  @Test
  void anAppendThatWouldPassTheLimitIsRefusedButAnEmptySegmentTakesAnyRecord() throws IOException {
    byte[] big = bytes(5, 3000);
    try (SegmentFile segment = SegmentFile.create(modes, dir.resolve("s1"), 1, 2000,
        SegmentMaps.on())) {
      assertNotNull(segment.append(keyOf(big), 1, ByteBuffer.wrap(big), checksum(big)),
          "the first record of an empty segment");
      long end = segment.end();

      byte[] small = bytes(6, 10);
      assertNull(segment.append(keyOf(small), 1, ByteBuffer.wrap(small), checksum(small)));
      assertEquals(end, segment.end(), "a refused append takes no room");
    }
  }

  @Test
  void theContentBufferIsNotMoved() throws IOException {
    byte[] content = bytes(7, 64);
    ByteBuffer buffer = ByteBuffer.wrap(content).position(10);
    try (SegmentFile segment = SegmentFile.create(modes, dir.resolve("s1"), 1, LIMIT,
        SegmentMaps.on())) {
      long offset = segment.append(keyOf(content), 1, buffer, 0).offset();

      assertEquals(10, buffer.position());
      assertEquals(54, segment.read(offset, keyOf(content), 54).content().remaining());
    }
  }

  @Test
  void appendsFromManyThreadsAtOnceEachReadBackWhole() throws Exception {
    int threads = 8;
    int perThread = 200;
    Map<KeyBits, Long> offsets = new ConcurrentHashMap<>();
    Map<KeyBits, byte[]> contents = new ConcurrentHashMap<>();
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (SegmentFile segment = SegmentFile.create(modes, dir.resolve("s1"), 1, 64 << 20,
        SegmentMaps.on())) {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int seed = t;
        done.add(pool.submit(() -> {
          start.await();
          Random random = new Random(seed);
          for (int i = 0; i < perThread; i++) {
            byte[] content = new byte[1 + random.nextInt(8000)];
            random.nextBytes(content);
            KeyBits key = keyOf(content);
            contents.put(key, content);
            offsets.put(key, segment.append(key, i, ByteBuffer.wrap(content), checksum(content))
                .offset());
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }

      assertEquals(threads * perThread, offsets.size());
      for (Map.Entry<KeyBits, Long> e : offsets.entrySet()) {
        byte[] expected = contents.get(e.getKey());
        SegmentFile.Read read = segment.read(e.getValue(), e.getKey(), expected.length);
        assertNotNull(read, "record at " + e.getValue());
        assertArrayEquals(expected, toArray(read.content()));
      }
      List<KeyBits> scanned = new ArrayList<>();
      long end = SegmentFile.scan(segment.path(), (offset, header) -> scanned.add(header.key()));
      assertEquals(threads * perThread, scanned.size(), "every record, back to back");
      assertEquals(segment.end(), end);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aScanStopsAtATornTailAndKeepsEveryWholeRecordBeforeIt() throws IOException {
    Path path = dir.resolve("s1");
    List<Long> offsets = fillThree(path);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.WRITE)) {
      channel.truncate(offsets.get(2) + SegmentFormat.RECORD_HEADER_BYTES + 5);
    }

    List<Long> found = new ArrayList<>();
    long end = SegmentFile.scan(path, (offset, header) -> found.add(offset));

    assertEquals(offsets.subList(0, 2), found);
    assertEquals(offsets.get(2), end);
  }

  @Test
  void aScanStopsAtContentThatDoesNotMatchItsChecksum() throws IOException {
    Path path = dir.resolve("s1");
    List<Long> offsets = fillThree(path);
    flipByte(path, offsets.get(1) + SegmentFormat.RECORD_HEADER_BYTES + 3);

    List<Long> found = new ArrayList<>();
    long end = SegmentFile.scan(path, (offset, header) -> found.add(offset));

    assertEquals(offsets.subList(0, 1), found);
    assertEquals(offsets.get(1), end);
  }

  @Test
  void aScanStopsAtADamagedHeader() throws IOException {
    Path path = dir.resolve("s1");
    List<Long> offsets = fillThree(path);
    flipByte(path, offsets.get(1) + 20);

    List<Long> found = new ArrayList<>();
    SegmentFile.scan(path, (offset, header) -> found.add(offset));

    assertEquals(offsets.subList(0, 1), found);
  }

  @Test
  void aSealedSegmentReadsButTakesNoAppends() throws IOException {
    Path path = dir.resolve("s9");
    List<Long> offsets;
    byte[] first = bytes(10, 300);
    try (SegmentFile segment = SegmentFile.create(modes, path, 9, LIMIT, SegmentMaps.on())) {
      offsets = List.of(segment.append(keyOf(first), 5, ByteBuffer.wrap(first), checksum(first))
          .offset());
    }

    try (SegmentFile sealed = SegmentFile.openSealed(path, 9, SegmentMaps.on())) {
      assertArrayEquals(first, toArray(sealed.read(offsets.get(0), keyOf(first), first.length)
          .content()));
      assertNull(sealed.append(keyOf(first), 1, ByteBuffer.wrap(first), checksum(first)));
    }
    IOException wrongId = assertThrows(IOException.class, () -> SegmentFile.openSealed(path, 8,
        SegmentMaps.on()));
    assertTrue(wrongId.getMessage().contains("is segment 9, not 8"), wrongId.getMessage());
  }

  @Test
  void aFileThatIsNotASegmentIsRefusedNamingIt() throws IOException {
    Path path = dir.resolve("s1");
    Files.writeString(path, "not a segment at all");

    IOException e = assertThrows(IOException.class, () -> SegmentFile.openSealed(path, 1,
        SegmentMaps.on()));
    assertTrue(e.getMessage().contains(path.toString()), e.getMessage());
    assertThrows(IOException.class, () -> SegmentFile.scan(path, (offset, header) -> { }));
  }

  @Test
  void creatingNeverFollowsOrReplacesWhatHoldsTheName() throws IOException {
    Path target = Files.writeString(dir.resolve("someone-elses"), "keep me");
    Path link = Files.createSymbolicLink(dir.resolve("s1"), target);

    assertThrows(FileAlreadyExistsException.class,
        () -> SegmentFile.create(modes, link, 1, LIMIT, SegmentMaps.on()));
    assertEquals("keep me", Files.readString(target));
    assertThrows(IOException.class, () -> SegmentFile.openSealed(link, 1, SegmentMaps.on()));
  }

  @Test
  void aNewSegmentIsPrivateToItsOwner() throws IOException {
    Path path = dir.resolve("s1");
    SegmentFile.create(modes, path, 1, LIMIT, SegmentMaps.on()).close();

    assertEquals("rw-------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
  }

  private List<Long> fillThree(Path path) throws IOException {
    List<Long> offsets = new ArrayList<>();
    try (SegmentFile segment = SegmentFile.create(modes, path, 1, LIMIT, SegmentMaps.on())) {
      for (int i = 0; i < 3; i++) {
        byte[] content = bytes(20 + i, 100 + i);
        offsets.add(segment.append(keyOf(content), i, ByteBuffer.wrap(content), checksum(content))
            .offset());
      }
    }
    return offsets;
  }

  /** Flips one bit of the byte at {@code position}: damage a check must find. */
  static void flipByte(Path path, long position) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ,
        StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, position);
      one.put(0, (byte) (one.get(0) ^ 0x40)).rewind();
      channel.write(one, position);
    }
  }

  /** {@code length} bytes, the same for the same seed. */
  static byte[] bytes(int seed, int length) {
    byte[] content = new byte[length];
    new Random(seed).nextBytes(content);
    return content;
  }

  private static KeyBits keyOf(byte[] content) {
    return KeyBits.of(ContentKey.sha256(content));
  }

  private static int checksum(byte[] content) {
    CRC32C crc = new CRC32C();
    crc.update(content);
    return (int) crc.getValue();
  }

  private static byte[] toArray(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
