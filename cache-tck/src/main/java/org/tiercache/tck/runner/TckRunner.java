package org.tiercache.tck.runner;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;
import org.tiercache.api.TierLoadFailure;
import org.tiercache.tck.runner.internal.ProviderConcurrencyContract;
import org.tiercache.tck.runner.internal.ProviderCrashContract;
import org.tiercache.tck.runner.internal.ProviderEvictionListenerContract;
import org.tiercache.tck.runner.internal.ProviderLifetimeStatsContract;
import org.tiercache.tck.runner.internal.ProviderListingContract;
import org.tiercache.tck.runner.internal.ProviderLruContract;
import org.tiercache.tck.runner.internal.ProviderModelContract;
import org.tiercache.tck.runner.internal.ProviderOwnershipContract;
import org.tiercache.tck.runner.internal.ProviderPersistenceContract;
import org.tiercache.tck.runner.internal.ProviderSizeContract;
import org.tiercache.tck.runner.internal.ProviderStatsContract;
import org.tiercache.tck.runner.internal.ProviderStoreContract;
import org.tiercache.tck.runner.internal.ProviderTtlContract;
import org.tiercache.tck.runner.internal.ProviderUnderTest;
import org.tiercache.tck.runner.internal.ResultTable;
import org.tiercache.tck.runner.internal.RunnerOptions;

/**
 * Runs every contract suite against tier providers found with {@link java.util.ServiceLoader}, and
 * prints one row per tier and rule group with its passed, failed and skipped counts, then every
 * failure with its message.
 *
 * <p>On the module path: {@code java --module-path <jars> --module
 * org.tiercache.tck/org.tiercache.tck.runner.TckRunner [--tier ID]... [--config ID:key=value,...]...
 * [--rules GROUP,...]...}. {@code --rules} runs only the named rule groups (while working on one
 * rule, or to check a server tier's store rules quickly); a name the kit does not have is a usage
 * error listing the groups, so a typo never passes by running nothing.
 * Each tier the kit creates gets the suite's capacity, TTL and clock, the provider's
 * {@link CacheTierProvider#scratchSettings scratch settings} for a fresh folder per test (deleted
 * afterwards), and the {@code --config} settings for its id. Providers are checked one after
 * another. The ownership suite plants files and links in that scratch folder, so it runs only for a
 * tier whose settings name the folder (its storage is there); for the others it is skipped.
 *
 * <p>Providers are found by {@link TierDiscovery}. A provider found that fails to load (its class
 * is missing, its constructor throws, its id is taken by another jar) is printed as a line
 * {@code failed to load: CLASS at JAR: REASON} before the table; without {@code --tier} each one
 * counts as a failure of the run, since it is a tier the user put on the module path to be checked.
 * With {@code --tier}, such lines read {@code not checked, failed to load: ...} and do not change
 * the status; a named id that did not load is an unknown id, whose message lists the failures.
 *
 * <p>A tier named with {@code --tier} that cannot be created with the kit's settings (a server tier
 * with no server) is said once, {@code error: tier 'ID' cannot be created ...}, and nothing runs:
 * its tests would all fail the same way, which says nothing about its contracts. The last line
 * counts the tests passed, failed and skipped.
 *
 * <p>Exit status: 0 when no test failed and every provider found loaded, 1 when a test failed or
 * (without {@code --tier}) a provider failed to load, 2 on a usage error, an unknown
 * {@code --tier} id, a {@code --tier} that cannot be created, or no provider at all.
 *
 * @since 0.1
 */
public final class TckRunner {
  /** The slf4j-simple property that sets the default level; see {@link #main}. */
  private static final String SIMPLE_LOGGER_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

  /** No test failed. */
  public static final int PASSED = 0;
  /** At least one test failed, or (without {@code --tier}) a provider found failed to load. */
  public static final int FAILED = 1;
  /** The kit could not run: a usage error, an unknown tier id, no provider, no test engine. */
  public static final int NOT_RUN = 2;


  // The suites in the order the table lists them, with the name of their rule group.
  private static final Map<Class<?>, String> SUITES = suites();

  private TckRunner() {}

  /**
   * Runs the kit from the command line and exits with its status.
   *
   * @param args the options; {@code --help} lists them
   */
  public static void main(String[] args) {
    // The suites provoke damage, refusals and outages on purpose: the tiers' warnings about them
    // would drown the table. With slf4j-simple (the provider the distribution ships) they are shown
    // only from ERROR up, unless the user set a level on the command line.
    if (System.getProperty(SIMPLE_LOGGER_LEVEL) == null) {
      System.setProperty(SIMPLE_LOGGER_LEVEL, "error");
    }
    // The one place the kit writes to the console: it is the command line's own output.
    PrintWriter out = new PrintWriter(
        new OutputStreamWriter(System.out, Charset.defaultCharset()), true);
    int status = run(out, args);
    out.flush();
    System.exit(status);
  }

  /**
   * Runs the kit as {@link #main} does, printing to {@code out} and returning the exit status
   * instead of exiting.
   *
   * @param out where the table, failures and errors are printed
   * @param args the options, as on the command line
   * @return {@link #PASSED}, {@link #FAILED} or {@link #NOT_RUN}
   */
  public static int run(PrintWriter out, String... args) {
    Objects.requireNonNull(out, "out must not be null");
    try {
      return runChecked(out, Arrays.asList(Objects.requireNonNull(args, "args must not be null")));
    } finally {
      out.flush();
    }
  }

  private static int runChecked(PrintWriter out, List<String> args) {
    RunnerOptions options;
    try {
      options = RunnerOptions.parse(args);
    } catch (IllegalArgumentException e) {
      out.println("error: " + e.getMessage());
      out.println(RunnerOptions.USAGE);
      return NOT_RUN;
    }
    if (options.help()) {
      out.println(RunnerOptions.USAGE);
      return PASSED;
    }
    Map<Class<?>, String> suites = new LinkedHashMap<>();
    SUITES.forEach((suite, group) -> {
      if (options.ruleGroups().isEmpty() || options.ruleGroups().contains(group)) {
        suites.put(suite, group);
      }
    });
    for (String group : options.ruleGroups()) {
      if (!SUITES.containsValue(group)) {
        out.println("error: --rules names group '" + group + "', which the kit does not have; "
            + "groups: " + String.join(", ", SUITES.values()));
        return NOT_RUN;
      }
    }

    TierDiscovery discovery = TierDiscovery.scan();
    List<CacheTierProvider> providers = new ArrayList<>();
    // Jars found that did not load. Without --tier they are tiers the user put there to be checked,
    // so each one fails the run; with --tier they are reported and the run is judged on the tiers
    // named (a named one that did not load cannot be found, which the lookup's message explains).
    List<TierLoadFailure> unloaded = discovery.failures();
    if (options.tierIds().isEmpty()) {
      discovery.tiers().forEach(tier -> providers.add(tier.provider()));
      printUnloaded(out, unloaded, "failed to load: ");
      if (providers.isEmpty() && unloaded.isEmpty()) {
        out.println("error: no CacheTierProvider found: put a tier module (such as "
            + "tiercache-memory) on the module path beside the kit");
        return NOT_RUN;
      }
      if (providers.isEmpty()) {
        out.println();
        out.println("FAILED: " + unloaded.size() + " tier provider(s) failed to load, none loaded");
        return FAILED;
      }
    } else {
      for (String id : options.tierIds()) {
        try {
          providers.add(discovery.provider(id));
        } catch (CacheException e) {
          out.println("error: " + e.getMessage());
          return NOT_RUN;
        }
      }
      printUnloaded(out, unloaded, "not checked, failed to load: ");
      unloaded = List.of();
    }
    Set<String> checked = providers.stream().map(CacheTierProvider::id)
        .collect(Collectors.toCollection(TreeSet::new));
    for (String id : options.settings().keySet()) {
      if (!checked.contains(id)) {
        out.println("error: --config names tier '" + id + "', which is not being checked; "
            + "checking: " + String.join(", ", checked));
        return NOT_RUN;
      }
    }

    if (options.tierIds().isEmpty()) {
      // Found, not asked for: a tier that cannot even be created as the kit would create it (a
      // server tier with no server configured) is reported and left out rather than failed.
      for (Iterator<CacheTierProvider> it = providers.iterator(); it.hasNext(); ) {
        CacheTierProvider provider = it.next();
        String why = whyUncreatable(provider, options.settingsFor(provider.id()));
        if (why != null) {
          out.println("skipped tier '" + provider.id() + "': it cannot be created with the kit's "
              + "settings (" + why + "); give it the settings it needs with --config "
              + provider.id() + ":KEY=VALUE");
          it.remove();
        }
      }
      if (providers.isEmpty()) {
        out.println("error: no tier found on the module path could be created");
        return NOT_RUN;
      }
    } else {
      // Asked for: a tier that cannot be created would fail every test the same way, which says
      // nothing about its contracts. Said once, and nothing is counted (issue 15).
      boolean uncreatable = false;
      for (CacheTierProvider provider : providers) {
        String why = whyUncreatable(provider, options.settingsFor(provider.id()));
        if (why != null) {
          out.println("error: tier '" + provider.id() + "' cannot be created with the kit's "
              + "settings (" + why + "), so none of its tests ran; give it the settings it needs "
              + "with --config " + provider.id() + ":KEY=VALUE");
          uncreatable = true;
        }
      }
      if (uncreatable) {
        return NOT_RUN;
      }
    }

    Launcher launcher;
    try {
      launcher = LauncherFactory.create();
    } catch (RuntimeException e) {
      out.println("error: cannot start the JUnit Platform (" + e.getMessage() + "); put "
          + "junit-jupiter-engine on the module path beside the kit");
      return NOT_RUN;
    }
    Map<String, String> groupsByClass = new LinkedHashMap<>();
    suites.forEach((suite, group) -> groupsByClass.put(suite.getName(), group));
    ResultTable table = new ResultTable(groupsByClass);
    for (CacheTierProvider provider : providers) {
      log().debug("checking tier '{}' ({})", provider.id(), provider.getClass().getName());
      ProviderUnderTest.bind(provider, options.settingsFor(provider.id()));
      try {
        launcher.execute(request(suites.keySet()), table.forTier(provider.id()));
      } finally {
        ProviderUnderTest.unbind();
      }
    }

    table.print(out);
    out.println();
    if (table.testCount() == 0) {
      out.println("error: no test ran: is junit-jupiter-engine on the module path?");
      return NOT_RUN;
    }
    // Passed, failed and skipped are all said: "none failed" alone hides tests that did not run.
    String counts = table.testCount() + " tests of " + providers.size() + " tier(s): "
        + table.passedCount() + " passed, " + table.failureCount() + " failed, "
        + table.skippedCount() + " skipped";
    if (table.failureCount() > 0 || !unloaded.isEmpty()) {
      out.println("FAILED: " + counts
          + (unloaded.isEmpty() ? "" : "; " + unloaded.size() + " tier provider(s) failed to load"));
      return FAILED;
    }
    out.println("PASSED: " + counts);
    return PASSED;
  }

  private static void printUnloaded(PrintWriter out, List<TierLoadFailure> unloaded, String lead) {
    for (TierLoadFailure failure : unloaded) {
      out.println(lead + failure);
      failure.cause().ifPresent(cause -> log().debug("{}{}", lead, failure, cause));
    }
  }

  /** Returns why the provider cannot create a tier as the suites would, or null if it can. */
  private static String whyUncreatable(CacheTierProvider provider, Map<String, String> settings) {
    Path scratch;
    try {
      scratch = Files.createTempDirectory("tiercache-tck-probe");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot make a scratch folder for the kit", e);
    }
    ProviderUnderTest.bind(provider, settings);
    try (CacheTier tier = ProviderUnderTest.create(
        TierConfig.builder().capacity(1 << 20).build(), scratch)) {
      log().debug("tier '{}' can be created: {}", provider.id(), tier);
      return null;
    } catch (CacheException e) {
      return e.getMessage();
    } finally {
      ProviderUnderTest.unbind();
      deleteQuietly(scratch);
    }
  }

  private static void deleteQuietly(Path folder) {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      log().debug("could not delete the scratch folder {}", folder, e);
    }
  }

  private static LauncherDiscoveryRequest request(Set<Class<?>> suites) {
    LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
    suites.forEach(suite -> request.selectors(selectClass(suite)));
    // The suites rely on running one test at a time against the bound provider.
    request.configurationParameter("junit.jupiter.execution.parallel.enabled", "false");
    return request.build();
  }

  private static Map<Class<?>, String> suites() {
    Map<Class<?>, String> suites = new LinkedHashMap<>();
    suites.put(ProviderStoreContract.class, "store");
    suites.put(ProviderLruContract.class, "lru");
    suites.put(ProviderTtlContract.class, "ttl");
    suites.put(ProviderSizeContract.class, "size");
    suites.put(ProviderStatsContract.class, "stats");
    suites.put(ProviderLifetimeStatsContract.class, "lifetime");
    suites.put(ProviderEvictionListenerContract.class, "listener");
    suites.put(ProviderModelContract.class, "model");
    suites.put(ProviderConcurrencyContract.class, "concurrency");
    suites.put(ProviderPersistenceContract.class, "persistence");
    suites.put(ProviderCrashContract.class, "crash");
    suites.put(ProviderOwnershipContract.class, "ownership");
    suites.put(ProviderListingContract.class, "listing");
    return suites;
  }

  // Taken when first needed, not when the class loads, so that main can set the level first.
  private static Logger log() {
    return LoggerFactory.getLogger(TckRunner.class);
  }
}
