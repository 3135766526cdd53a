package org.tiercache.cli.command;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.tiercache.cli.internal.CommandFailure;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.Shown;
import org.tiercache.cli.internal.StackPlan;
import picocli.CommandLine.Option;

/**
 * How a command chooses its stack: {@code --stack SPEC}, {@code --stack-file FILE},
 * {@code --dir DIR}, or nothing for the embedded default.
 *
 * <p>{@code --stack-file} was {@code --config} until 0.2, a name {@code tck} also uses, for tier
 * settings ({@code --config ID:KEY=VALUE}, as the kit's runner spells it): one name meant two
 * things. The old spelling still works for a stack command, hidden from the help, with a one-line
 * notice on standard error.
 */
final class CacheOptions {
  /** The one key a {@code --stack-file} file holds. */
  static final String STACK_KEY = "stack";

  // Each example on a line of its own: help text may wrap before a '(' and break a copied spec.
  @Option(names = "--stack", paramLabel = "SPEC",
      description = {"The stack in the composer's string form, e.g.",
          "'disk(dir=/srv/cache,capacity=5GB)'",
          "(more in 'tiercache --help'; ids: 'tiercache providers')."})
  String stack;

  @Option(names = "--stack-file", paramLabel = "FILE",
      description = "A properties file whose 'stack' key holds the stack in the string form.")
  Path stackFile;

  /** {@code --stack-file}'s name until 0.2, kept so that scripts go on working. */
  @Option(names = "--config", paramLabel = "FILE", hidden = true)
  Path deprecatedConfig;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "The disk folder of the embedded default stack (default:"
          + " $XDG_CACHE_HOME/tiercache).")
  Path dir;

  /**
   * Returns the stack the options name.
   *
   * @return the plan
   * @throws CommandFailure if the options conflict, the file or spec is wrong
   */
  StackPlan plan() {
    Path config = stackFile;
    if (deprecatedConfig != null) {
      System.err.println("tiercache: note: --config FILE is now --stack-file FILE (--config will"
          + " go away)");
      if (stackFile != null) {
        throw CommandFailure.usage("give one of --stack-file and --config (its old name)");
      }
      config = deprecatedConfig;
    }
    int given = (stack != null ? 1 : 0) + (config != null ? 1 : 0) + (dir != null ? 1 : 0);
    if (given > 1) {
      throw CommandFailure.usage("give one of --stack, --stack-file and --dir: --dir sets the"
          + " folder of the embedded default stack; with --stack or --stack-file, put dir=... in"
          + " the spec");
    }
    StackPlan plan;
    if (stack != null) {
      plan = parse(stack);
    } else if (config != null) {
      plan = parse(readSpec(config));
    } else {
      plan = StackPlan.embeddedDefault(dir != null ? dir : defaultFolder());
    }
    plan.tiers().forEach(tier -> Shown.rememberSecretsOf(tier.config().settings()));
    return plan;
  }

  /** Reads a spec, first remembering its secrets, which an error about it must not show. */
  private static StackPlan parse(String spec) {
    Shown.rememberSecretsIn(spec);
    return StackPlan.parse(spec);
  }

  /**
   * Returns where the stack came from, for {@code stat}.
   *
   * @return {@code --stack}, {@code --stack-file FILE} or {@code embedded default}
   */
  String source() {
    if (stack != null) {
      return "--stack";
    }
    if (stackFile != null || deprecatedConfig != null) {
      return "--stack-file " + (stackFile != null ? stackFile : deprecatedConfig);
    }
    return "embedded default";
  }

  /**
   * The embedded default's folder: {@code $XDG_CACHE_HOME/tiercache} when that variable holds an
   * absolute path (the XDG base directory specification says to ignore a relative one), else
   * {@code ~/.cache/tiercache}.
   *
   * @return the folder
   */
  static Path defaultFolder() {
    String xdg = System.getenv("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "tiercache");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "tiercache");
  }

  private static String readSpec(Path file) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (NoSuchFileException e) {
      throw CommandFailure.usage("no such configuration file: " + file);
    } catch (IOException | IllegalArgumentException e) {
      throw new CommandFailure(ExitStatus.FAILURE, "cannot read configuration file " + file + ": "
          + e.getMessage(), e);
    }
    Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
    unknown.remove(STACK_KEY);
    if (!unknown.isEmpty()) {
      throw CommandFailure.usage("configuration file " + file + " has unknown keys " + unknown
          + "; it holds one key, 'stack', the stack in the composer's string form");
    }
    String spec = properties.getProperty(STACK_KEY);
    if (spec == null || spec.isBlank()) {
      throw CommandFailure.usage("configuration file " + file + " has no 'stack' key, e.g. "
          + "stack=memory(capacity=50MB) < 100KB ; disk(dir=/var/cache/att)");
    }
    return spec;
  }
}
