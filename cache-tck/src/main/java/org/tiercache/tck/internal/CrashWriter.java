package org.tiercache.tck.internal;

import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.util.SplittableRandom;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

/**
 * The child process of {@code CrashContract}: opens a tier by provider id and settings, then writes
 * numbered entries until it is killed, printing each number once its put has returned. Content and
 * operations depend only on the number, so the parent knows what every entry must hold.
 *
 * <p>Arguments: provider id, settings in the string form, first entry number. Output on standard
 * output is the protocol with the parent, hence {@link System#out} here.
 */
public final class CrashWriter {
  /**
   * How many puts past its last report a child may have made when the kill lands; the parent
   * checks entries up to this many numbers beyond the last it saw.
   */
  public static final int PUTS_AFTER_REPORT_BOUND = 64;

  private CrashWriter() {}

  /**
   * Returns the content of entry {@code index}: 0 to about 60 KB of seeded bytes.
   *
   * @param index the entry number
   * @return its content, the same on every call
   */
  public static byte[] content(long index) {
    byte[] bytes = new byte[(int) (index * 7919 % 60_000)];
    new SplittableRandom(index * 0x9E3779B97F4A7C15L).nextBytes(bytes);
    return bytes;
  }

  /**
   * Writes until killed.
   *
   * @param args provider id, settings, first entry number
   */
  public static void main(String[] args) {
    PrintStream out = System.out;
    long first = Long.parseLong(args[2]);
    CacheTier tier = TierDiscovery.scan().provider(args[0]).create(TierConfig.parse(args[1]));
    // Never closed: the point is to be killed in the middle of something.
    for (long i = first; ; i++) {
      byte[] content = content(i);
      if (i % 5 == 0) {
        tier.putStream(new ByteArrayInputStream(content), DigestAlgorithm.SHA_256);
      } else {
        tier.put(ContentKey.sha256(content), content);
      }
      // Reads and removes between puts so that kills also land in recency records and removals.
      for (long j = Math.max(first, i - 8); j < i; j++) {
        tier.get(ContentKey.sha256(content(j)));
      }
      if (i % 11 == 0 && i - 5 >= first) {
        tier.remove(ContentKey.sha256(content(i - 5)));
      }
      out.println(i);
      out.flush();
    }
  }
}
