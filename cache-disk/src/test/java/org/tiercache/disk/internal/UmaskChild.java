package org.tiercache.disk.internal;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import org.tiercache.api.CacheClock;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.TierConfig;

/**
 * The child process of {@link UmaskTest}: opens a tier on a folder, puts one entry from an array
 * and one from a stream, and closes it, all under the umask its parent started it with.
 */
final class UmaskChild {
  private UmaskChild() {}

  public static void main(String[] args) {
    TierConfig config = TierConfig.parse("dir=" + Path.of(args[0]) + " " + args[1]).toBuilder()
        .clock(CacheClock.system())
        .build();
    try (CacheTier tier = new DiskTierProvider().create(config)) {
      byte[] a = UmaskTest.A;
      tier.put(ContentKey.sha256(a), a);
      tier.putStream(new ByteArrayInputStream(UmaskTest.B), DigestAlgorithm.SHA_256);
    }
  }
}
