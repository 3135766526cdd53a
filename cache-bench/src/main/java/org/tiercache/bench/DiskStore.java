package org.tiercache.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.ehcache.CacheManager;
import org.ehcache.config.builders.CacheConfigurationBuilder;
import org.ehcache.config.builders.CacheManagerBuilder;
import org.ehcache.config.builders.ResourcePoolsBuilder;
import org.ehcache.config.units.MemoryUnit;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

/**
 * The disk stores compared, behind one shape: the disk tier with one setting varied, the raw file
 * system through plain JDK calls, and Ehcache 3's persistent disk tier. A JMH fork runs one of them.
 */
interface DiskStore extends AutoCloseable {
  /** The bytes of a packed record's header in a disk tier segment (its {@code SegmentFormat}). */
  int RECORD_HEADER_BYTES = 53;

  Object get(ContentKey key);

  void put(ContentKey key, byte[] content);

  @Override
  void close();

  /**
   * Makes a store by name.
   *
   * @param name {@code tiercache} or {@code tiercache-SETTING-VALUE} (the disk tier, default
   *     settings but {@code SETTING=VALUE}; several joined by {@code +}, as in
   *     {@code tiercache-pack.below-0+fsync-always}), {@code raw}, {@code raw-fsync},
   *     {@code raw-pread}, {@code raw-pread-record}, {@code raw-mmap} or
   *     {@code ehcache-persistent}
   * @param dir an empty folder for it
   * @param boundBytes the capacity (ignored by the raw stores, which never evict)
   */
  static DiskStore create(String name, Path dir, long boundBytes) {
    if (name.equals("tiercache") || name.startsWith("tiercache-")) {
      TierConfig.Builder config = TierConfig.builder().capacity(boundBytes).set("dir", dir.toString());
      if (!name.equals("tiercache")) {
        for (String pair : name.substring("tiercache-".length()).split("\\+")) {
          String[] setting = pair.split("-", 2);
          config.set(setting[0], setting[1]);
        }
      }
      return tier(config.build());
    }
    switch (name) {
      case "raw":
        return new RawFiles(dir, false);
      case "raw-fsync":
        return new RawFiles(dir, true);
      case "raw-pread":
        return new OneFile(dir, 0);
      case "raw-pread-record":
        return new OneFile(dir, RECORD_HEADER_BYTES);
      case "raw-mmap":
        return new MappedOneFile(dir);
      case "ehcache-persistent":
        return ehcache(dir, boundBytes);
      default:
        throw new IllegalArgumentException("unknown disk store '" + name + "'");
    }
  }

  /** Opens the disk tier through its provider. */
  static DiskStore tier(TierConfig config) {
    org.tiercache.api.CacheTier tier = TierDiscovery.scan().provider("disk").create(config);
    return new DiskStore() {
      @Override
      public Object get(ContentKey key) {
        return tier.get(key);
      }

      @Override
      public void put(ContentKey key, byte[] content) {
        if (!tier.put(key, content)) {
          throw new IllegalStateException("the disk tier refused a put of " + content.length + " B");
        }
      }

      @Override
      public void close() {
        tier.close();
      }
    };
  }

  /**
   * Ehcache 3's disk tier alone, persistent (it survives a close of its cache manager), bounded by
   * the same number of bytes; keys are the hex digests, values go through its byte[] serializer.
   */
  private static DiskStore ehcache(Path dir, long boundBytes) {
    CacheManager manager = CacheManagerBuilder.newCacheManagerBuilder()
        .with(CacheManagerBuilder.persistence(dir.toFile()))
        .build(true);
    org.ehcache.Cache<String, byte[]> cache = manager.createCache("bench",
        CacheConfigurationBuilder.newCacheConfigurationBuilder(String.class, byte[].class,
            ResourcePoolsBuilder.newResourcePoolsBuilder().disk(boundBytes, MemoryUnit.B, true)));
    return new DiskStore() {
      @Override
      public Object get(ContentKey key) {
        return cache.get(key.hex());
      }

      @Override
      public void put(ContentKey key, byte[] content) {
        cache.put(key.hex(), content);
      }

      @Override
      public void close() {
        manager.close();
      }
    };
  }

  /**
   * What a program does without a cache library: a file per key at {@code dir/ab/abcd...}, put by
   * writing a temporary file and moving it into place atomically, read whole. With fsync, the file
   * is forced before the move and the folder after it, the same durability as the disk tier's
   * {@code fsync=always} gives content (the tier also forces its journal).
   */
  final class RawFiles implements DiskStore {
    private final Path dir;
    private final Path tmp;
    private final boolean fsync;
    private long next;

    RawFiles(Path dir, boolean fsync) {
      this.dir = dir;
      this.tmp = dir.resolve("tmp");
      this.fsync = fsync;
      try {
        Files.createDirectories(tmp);
        for (int i = 0; i < 256; i++) {
          Files.createDirectories(dir.resolve(String.format("%02x", i)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private Path path(ContentKey key) {
      String hex = key.hex();
      return dir.resolve(hex.substring(0, 2)).resolve(hex);
    }

    @Override
    public Object get(ContentKey key) {
      try {
        return Files.readAllBytes(path(key));
      } catch (NoSuchFileException e) {
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void put(ContentKey key, byte[] content) {
      Path temporary = tmp.resolve((next++) + ".tmp");
      Path target = path(key);
      try {
        try (FileChannel channel = FileChannel.open(temporary,
            StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
          ByteBuffer buffer = ByteBuffer.wrap(content);
          while (buffer.hasRemaining()) {
            channel.write(buffer);
          }
          if (fsync) {
            channel.force(true);
          }
        }
        Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
        if (fsync) {
          try (FileChannel folder = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {}
  }

  /**
   * The floor for packed content: every value appended to one open file, its offset kept in a map,
   * read back with one positional read ({@code pread}); no checks, no eviction, no journal. With a
   * header ({@code raw-pread-record}), each value follows that many zero bytes, as a packed record's
   * content follows its header, and a get reads both in one {@code pread} and returns a view of the
   * content:
   * the same bytes the tier reads, so a 4 KiB value spans two pages of the file, as a packed 4 KiB
   * record does (without one, {@code raw-pread}, each 4 KiB value is one whole page).
   */
  final class OneFile implements DiskStore {
    private final FileChannel channel;
    private final java.util.Map<ContentKey, long[]> places = new java.util.HashMap<>();
    private final int header;
    private long end;

    OneFile(Path dir, int header) {
      this.header = header;
      try {
        channel = FileChannel.open(dir.resolve("values"), StandardOpenOption.CREATE_NEW,
            StandardOpenOption.READ, StandardOpenOption.WRITE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public Object get(ContentKey key) {
      long[] place = places.get(key);
      if (place == null) {
        return null;
      }
      ByteBuffer buffer = ByteBuffer.allocate(header + (int) place[1]);
      try {
        while (buffer.hasRemaining()) {
          if (channel.read(buffer, place[0] - header + buffer.position()) < 0) {
            throw new IOException("values ended early");
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      // The content without a copy, as the tier hands out a large packed record.
      return header == 0 ? buffer.array()
          : ByteBuffer.wrap(buffer.array(), header, (int) place[1]).slice();
    }

    /** Where a value lies: its offset and length, or {@code null}. */
    long[] place(ContentKey key) {
      return places.get(key);
    }

    @Override
    public void put(ContentKey key, byte[] content) {
      ByteBuffer buffer = ByteBuffer.allocate(header + content.length);
      buffer.position(header).put(content).flip();
      long at = end;
      try {
        while (buffer.hasRemaining()) {
          channel.write(buffer, at + buffer.position());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      end += buffer.capacity();
      places.put(key, new long[] {at + header, content.length});
    }

    @Override
    public void close() {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The floor for mapped reads ({@code raw-mmap}): the values of {@code raw-pread}, in one file
   * written the same way, read by copying each out of a read-only memory map of the file into a new
   * array; no checks, no lock, no reference counting. The file is mapped (again) when a get asks
   * for a value past the mapping, so the benchmarks, which put everything before they get, map it
   * once. What a mapped read costs at best.
   */
  final class MappedOneFile implements DiskStore {
    private final OneFile file;
    private final FileChannel channel;
    private java.nio.MappedByteBuffer mapped;

    MappedOneFile(Path dir) {
      this.file = new OneFile(dir, 0);
      try {
        this.channel = FileChannel.open(dir.resolve("values"), StandardOpenOption.READ);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public Object get(ContentKey key) {
      long[] place = file.place(key);
      if (place == null) {
        return null;
      }
      if (mapped == null || place[0] + place[1] > mapped.capacity()) {
        try {
          mapped = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      byte[] value = new byte[(int) place[1]];
      mapped.get((int) place[0], value, 0, value.length);
      return value;
    }

    @Override
    public void put(ContentKey key, byte[] content) {
      file.put(key, content);
    }

    @Override
    public void close() {
      file.close();
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
