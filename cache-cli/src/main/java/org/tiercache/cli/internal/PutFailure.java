package org.tiercache.cli.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.tiercache.api.CacheException;
import org.tiercache.cli.internal.OpenStack.OpenTier;
import org.tiercache.tiered.TierReport;

/**
 * Says in one line why the composer did not store a file: the tier that failed and the real cause,
 * in the command's words ({@code tier 'disk' failed: no space left on device in /x}), rather than
 * the composer's longer message, which is kept as the cause for {@code --debug}.
 */
public final class PutFailure {
  private PutFailure() {}

  /**
   * Describes a failed put.
   *
   * @param stack the stack the put went through
   * @param before {@link org.tiercache.tiered.TieredCache#tierStats()} before the put
   * @param failure what the composer threw
   * @return the line: the tier whose failure count grew and its cause, or the composer's message
   *     when no tier failed (the file could not be read)
   */
  public static String describe(OpenStack stack, List<TierReport> before, CacheException failure) {
    OpenTier failed = stack.whichGrew(before, stack.cache().tierStats(), TierReport::failures);
    if (failed == null) {
      return failure.getMessage();
    }
    Throwable cause = failure.getCause() == null ? failure : failure.getCause();
    return "tier '" + failed.name() + "' failed: " + cause(failed, cause);
  }

  /**
   * Says why a tier failed, in one line: for a disk tier whose storage failed, the file system's
   * reason and the folder ({@code no space left on device in /x}); otherwise the tier's own message
   * (a Redis tier names its server), with the root cause's when the message does not say it.
   */
  private static String cause(OpenTier tier, Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    Optional<Path> folder = tier.planned().diskFolder();
    if (folder.isPresent() && root instanceof IOException io) {
      String reason = io instanceof AccessDeniedException ? "permission denied"
          : io instanceof FileSystemException fs ? fs.getReason() : io.getMessage();
      if (reason != null && !reason.isBlank()) {
        return Character.toLowerCase(reason.charAt(0)) + reason.substring(1) + " in "
            + folder.get();
      }
    }
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    if (root != failure && root.getMessage() != null && !message.contains(root.getMessage())) {
      message = message + ": " + root.getMessage();
    }
    return message;
  }
}
