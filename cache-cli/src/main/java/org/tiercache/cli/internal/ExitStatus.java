package org.tiercache.cli.internal;

/**
 * The exit statuses of the {@code tiercache} command, the same for every subcommand so that a
 * script can tell a miss from a mistake from a failure.
 */
public final class ExitStatus {
  /** Done. */
  public static final int OK = 0;
  /**
   * The answer is "no": {@code get} found no entry (or only a damaged copy, which its tier
   * removed), {@code rm} found no entry for some key (without {@code --force}), {@code verify}
   * found corrupt entries (and removed them), {@code tck} saw a test fail, {@code clear} was
   * declined.
   */
  public static final int NO = 1;
  /**
   * The command line is wrong: an unknown option, a malformed key or stack spec, a setting value a
   * tier refuses or does not know (a {@code CacheConfigurationException}), a file or tier id that
   * does not exist, {@code clear} without {@code --yes} and no terminal to ask on, {@code ls} of a
   * stack with a tier that cannot list its entries (a stack that cannot be listed, not a failure).
   */
  public static final int USAGE = 2;
  /**
   * A tier or the file system failed: an I/O error, a folder that cannot be read or written or is
   * locked by another process, content no tier would take, a put a tier failed to store (a full
   * disk, a server that cannot be reached); or the command or a library has a bug (an unexpected
   * exception, such as an {@code IllegalArgumentException} no caller meant: "unexpected failure").
   */
  public static final int FAILURE = 3;

  private ExitStatus() {}
}
