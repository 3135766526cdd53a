package org.tiercache.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tiercache.api.DiscoveredTier;
import org.tiercache.api.TierDiscovery;
import org.tiercache.api.TierLoadFailure;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.Json;
import org.tiercache.cli.internal.Shown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code providers}: the tier providers found on the module path, with module, version and jar, and
 * the tier jars that failed to load, with the reason.
 */
@Command(name = "providers", mixinStandardHelpOptions = true,
    header = "List the tier providers on the module path.",
    description = {"Lists the tier providers found on the module path (ServiceLoader): id, module,"
        + " version and the jar or folder each came from. These ids are what a stack spec can name;"
        + " put a tier's jar beside the others and its id appears.",
        "A tier jar that is found but does not load (its class is missing, its constructor throws,"
            + " its id is taken by another jar) is listed under 'failed to load' with the reason.",
        "Exit status 1 if a provider failed to load (everything found is still listed)."})
final class ProvidersCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print one JSON object, {\"providers\": [...],"
      + " \"failures\": [...]}, instead of the table.")
  boolean json;

  @Override
  public Integer call() {
    TierDiscovery discovery = TierDiscovery.scan();
    if (json) {
      printJson(discovery);
    } else {
      printTable(discovery);
    }
    System.out.flush();
    // As verify's corrupt entries: the list is complete, but what it found is wrong, and a script
    // checking a deployment must be able to tell without parsing it.
    return discovery.failures().isEmpty() ? ExitStatus.OK : ExitStatus.NO;
  }

  private static void printTable(TierDiscovery discovery) {
    String format = "%-10s %-24s %-16s %s%n";
    System.out.printf(format, "id", "module", "version", "location");
    for (DiscoveredTier tier : discovery.tiers()) {
      Module module = tier.provider().getClass().getModule();
      System.out.printf(format, Shown.text(tier.id()),
          module.isNamed() ? Shown.text(module.getName()) : "(class path)",
          Shown.text(tier.version()), Shown.text(tier.location()));
    }
    List<TierLoadFailure> failures = discovery.failures();
    if (!failures.isEmpty()) {
      System.out.println();
      System.out.println("failed to load (" + failures.size() + "):");
      for (TierLoadFailure failure : failures) {
        System.out.println("  " + Shown.text(failure.provider()) + "  "
            + Shown.text(failure.location()));
        System.out.println("    " + Shown.text(failure.reason()));
      }
    }
  }

  private static void printJson(TierDiscovery discovery) {
    List<Map<String, Object>> providers = new ArrayList<>();
    for (DiscoveredTier tier : discovery.tiers()) {
      Module module = tier.provider().getClass().getModule();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", tier.id());
      row.put("module", module.isNamed() ? module.getName() : null);
      row.put("version", tier.version());
      row.put("class", tier.provider().getClass().getName());
      row.put("location", tier.location());
      providers.add(row);
    }
    List<Map<String, Object>> failures = new ArrayList<>();
    for (TierLoadFailure failure : discovery.failures()) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("class", failure.provider());
      row.put("location", failure.location());
      row.put("reason", failure.reason());
      failures.add(row);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("providers", providers);
    out.put("failures", failures);
    System.out.println(Json.write(out));
  }
}
