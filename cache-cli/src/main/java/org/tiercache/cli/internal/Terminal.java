package org.tiercache.cli.internal;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the command talks to a person at a terminal, on every Java from 17 on. */
public final class Terminal {
  /** The system property the launcher sets from {@code [ -t 2 ]}. */
  public static final String STDERR_TTY = "tiercache.stderr.tty";
  /** The system property the launcher sets from {@code [ -t 1 ]}. */
  public static final String STDOUT_TTY = "tiercache.stdout.tty";

  private Terminal() {}

  /**
   * Tells whether standard error is a terminal. Java cannot ask ({@code System.console()} answers
   * for standard input and output), so the launcher script tells it from {@code [ -t 2 ]}.
   *
   * @return what the launcher said, else whether there is an interactive console
   */
  public static boolean stderrIsTerminal() {
    return told(STDERR_TTY);
  }

  /**
   * Tells whether standard output is a terminal, as the launcher found with {@code [ -t 1 ]}.
   *
   * @return what the launcher said, else whether there is an interactive console
   */
  public static boolean stdoutIsTerminal() {
    return told(STDOUT_TTY);
  }

  private static boolean told(String property) {
    String told = System.getProperty(property);
    return told != null ? Boolean.parseBoolean(told) : interactiveConsole() != null;
  }

  /**
   * Returns the console when standard input and output are an interactive terminal.
   *
   * <p>Up to Java 21 {@code System.console()} is null unless they are; from Java 22 it is never null
   * and {@code Console.isTerminal()} (absent on 17, so called reflectively) tells the truth. Asking
   * only for null would make {@code clear} prompt a cron job on a newer JDK.
   *
   * @return the console, or null when there is no person to ask
   */
  @SuppressWarnings("SystemConsoleNull") // the null check is for Java 17 to 21; see above
  public static Console interactiveConsole() {
    Console console = System.console();
    if (console == null) {
      return null;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(console)) ? console : null;
    } catch (NoSuchMethodException beforeJava22) {
      return console;
    } catch (ReflectiveOperationException | RuntimeException unexpected) {
      return null;
    }
  }
}
