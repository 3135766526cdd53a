/**
 * The disk tier: a persistent, crash-safe {@link org.tiercache.api.CacheTier} that keeps small
 * content packed into a few large segment files and larger content as a file named by its digest,
 * under a folder, with an in-memory index restored from an append-only journal when the tier
 * opens. Provider id {@code disk}.
 *
 * <p>Settings (besides {@code capacity}, default 512 MiB, and {@code ttl}, default none):
 * <ul>
 *   <li>{@code dir} (required): the folder, created if absent. The tier takes only an absent or
 *       empty folder (which it marks as its own), one it marked, or one an earlier version wrote;
 *       any other is refused, untouched, so that a typo never empties someone's files.
 *   <li>{@code fsync} = {@code always} | {@code periodic} (default) | {@code never}: when content and
 *       journal are forced to the device. A process crash loses nothing under any policy; the policy
 *       bounds what a power loss or kernel crash can lose.
 *   <li>{@code fsync.interval} (default {@code 1s}): how often {@code periodic} forces the journal.
 *   <li>{@code verify} = {@code always} | {@code checksum} (default) | {@code never}: what a read
 *       checks besides the length: the digest against the key, a CRC32C taken at put, or nothing.
 *       Content that fails is removed, logged and reported as a miss, never returned.
 *   <li>{@code access} = {@code private} (default) | {@code group}: on POSIX, files 0600 and
 *       folders 0700, or files 0660 and folders 2770 for a cache shared by a group.
 *   <li>{@code pack.below} (default {@code 64KB}, at most {@code 16MB}): content smaller than this
 *       is appended to segment files instead of a file each; {@code 0} gives every entry a file of
 *       its own. A folder a tier that packs has opened is marked format 2, which versions that
 *       read only format 1 refuse.
 *   <li>{@code segment.size} (default {@code 64MB}): the size past which a segment file takes no
 *       more records.
 *   <li>{@code segment.map} = {@code true} (default) | {@code false}: whether packed hits copy
 *       their records out of read-only memory maps of the segments (no system call per hit) or read
 *       them with {@code pread}; {@code false} for file systems where mapping is a bad idea (network
 *       file systems).
 * </ul>
 *
 * <p>The folder is locked for the life of the tier: a second opener, in this process or another,
 * gets a {@link org.tiercache.api.CacheException} naming it. Inside it the tier never follows a
 * symbolic link, and deletes only names it creates. See the module's README for the design: the
 * layout, the folder rules, the journal format, recovery and the reasons for each default.
 *
 * <p>JFR events (category {@code tiercache}; it requires {@code jdk.jfr}):
 * {@code org.tiercache.disk.DamagedEntry} (content found damaged on read and removed: folder, key,
 * file, size, damage), {@code org.tiercache.disk.Open} (an open of the folder, with what recovery
 * found: outcome, entries, bytes, journal records, files adopted, entries dropped, milliseconds) and
 * {@code org.tiercache.disk.JournalCompaction} (a rewrite of the journal while running: records
 * before and after).
 *
 * @provides org.tiercache.api.CacheTierProvider the {@code disk} tier
 */
module org.tiercache.disk {
  requires org.tiercache.api;
  requires org.slf4j;
  requires jdk.jfr;
  // sun.misc.Unsafe.invokeCleaner: a segment's memory map is unmapped when its last reader is done,
  // not at some later collection, so a deleted segment's disk space is freed at once.
  requires jdk.unsupported;
  requires static com.google.errorprone.annotations; // @GuardedBy, checked at compile time

  provides org.tiercache.api.CacheTierProvider with
      org.tiercache.disk.internal.DiskTierProvider;
}
