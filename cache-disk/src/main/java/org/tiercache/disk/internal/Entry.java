package org.tiercache.disk.internal;

/**
 * One entry of the in-memory index: the key's digest bits, the content's size and write time, and
 * the links of the three structures it sits in (a hash chain, the recency list, the write-order
 * list).
 *
 * <p>Kept flat on purpose: about 96 bytes per entry with compressed references (12 header, 7 longs,
 * 5 references, an int, 3 booleans), plus about 5 bytes of hash table slot, against the roughly 200 that a
 * {@code HashMap<ContentKey, ...>} node, its key and the key's string would take.
 *
 * <p>All fields are guarded by the tier's lock. The key, size and write time never change; a re-put
 * makes a new entry, so a reader that saw an entry can tell, by identity, whether it is still the
 * current one.
 */
final class Entry {
  /** The {@link #location} of content kept in a file of its own, named by its digest. */
  static final long OWN_FILE = -1;

  final long d0;
  final long d1;
  final long d2;
  final long d3;
  final boolean md5;
  final long size;
  final long writeNanos;
  /** CRC32C of the content, taken as it was put; meaningless unless {@link #checksumKnown}. */
  final int checksum;
  /** False for content adopted by recovery without a journal record. */
  final boolean checksumKnown;
  /**
   * Where packed content lies ({@link PackedStore#location}: segment id and offset), or
   * {@link #OWN_FILE} for content in a file of its own.
   */
  final long location;

  Entry hashNext;
  /** Toward the most recently used end of the recency list. */
  Entry newer;
  /** Toward the least recently used end of the recency list. */
  Entry older;
  Entry writtenBefore;
  Entry writtenAfter;
  /** Set while recovery matches the index against the folder; meaningless afterwards. */
  boolean seenOnDisk;

  Entry(KeyBits key, long size, long writeNanos, int checksum, boolean checksumKnown) {
    this(key, size, writeNanos, checksum, checksumKnown, OWN_FILE);
  }

  Entry(KeyBits key, long size, long writeNanos, int checksum, boolean checksumKnown,
      long location) {
    this.location = location;
    this.d0 = key.d0();
    this.d1 = key.d1();
    this.d2 = key.d2();
    this.d3 = key.d3();
    this.md5 = key.md5();
    this.size = size;
    this.writeNanos = writeNanos;
    this.checksum = checksum;
    this.checksumKnown = checksumKnown;
  }

  /** Whether the content lies in a segment, packed with other small entries. */
  boolean packed() {
    return location != OWN_FILE;
  }

  /** The same entry, its content moved to {@code newLocation}. */
  Entry movedTo(long newLocation) {
    return new Entry(key(), size, writeNanos, checksum, checksumKnown, newLocation);
  }

  boolean hasKey(KeyBits key) {
    return d0 == key.d0() && d1 == key.d1() && d2 == key.d2() && d3 == key.d3()
        && md5 == key.md5();
  }

  KeyBits key() {
    return new KeyBits(md5, d0, d1, d2, d3);
  }

  String hex() {
    return KeyBits.hex(md5, d0, d1, d2, d3);
  }

  /** The key as {@code ContentKey.toString()} writes it, such as {@code sha256:9f86...}. */
  String keyText() {
    return (md5 ? "md5:" : "sha256:") + hex();
  }
}
