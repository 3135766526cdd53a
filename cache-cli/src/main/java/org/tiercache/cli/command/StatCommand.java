package org.tiercache.cli.command;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tiercache.api.CacheTier;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.LifetimeStats;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierHealth;
import org.tiercache.api.TierStats;
import org.tiercache.cli.internal.Ages;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.HumanBytes;
import org.tiercache.cli.internal.Json;
import org.tiercache.cli.internal.OpenStack;
import org.tiercache.cli.internal.OpenStack.OpenTier;
import org.tiercache.cli.internal.Shown;
import org.tiercache.cli.internal.StackCapacity;
import org.tiercache.cli.internal.StatTable;
import org.tiercache.tiered.SizeRule;
import org.tiercache.tiered.TierReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stat}: what each tier holds, its capacity and counts, and the oldest entry. */
@Command(name = "stat", mixinStandardHelpOptions = true,
    header = "Show entries, capacity, hit rate and health per tier.",
    description = {
        "Prints, per tier and for the whole stack: entries, bytes, capacity, hits, misses, hit"
            + " rate (hits per lookup) and puts, and health (UP, DEGRADED or DOWN; the cause of each"
            + " tier not up follows the table); then the oldest entry. Times are local, to the"
            + " second (--json: UTC, exact).",
        "The stack's capacity is what it keeps from one command to the next: that of the tiers"
            + " that outlive a command (a memory tier dies with it), not counting a tier whose"
            + " sizes all reach a later one too (puts write through, so it holds copies). The"
            + " embedded default's is its disk tier's 1 GB.",
        "A tier that keeps its counts (disk, in its folder; redis, in its namespace) shows them"
            + " added up over every process that used it; the others, and the stack, show this"
            + " command's only, since they count from the moment they open. The oldest entry"
            + " is the one put longest ago in any tier, from"
            + " the tiers' own listings (a tier that cannot list has none; a memory tier starts"
            + " empty in every command)."})
final class StatCommand extends StackCommand implements Callable<Integer> {
  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Override
  public Integer call() {
    try (OpenStack stack = openStack()) {
      Map<String, Object> report = report(stack);
      if (json) {
        out.println(Json.write(report));
      } else {
        print(stack, report);
      }
      out.flush();
    }
    return ExitStatus.OK;
  }

  private Map<String, Object> report(OpenStack stack) {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("stack", Shown.masked(stack.plan().toString()));
    report.put("source", cacheOptions.source());
    report.put("entries", stack.cache().entryCount());
    report.put("bytes", stack.cache().sizeBytes());
    report.put("capacity", StackCapacity.of(stack.tiers()));
    report.put("capacityOf", StackCapacity.counted(stack.tiers()).stream().map(OpenTier::name)
        .toList());
    report.putAll(counts(stack.cache().stats(), 0));
    report.put("counts", "command");
    report.put("health", health(stack.cache().health()));
    List<Object> tiers = new ArrayList<>();
    EntryInfo oldest = null;
    Instant now = Ages.now();
    List<TierReport> reports = stack.cache().tierStats();
    for (int i = 0; i < stack.tiers().size(); i++) {
      OpenTier open = stack.tiers().get(i);
      CacheTier tier = open.tier();
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("name", open.name());
      row.put("id", open.planned().id());
      row.put("rule", rule(open.planned().rule()));
      row.put("entries", tier.entryCount());
      row.put("bytes", tier.sizeBytes());
      row.put("capacity", tier.capacityBytes());
      Optional<LifetimeStats> lifetime = tier.lifetimeStats();
      row.putAll(counts(lifetime.map(LifetimeStats::stats).orElse(reports.get(i).stats()),
          reports.get(i).failures()));
      row.put("counts", lifetime.isPresent() ? "lifetime" : "command");
      row.put("countsSince", lifetime.map(counted -> counted.since().toString()).orElse(null));
      row.put("health", health(reports.get(i).health()));
      row.put("capabilities",
          tier.capabilities().stream().map(TierCapability::name).sorted().toList());
      Optional<Path> folder = open.planned().diskFolder();
      row.put("dir", folder.map(Path::toString).orElse(null));
      Optional<EntryInfo> first = oldest(tier, open.name());
      row.put("oldest", first.map(entry -> entry(entry, now)).orElse(null));
      if (first.isPresent()
          && (oldest == null || first.get().writeTime().isBefore(oldest.writeTime()))) {
        oldest = first.get();
      }
      tiers.add(row);
    }
    report.put("tiers", tiers);
    report.put("oldest", oldest == null ? null : entry(oldest, now));
    report.put("everyTierLists", reports.size() == listing(stack));
    return report;
  }

  /** A tier's counters by name; {@code failures} are always this command's (the stack's own). */
  private static Map<String, Object> counts(TierStats stats, long failures) {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("hits", stats.hits());
    counts.put("misses", stats.misses());
    counts.put("puts", stats.puts());
    counts.put("rejectedPuts", stats.rejectedPuts());
    counts.put("evictions", stats.evictions());
    counts.put("expirations", stats.expirations());
    counts.put("damaged", stats.damaged());
    counts.put("failures", failures);
    return counts;
  }

  // Masked here, since --json prints what the report holds: a tier's cause must name no secret,
  // and one that does is not printed.
  private static Map<String, Object> health(TierHealth health) {
    Map<String, Object> shown = new LinkedHashMap<>();
    shown.put("status", health.status().name());
    shown.put("cause", health.cause() == null ? null : Shown.masked(health.cause()));
    shown.put("since", health.since() == null ? null : health.since().toString());
    return shown;
  }

  /** The entry a tier put longest ago, from its listing (one pass, nothing held). */
  private static Optional<EntryInfo> oldest(CacheTier tier, String name) {
    if (!tier.capabilities().contains(TierCapability.LISTING)) {
      return Optional.empty();
    }
    try (Stream<EntryInfo> entries = tier.entries()) {
      return entries.min(Comparator.comparing(EntryInfo::writeTime))
          .map(entry -> entry.withTier(name));
    }
  }

  private static long listing(OpenStack stack) {
    return stack.tiers().stream()
        .filter(open -> open.tier().capabilities().contains(TierCapability.LISTING)).count();
  }

  private static Map<String, Object> entry(EntryInfo found, Instant now) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("key", found.key().toString());
    entry.put("bytes", found.sizeBytes());
    entry.put("written", found.writeTime().toString());
    entry.put("ageSeconds", Ages.of(found, now).toSeconds());
    entry.put("tier", found.tier());
    return entry;
  }

  @SuppressWarnings("unchecked")
  private void print(OpenStack stack, Map<String, Object> report) {
    out.println("stack   " + Shown.text(report.get("stack")) + "  ("
        + Shown.text(report.get("source")) + ")");
    StatTable table = new StatTable(List.of("tier", "rule", "entries", "bytes", "capacity",
        "hits", "misses", "hit rate", "puts", "health"), 2);
    List<String> causes = new ArrayList<>();
    for (Object t : (List<Object>) report.get("tiers")) {
      Map<String, Object> row = (Map<String, Object>) t;
      Map<String, Object> health = (Map<String, Object>) row.get("health");
      table.row(row.get("name"), row.get("rule"), row.get("entries"),
          HumanBytes.format((Long) row.get("bytes")), capacity((Long) row.get("capacity")),
          row.get("hits"), row.get("misses"), hitRate(row), row.get("puts"),
          health.get("status"));
      if (health.get("cause") != null) {
        causes.add(row.get("name") + ": " + Shown.text(health.get("cause"))
            + (health.get("since") == null ? ""
                : " (since " + StatTable.localTime(health.get("since")) + ")"));
      }
    }
    Map<String, Object> stackHealth = (Map<String, Object>) report.get("health");
    table.row("stack", "", report.get("entries"), HumanBytes.format((Long) report.get("bytes")),
        capacity((Long) report.get("capacity")), report.get("hits"), report.get("misses"),
        hitRate(report), report.get("puts"), stackHealth.get("status"));
    table.lines().forEach(out::println);
    for (String cause : causes) {
      out.println("health  " + cause);
    }
    Map<String, Object> oldest = (Map<String, Object>) report.get("oldest");
    if (oldest != null) {
      out.println("oldest  " + oldest.get("key") + " in " + Shown.text(oldest.get("tier"))
          + ", put " + StatTable.localTime(oldest.get("written")) + " ("
          + Ages.format(Duration.ofSeconds((Long) oldest.get("ageSeconds"))) + " ago)"
          + (Boolean.TRUE.equals(report.get("everyTierLists")) ? "" : " among the tiers that list"));
    } else if (Boolean.TRUE.equals(report.get("everyTierLists"))) {
      out.println("oldest  none: no tier holds an entry");
    } else {
      out.println("oldest  not known: a tier cannot list its entries");
    }
    List<String> lifetime = new ArrayList<>();
    List<String> command = new ArrayList<>();
    for (Object t : (List<Object>) report.get("tiers")) {
      Map<String, Object> row = (Map<String, Object>) t;
      if ("lifetime".equals(row.get("counts"))) {
        lifetime.add(row.get("name") + " since " + StatTable.localTime(row.get("countsSince")));
      } else {
        command.add(String.valueOf(row.get("name")));
      }
    }
    command.add("stack");
    out.println("counts  " + (lifetime.isEmpty() ? ""
        : "added up over every process that used the tier: " + String.join(", ", lifetime)
            + "; ") + "this command's only: " + String.join(", ", command));
  }

  private static String hitRate(Map<String, Object> counts) {
    return StatTable.hitRate(((Number) counts.get("hits")).longValue(),
        ((Number) counts.get("misses")).longValue());
  }

  private static String capacity(long bytes) {
    return bytes == Long.MAX_VALUE ? "unbounded" : HumanBytes.format(bytes);
  }

  private static String rule(SizeRule rule) {
    String min = HumanBytes.format(rule.minBytes()).replace(" ", "");
    String max = HumanBytes.format(rule.maxBytes()).replace(" ", "");
    if (rule.maxBytes() == Long.MAX_VALUE) {
      return rule.minBytes() == 0 ? "any" : ">= " + min;
    }
    return rule.minBytes() == 0 ? "< " + max : min + ".." + max;
  }
}
