package org.tiercache.disk.internal;

import java.util.Locale;

/**
 * How reads check content before handing it out. Every read checks the length whatever the policy;
 * content that fails a check is removed, logged at WARN and reported as a miss.
 *
 * <p>Measured on the project's machines (2 cores with SHA extensions): SHA-256 runs at about
 * 950 MB/s and CRC32C at about 10 GB/s, while reading a warm 256 KiB file takes about 60 us. So a
 * digest check multiplies the cost of a warm read by about five, a checksum check adds under half.
 */
enum VerifyPolicy {
  /**
   * Every read checks the content's digest against its key. Nothing but the content of a key is ever
   * served, even if someone who can write the folder swaps files; but content put under a key that
   * is not its digest is never served either (it reads as damaged), and a read costs a digest.
   */
  ALWAYS,
  /**
   * The default: a CRC32C of the content, taken as it is put and kept in the journal, is checked on
   * every read. It catches what actually happens to files (a write the OS never finished before a
   * power loss, a flipped bit, truncation, an overwrite) at a tenth of a digest's cost, and it trusts
   * the caller's key as a map does, as the {@code CacheTier} contract asks. Files adopted by recovery
   * without a journal record have no checksum: they are checked against their key instead.
   */
  CHECKSUM,
  /** Only the length is checked: for readers that verify content themselves. */
  NEVER;

  static VerifyPolicy parse(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "always":
        return ALWAYS;
      case "checksum":
        return CHECKSUM;
      case "never":
        return NEVER;
      default:
        throw new IllegalArgumentException("expected always, checksum or never");
    }
  }
}
