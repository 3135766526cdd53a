package org.tiercache.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Arrays;
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.CacheException;
import org.tiercache.cli.command.TiercacheCommand;
import org.tiercache.cli.internal.CommandFailure;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.IoErrorText;
import org.tiercache.cli.internal.LeadingOptions;
import org.tiercache.cli.internal.SafeOutput;
import org.tiercache.cli.internal.Shown;
import org.tiercache.cli.internal.UnknownCommand;
import picocli.CommandLine;

/**
 * The entry point of the {@code tiercache} command:
 * {@code java --module-path DIR --module org.tiercache.cli/org.tiercache.cli.Main COMMAND ...}.
 *
 * <p>Every failure ends as one line on standard error, {@code tiercache: <what went wrong>}, and an
 * exit status from {@link ExitStatus}; a stack trace is printed only with {@code --debug}. The status
 * follows the exception's type, never the place it came from: the command's own usage errors and a
 * {@link CacheConfigurationException} (a malformed spec or setting, a setting a tier refuses, an
 * unknown tier id) are bad usage (2); any other {@link CacheException} and an I/O error are failures
 * (3); anything else, an {@link IllegalArgumentException} included, is a bug of the command or a
 * library, reported as an unexpected failure (3) whose trace {@code --debug} shows.
 * Standard error is made safe line by line ({@link SafeOutput}): no secret of the stack's settings
 * and no control sequence reaches the terminal, from the command, from a trace or from a tier's log.
 */
public final class Main {
  /** The environment variable the Redis tier reads its server from; its password is masked too. */
  private static final String REDIS_URI_VARIABLE = "TIERCACHE_REDIS_URI";

  private Main() {}

  /**
   * Runs the command and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    PrintStream safe = SafeOutput.over(new FileOutputStream(FileDescriptor.err), stderrCharset());
    System.setErr(safe);
    int status = run(args);
    safe.close(); // writes a last line that has no line break
    System.exit(status);
  }

  /**
   * Runs the command.
   *
   * @param args the command line
   * @return the exit status, one of {@link ExitStatus}
   */
  public static int run(String... args) {
    boolean debug = Arrays.asList(args).contains("--debug");
    Shown.rememberUserinfo(System.getenv(REDIS_URI_VARIABLE));
    String[] ordered = LeadingOptions.moveAfterCommand(args);
    // The kit provokes damage and refusals on purpose: its tiers' warnings would drown the table.
    boolean kit = Arrays.stream(ordered).filter(a -> !a.startsWith("-")).findFirst()
        .filter("tck"::equals).isPresent();
    configureLogging(debug, kit);
    CommandLine commandLine = TiercacheCommand.commandLine()
        .setExecutionExceptionHandler((e, cmd, parsed) -> fail(e, debug))
        .setParameterExceptionHandler((e, arguments) -> {
          PrintStream err = System.err;
          err.println("tiercache: " + Shown.text(UnknownCommand.describe(e)));
          err.println("see: " + e.getCommandLine().getCommandSpec().qualifiedName() + " --help");
          if (debug) {
            e.printStackTrace(err);
          }
          return ExitStatus.USAGE;
        });
    return commandLine.execute(ordered);
  }

  private static Charset stderrCharset() {
    String name = System.getProperty("sun.stderr.encoding");
    try {
      return name == null ? Charset.defaultCharset() : Charset.forName(name);
    } catch (IllegalArgumentException e) {
      return Charset.defaultCharset();
    }
  }

  private static int fail(Exception e, boolean debug) {
    int status;
    String message;
    if (e instanceof CommandFailure failure) {
      status = failure.status();
      message = failure.getMessage();
    } else if (e instanceof CacheConfigurationException) {
      status = ExitStatus.USAGE;
      message = e.getMessage();
    } else if (e instanceof CacheException) {
      status = ExitStatus.FAILURE;
      message = e.getMessage();
    } else if (e instanceof IOException io) {
      status = ExitStatus.FAILURE;
      message = IoErrorText.describe(io);
    } else if (e instanceof UncheckedIOException io) {
      status = ExitStatus.FAILURE;
      message = IoErrorText.describe(io.getCause());
    } else {
      status = ExitStatus.FAILURE;
      message = "unexpected failure: " + e;
    }
    PrintStream err = System.err;
    if (message == null || message.isBlank()) {
      // Never the class name toString() would give: the trace under --debug names it.
      message = status == ExitStatus.USAGE ? "invalid usage (--debug shows where)"
          : "failed without saying why (--debug shows where)";
    }
    err.println("tiercache: " + Shown.text(oneLine(message)));
    if (debug) {
      e.printStackTrace(err);
    }
    return status;
  }

  private static String oneLine(String message) {
    return message.replaceAll("\\s*\\R\\s*", " ");
  }

  /**
   * Sets up slf4j-simple, the logging provider shipped beside the command, before any logger
   * exists: warnings (a damaged entry found on a read, a failing tier) on standard error, short
   * logger names, no thread names; DEBUG with {@code --debug}; ERROR for {@code tck}, whose suites
   * provoke damage and refusals on purpose. A property set on the command line
   * ({@code -Dorg.slf4j.simpleLogger...}) wins.
   */
  private static void configureLogging(boolean debug, boolean kit) {
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : kit ? "error" : "warn");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
