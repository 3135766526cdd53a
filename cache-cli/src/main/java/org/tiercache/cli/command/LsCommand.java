package org.tiercache.cli.command;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tiercache.api.EntryInfo;
import org.tiercache.cli.internal.Ages;
import org.tiercache.cli.internal.CommandFailure;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.HumanBytes;
import org.tiercache.cli.internal.Json;
import org.tiercache.cli.internal.OpenStack;
import org.tiercache.cli.internal.Shown;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ls}: the stack's entries, from {@code TieredCache.entries()}, one line each as they come.
 *
 * <p>Unsorted, nothing is held: each entry is printed as the listing gives it, so a cache of any
 * size lists in constant memory, and a reader that stops early ({@code | head}) stops the listing.
 * Sorting needs every entry before the first line: about 300 bytes of heap per entry (a million
 * entries, some 300 MB), unless {@code --limit} keeps only the first N, which costs N.
 */
@Command(name = "ls", mixinStandardHelpOptions = true,
    header = "List the entries of every tier: key, size, age, tier.",
    description = {
        "Lists the entries of every tier of the stack: key, size, age (time since its put) and"
            + " the tier holding it, each key once, under the fastest tier that holds it.",
        "Unsorted (the default), lines are printed as the tiers list them, in no set order,"
            + " without holding the listing in memory. --sort holds it all (about 300 bytes per"
            + " entry) to sort it, or only the first N with --limit N.",
        "Listing is not a use: it changes no tier's least recently used order or counts.",
        "Exit status 2 if a tier of the stack cannot list its entries (the message names it)."})
final class LsCommand extends StackCommand implements Callable<Integer> {
  /** What {@code --sort} orders by: the largest figure first. */
  enum Order {
    /** Oldest first: longest since its put. */
    age(Comparator.comparing(EntryInfo::writeTime)),
    /** Largest first. */
    size(Comparator.comparingLong(EntryInfo::sizeBytes).reversed());

    final Comparator<EntryInfo> comparator;

    Order(Comparator<EntryInfo> first) {
      // Ties by key, so that a listing sorts the same way every time.
      this.comparator = first.thenComparing(entry -> entry.key().toString());
    }
  }

  @Option(names = "--sort", paramLabel = "age|size",
      description = "Sort: 'age' oldest first, 'size' largest first (holds the listing; see"
          + " --limit).")
  Order sort;

  @Option(names = {"-r", "--reverse"}, description = "Reverse the order of --sort.")
  boolean reverse;

  @Option(names = {"-n", "--limit"}, paramLabel = "N",
      description = "Print the first N entries only; with --sort, keeps only N in memory.")
  Long limit;

  @Option(names = "--json",
      description = "Print one JSON object per line (JSON Lines): key, bytes, written (ISO-8601"
          + " UTC), ageSeconds, tier.")
  boolean json;

  @Override
  public Integer call() {
    if (limit != null && limit < 1) {
      throw CommandFailure.usage("--limit must be at least 1, got " + limit);
    }
    if (reverse && sort == null) {
      throw CommandFailure.usage("--reverse reverses --sort: give --sort age or --sort size");
    }
    try (OpenStack stack = openStack(); Stream<EntryInfo> entries = listing(stack)) {
      Instant now = Ages.now();
      if (!json) {
        out.printf("%-71s %10s %8s  %s%n", "KEY", "SIZE", "AGE", "TIER");
      }
      Iterator<EntryInfo> shown = sort == null ? entries.iterator() : sorted(entries).iterator();
      long printed = 0;
      while (shown.hasNext() && (limit == null || printed < limit)) {
        print(shown.next(), now);
        printed++;
        if (out.checkError()) {
          break; // The reader went away (| head): listing on would print to nobody.
        }
      }
      out.flush();
    }
    return ExitStatus.OK;
  }

  private Stream<EntryInfo> listing(OpenStack stack) {
    try {
      return stack.cache().entries();
    } catch (UnsupportedOperationException e) {
      throw new CommandFailure(ExitStatus.USAGE, e.getMessage(), e);
    }
  }

  /** The whole listing sorted, or, with a limit, only the first {@code limit} of that order. */
  private List<EntryInfo> sorted(Stream<EntryInfo> entries) {
    Comparator<EntryInfo> order = reverse ? sort.comparator.reversed() : sort.comparator;
    if (limit == null) {
      return entries.sorted(order).toList();
    }
    // The N first so far, the last of them at the head, to be dropped for a better one.
    PriorityQueue<EntryInfo> first = new PriorityQueue<>(order.reversed());
    entries.forEach(entry -> {
      first.add(entry);
      if (first.size() > limit) {
        first.poll();
      }
    });
    List<EntryInfo> kept = new ArrayList<>(first);
    kept.sort(order);
    return kept;
  }

  private void print(EntryInfo entry, Instant now) {
    long ageSeconds = Ages.of(entry, now).toSeconds();
    if (json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("key", entry.key().toString());
      line.put("bytes", entry.sizeBytes());
      line.put("written", entry.writeTime().toString());
      line.put("ageSeconds", ageSeconds);
      line.put("tier", entry.tier());
      out.println(Json.writeLine(line));
    } else {
      out.printf("%-71s %10s %8s  %s%n", entry.key(), HumanBytes.format(entry.sizeBytes()),
          Ages.format(Ages.of(entry, now)), Shown.text(entry.tier()));
    }
  }
}
