package org.tiercache.tck.runner.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.tiercache.api.CacheException;
import org.tiercache.api.TierConfig;

/**
 * The runner's command line: {@code --tier ID} (repeatable), {@code --config ID:key=value,...}
 * (repeatable), {@code --rules GROUP,...} (repeatable) and {@code --help}. Hand-written because four
 * options do not justify a dependency that every tier's test path would then carry.
 */
public final class RunnerOptions {
  /** The usage text printed by {@code --help} and after a usage error. */
  public static final String USAGE = String.join(System.lineSeparator(),
      "usage: TckRunner [--tier ID]... [--config ID:key=value[,key=value]...]...",
      "                 [--rules GROUP[,GROUP]...]... [--help]",
      "",
      "Runs the tiercache compatibility kit against tier providers found on the module path",
      "(or class path) and prints passed / failed / skipped per tier and rule group.",
      "",
      "  --tier ID           check only the tier with this provider id (repeatable);",
      "                      default: every provider found",
      "  --config ID:PAIRS   add settings to every tier the kit creates for ID, e.g.",
      "                      --config redis:host=127.0.0.1,port=6380 (repeatable); the suites",
      "                      choose capacity, ttl and clock themselves, so those are refused",
      "  --rules GROUPS      run only these rule groups (repeatable, comma-separated), e.g.",
      "                      --rules store,persistence; default: every group. Groups: store,",
      "                      lru, ttl, size, stats, lifetime, listener, model, concurrency,",
      "                      persistence, crash, ownership, listing",
      "  --help              print this text",
      "",
      "Exit status: 0 when no test failed, 1 when a test failed, 2 on a usage error or when no",
      "tier provider (or no requested one) is found.");

  private final Set<String> tierIds;
  private final Map<String, Map<String, String>> settings;
  private final Set<String> ruleGroups;
  private final boolean help;

  private RunnerOptions(Set<String> tierIds, Map<String, Map<String, String>> settings,
      Set<String> ruleGroups, boolean help) {
    this.tierIds = Collections.unmodifiableSet(tierIds);
    this.settings = Collections.unmodifiableMap(settings);
    this.ruleGroups = Collections.unmodifiableSet(ruleGroups);
    this.help = help;
  }

  /**
   * Parses the arguments.
   *
   * @param args the command-line arguments
   * @return the options
   * @throws IllegalArgumentException naming the argument that is wrong
   */
  public static RunnerOptions parse(List<String> args) {
    Set<String> tierIds = new LinkedHashSet<>();
    Map<String, Map<String, String>> settings = new LinkedHashMap<>();
    Set<String> ruleGroups = new LinkedHashSet<>();
    boolean help = false;
    List<String> rest = new ArrayList<>(args);
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      String option = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        option = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      switch (option) {
        case "--help":
        case "-h":
          help = true;
          break;
        case "--tier":
          if (value == null) {
            value = valueOf(rest, ++i, option);
          }
          if (value.isBlank()) {
            throw new IllegalArgumentException("--tier needs a tier id, such as --tier memory");
          }
          tierIds.add(value);
          break;
        case "--config":
          if (value == null) {
            value = valueOf(rest, ++i, option);
          }
          addSettings(settings, value);
          break;
        case "--rules":
          if (value == null) {
            value = valueOf(rest, ++i, option);
          }
          for (String group : value.split(",", -1)) {
            if (group.isBlank()) {
              throw new IllegalArgumentException("--rules '" + value + "' names an empty group;"
                  + " give groups separated by commas, such as --rules store,lru");
            }
            ruleGroups.add(group.strip());
          }
          break;
        default:
          throw new IllegalArgumentException("unknown argument '" + arg + "'");
      }
    }
    return new RunnerOptions(tierIds, settings, ruleGroups, help);
  }

  /**
   * Returns the tier ids asked for with {@code --tier}, in order given.
   *
   * @return the ids; empty means every provider found
   */
  public Set<String> tierIds() {
    return tierIds;
  }

  /**
   * Returns the settings given with {@code --config}, by tier id.
   *
   * @return the settings per tier id
   */
  public Map<String, Map<String, String>> settings() {
    return settings;
  }

  /**
   * Returns the settings given for one tier.
   *
   * @param tierId the tier id
   * @return its settings, possibly empty
   */
  public Map<String, String> settingsFor(String tierId) {
    return settings.getOrDefault(tierId, Map.of());
  }

  /**
   * Returns the rule groups asked for with {@code --rules}, in order given, not yet checked
   * against the groups the kit has.
   *
   * @return the group names; empty means every group
   */
  public Set<String> ruleGroups() {
    return ruleGroups;
  }

  /**
   * Tells whether {@code --help} was given.
   *
   * @return {@code true} to print the usage and stop
   */
  public boolean help() {
    return help;
  }

  private static String valueOf(List<String> args, int index, String option) {
    if (index >= args.size()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return args.get(index);
  }

  private static void addSettings(Map<String, Map<String, String>> settings, String spec) {
    int colon = spec.indexOf(':');
    if (colon <= 0) {
      throw new IllegalArgumentException("--config '" + spec + "' must be ID:key=value[,key=value]"
          + ", such as disk:fsync=false");
    }
    String tierId = spec.substring(0, colon);
    TierConfig parsed;
    try {
      parsed = TierConfig.parse(spec.substring(colon + 1));
    } catch (CacheException e) {
      throw new IllegalArgumentException("--config '" + spec + "': " + e.getMessage(), e);
    }
    if (parsed.capacityBytes().isPresent() || parsed.ttl().isPresent()) {
      throw new IllegalArgumentException("--config '" + spec + "': capacity and ttl cannot be set; "
          + "each rule sets the capacity and TTL it checks");
    }
    Map<String, String> forTier = settings.computeIfAbsent(tierId, id -> new TreeMap<>());
    parsed.settings().forEach((key, value) -> {
      String earlier = forTier.putIfAbsent(key, value);
      if (earlier != null && !earlier.equals(value)) {
        throw new IllegalArgumentException("--config gives setting '" + key + "' of tier '"
            + tierId + "' twice: '" + earlier + "' and '" + value + "'");
      }
    });
  }
}
