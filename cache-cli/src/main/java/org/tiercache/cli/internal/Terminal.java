package org.tiercache.cli.internal;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether the command talks to a person at a terminal, on every Java from 17 on. */
public final class Terminal {
  private Terminal() {}

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
