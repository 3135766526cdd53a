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
 * How a command chooses its stack: {@code --stack SPEC}, {@code --config FILE}, {@code --dir DIR},
 * or nothing for the embedded default.
 */
final class CacheOptions {
  /** The one key a {@code --config} file holds. */
  static final String STACK_KEY = "stack";

  @Option(names = "--stack", paramLabel = "SPEC",
      description = {"The stack in the composer's string form, e.g.",
          "'memory(capacity=50MB) < 100KB ; disk(dir=/var/cache/att,capacity=500MB)'.",
          "Tier ids are those on the module path (see `tiercache providers`)."})
  String stack;

  @Option(names = "--config", paramLabel = "FILE",
      description = "A properties file whose 'stack' key holds the stack in the string form.")
  Path config;

  @Option(names = "--dir", paramLabel = "DIR",
      description = {"The disk folder of the embedded default stack, instead of",
          "$XDG_CACHE_HOME/tiercache (or ~/.cache/tiercache)."})
  Path dir;

  /**
   * Returns the stack the options name.
   *
   * @return the plan
   * @throws CommandFailure if the options conflict, the file or spec is wrong
   */
  StackPlan plan() {
    int given = (stack != null ? 1 : 0) + (config != null ? 1 : 0) + (dir != null ? 1 : 0);
    if (given > 1) {
      throw CommandFailure.usage("give one of --stack, --config and --dir: --dir sets the folder "
          + "of the embedded default stack; with --stack or --config, put dir=... in the spec");
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
   * @return {@code --stack}, {@code --config FILE} or {@code embedded default}
   */
  String source() {
    if (stack != null) {
      return "--stack";
    }
    if (config != null) {
      return "--config " + config;
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
