package org.tiercache.cli.command;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tiercache.api.TierDiscovery;
import org.tiercache.cli.internal.Json;
import org.tiercache.cli.internal.SafeOutput;
import org.tiercache.cli.internal.TckOutcome;
import org.tiercache.tck.runner.TckRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tck}: the compatibility kit's runner, against the tiers on the module path. */
@Command(name = "tck", mixinStandardHelpOptions = true,
    header = "Run the compatibility kit against the tiers on the module path.",
    description = {
        "Runs the compatibility kit (org.tiercache.tck) against every tier provider on the module"
            + " path, or those given with --tier, and prints passed / failed / skipped per tier and"
            + " rule group.",
        "A tier provider found that fails to load is listed as 'failed to load: CLASS at JAR:"
            + " REASON'; without --tier it fails the run, as a tier that was meant to be checked.",
        "Exit status 1 if a test failed or (without --tier) a provider failed to load; 2 if the"
            + " kit could not run (an unknown tier id, no provider)."})
final class TckCommand implements Callable<Integer> {
  @Option(names = "--tier", paramLabel = "ID",
      description = "Check only this tier (repeatable); default: every provider found.")
  List<String> tiers = new ArrayList<>();

  @Option(names = "--config", paramLabel = "ID:KEY=VALUE[,KEY=VALUE...]",
      description = "Add settings to every tier the kit creates for ID (repeatable), e.g."
          + " redis:host=127.0.0.1,port=6380.")
  List<String> configs = new ArrayList<>();

  @Option(names = "--rules", paramLabel = "GROUP[,GROUP...]",
      description = "Run only these rule groups (repeatable), e.g. store,persistence; default:"
          + " every group. Groups: store, lru, ttl, size, stats, lifetime, listener, model,"
          + " concurrency, persistence, crash, ownership, listing.")
  List<String> rules = new ArrayList<>();

  @Option(names = "--json",
      description = "Print one JSON object (read from the runner's table) instead of the table.")
  boolean json;

  @Override
  public Integer call() {
    List<String> args = new ArrayList<>();
    TierDiscovery discovery = tiers.isEmpty() ? null : TierDiscovery.scan();
    for (String id : tiers) {
      discovery.provider(id); // an unknown id: a CacheConfigurationException, bad usage
      args.add("--tier");
      args.add(id);
    }
    for (String config : configs) {
      args.add("--config");
      args.add(config);
    }
    for (String group : rules) {
      args.add("--rules");
      args.add(group);
    }
    String[] runnerArgs = args.toArray(String[]::new);
    if (!json) {
      // The table quotes the tiers' failure messages: each line is made safe as it is printed.
      PrintWriter out = new PrintWriter(new OutputStreamWriter(
          SafeOutput.over(System.out, Charset.defaultCharset()), Charset.defaultCharset()), true);
      int status = TckRunner.run(out, runnerArgs);
      out.close();
      return status;
    }
    StringWriter text = new StringWriter();
    int status = TckRunner.run(new PrintWriter(text), runnerArgs);
    System.out.println(Json.write(TckOutcome.parse(text.toString(), status)));
    System.out.flush();
    return status;
  }
}
