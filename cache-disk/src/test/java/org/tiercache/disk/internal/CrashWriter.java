package org.tiercache.disk.internal;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.TierConfig;

/**
 * The child process of {@link KilledWriterRecoveryTest}: writes entries numbered from a start index
 * until it is killed, printing each number once its put has returned. Content and operations depend
 * only on the number, so the parent can tell what every entry must hold. With packing, each line
 * also carries the record bytes compaction has copied so far, so the parent can tell that its kills
 * land while segments are being compacted.
 */
final class CrashWriter {
  static final String SETTINGS = "capacity=3MB fsync=never";

  private CrashWriter() {}

  static byte[] content(long index) {
    return Folders.content((int) (index * 7919 % 60_000), index);
  }

  static ContentKey key(long index) {
    return ContentKey.sha256(content(index));
  }

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long first = Long.parseLong(args[1]);
    PrintStream out = System.out;
    String extra = args.length > 2 ? " " + args[2] : "";
    TierConfig config = TierConfig.parse("dir=" + dir + " " + SETTINGS + extra).toBuilder()
        .clock(CacheClock.system())
        .build();
    CacheTier tier = new DiskTierProvider().create(config);
    DiskLedger ledger = ((DiskTier) tier).ledger();
    boolean packing = DiskSettings.from(config).packBelow() > 0;
    Map<Long, ContentKey> keys = new HashMap<>();
    for (long i = first; ; i++) {
      byte[] content = content(i);
      ContentKey key = ContentKey.sha256(content);
      keys.put(i, key);
      if (i % 5 == 0) {
        tier.putStream(new ByteArrayInputStream(content), DigestAlgorithm.SHA_256);
      } else {
        tier.put(key, content);
      }
      // Recency records: enough of them that the journal is compacted every few hundred puts, so
      // kills also land in compactions.
      for (long j = Math.max(first, i - 40); j < i; j++) {
        tier.get(keys.get(j));
      }
      if (i % 11 == 0 && i - 5 >= first) {
        tier.remove(keys.get(i - 5));
      }
      out.println(packing ? i + " " + ledger.segmentWrites().compactionBytes() : Long.toString(i));
      out.flush();
    }
  }
}
