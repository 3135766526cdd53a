package org.tiercache.cli.internal;

/**
 * A failure the command reports as one line on standard error, with the exit status it calls for.
 */
public final class CommandFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The exit status the failure calls for, one of {@link ExitStatus}. */
  private final int status;

  /**
   * Creates a failure.
   *
   * @param status the exit status, one of {@link ExitStatus}
   * @param message the line to print, naming what is wrong
   */
  public CommandFailure(int status, String message) {
    super(message);
    this.status = status;
  }

  /**
   * Creates a failure with its cause, shown with {@code --debug}.
   *
   * @param status the exit status, one of {@link ExitStatus}
   * @param message the line to print, naming what is wrong
   * @param cause the underlying failure
   */
  public CommandFailure(int status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  /**
   * Creates a usage error: exit status {@link ExitStatus#USAGE}.
   *
   * @param message the line to print
   * @return the failure
   */
  public static CommandFailure usage(String message) {
    return new CommandFailure(ExitStatus.USAGE, message);
  }

  /**
   * Returns the exit status.
   *
   * @return one of {@link ExitStatus}
   */
  public int status() {
    return status;
  }
}
