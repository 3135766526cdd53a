package org.tiercache.cli.command;

import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.Json;
import org.tiercache.cli.internal.Shown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code providers}: the tier ids found on the module path, with their module and version. */
@Command(name = "providers", mixinStandardHelpOptions = true,
    description = {"Lists the tier providers found on the module path (ServiceLoader): id, module,"
        + " module version and provider class. These ids are what a stack spec can name; put a"
        + " tier's jar beside the others and its id appears."})
final class ProvidersCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print a JSON array instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (CacheTierProvider provider : CacheTierProvider.available()) {
      Module module = provider.getClass().getModule();
      ModuleDescriptor descriptor = module.getDescriptor();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("id", provider.id());
      row.put("module", module.isNamed() ? module.getName() : null);
      row.put("version", descriptor == null ? null
          : descriptor.version().map(Object::toString).orElse(null));
      row.put("class", provider.getClass().getName());
      rows.add(row);
    }
    if (json) {
      System.out.println(Json.write(rows));
    } else {
      String format = "%-10s %-24s %-16s %s%n";
      System.out.printf(format, "id", "module", "version", "class");
      for (Map<String, Object> row : rows) {
        System.out.printf(format, Shown.text(row.get("id")),
            row.get("module") == null ? "(class path)" : row.get("module"),
            row.get("version") == null ? "-" : Shown.text(row.get("version")), row.get("class"));
      }
    }
    System.out.flush();
    return ExitStatus.OK;
  }
}
