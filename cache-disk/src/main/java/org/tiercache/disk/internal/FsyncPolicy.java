package org.tiercache.disk.internal;

import java.util.Locale;

/**
 * When the disk tier forces what it wrote to the storage device.
 *
 * <p>None of the policies matters to a process crash (a kill, an out-of-memory error): the
 * operating system keeps every completed write in its page cache and writes it out later. A policy
 * only decides what a power loss or a kernel crash can take away.
 */
enum FsyncPolicy {
  /**
   * Each put forces its content file before moving it into place, then the folder and the journal
   * record: a put that has returned survives a power loss. Costs about three device flushes per put.
   */
  ALWAYS,
  /**
   * The journal is forced at most once per interval (when a record is written after the interval has
   * passed) and at close, so a power loss forgets at most about one interval of puts; content files
   * are left to the operating system's write-back, and a file it had not written out is caught by the
   * size check every read makes and by {@code verify=always}. The default: it costs about one flush per
   * second, like Redis' {@code appendfsync everysec}.
   */
  PERIODIC,
  /** Nothing is forced: the fastest; after a power loss the OS decides what survived. */
  NEVER;

  static FsyncPolicy parse(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "always":
        return ALWAYS;
      case "periodic":
        return PERIODIC;
      case "never":
        return NEVER;
      default:
        throw new IllegalArgumentException("expected always, periodic or never");
    }
  }
}
