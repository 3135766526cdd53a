package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import org.tiercache.api.CacheClock;
import org.tiercache.api.TierHealth;

/**
 * What the disk tier answers for {@code health()}, from most to least severe:
 * <ul>
 *   <li>{@code DOWN} once the folder was deleted or replaced under the tier: every call fails until
 *       the tier is closed and the folder opened again, so it never comes back by itself.
 *   <li>{@code DEGRADED} while the file system has no space left: from a put that failed for it to
 *       the next put stored. Gets still serve what is held and removes free room, so the tier is
 *       not down; only new content fails.
 *   <li>{@code DEGRADED} after recovery at open found the journal damaged: what was lost with it is
 *       gone (entries rebuilt from the folder, or dropped), and a journal that breaks may mean a
 *       failing disk, which an operator should look at. It lasts while the tier is open: reopening
 *       the folder cleanly ends it. Damaged entries found by a get are not a health matter: each is
 *       removed and counted ({@code TierStats.damaged}), and the tier works on fully.
 * </ul>
 *
 * <p>Times are the tier's {@link CacheClock}. Thread-safe: the fields are volatile and each is
 * written by one kind of event.
 */
final class DiskHealth {
  private final Path dir;
  private final CacheClock clock;
  // Set at open when recovery repaired journal damage; null otherwise. Never changes after.
  private final String repairedAtOpen;
  private final Instant openedAt;
  // When a call (or health itself) first found the folder lost; null while none has.
  private volatile Instant lostSince;
  // When a put first failed for want of space, cleared by the next put stored.
  private volatile Instant fullSince;

  DiskHealth(Path dir, CacheClock clock, String repairedAtOpen) {
    this.dir = dir;
    this.clock = clock;
    this.repairedAtOpen = repairedAtOpen;
    this.openedAt = repairedAtOpen == null ? null : now();
  }

  /** Takes a put's failure: one for want of space starts (or continues) a full spell. */
  void putFailed(IOException failure) {
    if (fullSince == null && isNoSpace(failure)) {
      fullSince = now();
    }
  }

  /** Takes a put stored: the file system has room again. */
  void putStored() {
    if (fullSince != null) {
      fullSince = null;
    }
  }

  /** Takes a call that found the folder lost: the first such call dates the loss. */
  void folderLost() {
    if (lostSince == null) {
      lostSince = now();
    }
  }

  /**
   * Returns the health now.
   *
   * @param lost why the folder is no longer the tier's, or {@code null} while it is
   */
  TierHealth report(String lost) {
    if (lost != null) {
      folderLost();
      return TierHealth.down("disk tier folder " + dir + " was deleted or replaced: " + lost,
          lostSince);
    }
    Instant full = fullSince;
    if (full != null) {
      return TierHealth.degraded("disk tier folder " + dir + ": no space left on the device",
          full);
    }
    if (repairedAtOpen != null) {
      return TierHealth.degraded("disk tier folder " + dir + ": " + repairedAtOpen, openedAt);
    }
    return TierHealth.UP;
  }

  /** Tells a full file system from other failures, by the messages of the JDK's file errors. */
  static boolean isNoSpace(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null) {
        String lower = message.toLowerCase(Locale.ROOT);
        // POSIX ENOSPC and EDQUOT, and Windows' ERROR_DISK_FULL.
        if (lower.contains("no space left") || lower.contains("disk quota exceeded")
            || lower.contains("not enough space on the disk")) {
          return true;
        }
      }
    }
    return false;
  }

  private Instant now() {
    return TierHealth.instantOf(clock.epochNanos());
  }
}
