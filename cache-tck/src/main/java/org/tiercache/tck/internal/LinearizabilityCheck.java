package org.tiercache.tck.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.util.LoggingLevel;
import org.junit.jupiter.api.Assumptions;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;

/**
 * One linearizability check of a tier: lincheck's model checker runs {@link
 * ConcurrentTierOperations} from two threads, interleaving them at every shared-memory access and
 * lock it can switch at, and requires every outcome to be one {@link SequentialTierOperations} (the
 * kit's {@link ReferenceModel}) could give with the operations in some order consistent with the
 * threads' own orders.
 *
 * <p>The model checker, not the operating system, chooses which thread runs: the same scenarios
 * explore the same interleavings on every run, so a race that one of them reaches is caught on
 * every run, however loaded the machine is.
 *
 * <p>Lincheck makes the operations objects itself, through their no-argument constructors, so the
 * check in progress is held in a static field for them to find. Checks therefore run one at a time
 * (they are serialized on this class).
 *
 * <p>This class is the only one that names lincheck's check API; it is loaded only when a {@code
 * LinearizabilityContract} runs, so the rest of the kit works without lincheck.
 */
public final class LinearizabilityCheck {
  private static final Object RUNNING = new Object();
  // The check in progress, for the operations objects lincheck makes; null between checks.
  private static volatile LinearizabilityCheck current;

  private final long capacity;
  private final int[] sizes;
  private final byte[][] contents;
  private final ContentKey[] keys;
  private final Supplier<CacheTier> opener;
  // The tier of the latest operations object, closed when the next one opens its own. Only the
  // thread lincheck makes operations objects on touches it.
  private CacheTier latest;
  private long tiersOpened;

  /**
   * Prepares a check.
   *
   * @param capacity the capacity the tiers are opened with (the model's too)
   * @param contents the content of each key, indexed as the operations' key parameter
   * @param opener opens a new, empty tier of that capacity (with no time to live)
   */
  public LinearizabilityCheck(long capacity, List<byte[]> contents, Supplier<CacheTier> opener) {
    this.capacity = capacity;
    this.contents = contents.toArray(new byte[0][]);
    this.sizes = Arrays.stream(this.contents).mapToInt(c -> c.length).toArray();
    this.keys = Arrays.stream(this.contents).map(ContentKey::sha256).toArray(ContentKey[]::new);
    this.opener = Objects.requireNonNull(opener, "opener must not be null");
  }

  /**
   * A scenario: what runs before the threads, what each of the two threads runs, and what runs
   * after both finished. Each step is an operation name with its key ({@code "put 1"}, {@code
   * "get 0"}) or without one ({@code "sizeBytes"}, {@code "stats"}).
   *
   * @param before steps run first, on one thread
   * @param first the first thread's steps
   * @param second the second thread's steps
   * @param after steps run last, on one thread
   */
  public record Scenario(List<String> before, List<String> first, List<String> second,
      List<String> after) {}

  /**
   * Runs the check and throws on the first outcome no order of the operations explains.
   *
   * @param scenarios the scenarios every tier is checked with
   * @param randomScenarios how many more scenarios lincheck makes up (two threads of two
   *     operations among put, get, contains, remove and sizeWithinCapacity on three keys, with
   *     one operation before and two after)
   * @param invocations how many interleavings lincheck explores per scenario, at most
   * @return how many tiers were opened
   * @throws AssertionError lincheck's report: the scenario, the results, and the interleaving that
   *     gave them
   */
  public long run(List<Scenario> scenarios, int randomScenarios, int invocations) {
    synchronized (RUNNING) {
      current = this;
      try {
        LincheckAccess.openApplicationModules();
        ModelCheckingOptions options = new ModelCheckingOptions()
            .iterations(randomScenarios)
            .invocationsPerIteration(invocations)
            .threads(2)
            .actorsPerThread(2)
            .actorsBefore(1)
            .actorsAfter(2)
            .logLevel(LoggingLevel.OFF)
            // The kit's scenarios are small already; shrinking re-runs many more of them.
            .minimizeFailedScenario(false)
            .sequentialSpecification(SequentialTierOperations.class);
        for (Scenario s : scenarios) {
          options.addCustomScenario(scenario(s));
        }
        options.check(ConcurrentTierOperations.class);
        return tiersOpened;
      } catch (LincheckAssertionError e) {
        String unsupported = unsupportedByLincheck(e.getMessage());
        if (unsupported != null) {
          Assumptions.abort("not applicable: lincheck's model checker cannot run this tier's "
              + "operations (" + unsupported + "); ConcurrencyContract still checks its "
              + "concurrency");
        }
        AssertionError failure = new AssertionError(e.getMessage());
        failure.setStackTrace(new StackTraceElement[0]);
        throw failure;
      } finally {
        current = null;
        closeLatest();
      }
    }
  }

  /**
   * Returns what lincheck said it cannot model (file and channel I/O in 3.7) and where the tier
   * asked for it, or {@code null} if the report is of something else.
   */
  static String unsupportedByLincheck(String report) {
    if (report == null) {
      return null;
    }
    String[] lines = report.split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains("not supported in Lincheck") || lines[i].contains("not supported yet")) {
        String what = lines[i].trim();
        for (int j = i + 1; j < lines.length; j++) {
          String frame = lines[j].trim();
          if (frame.startsWith("at ") && !frame.contains("lincheck")) {
            return what + ", " + frame;
          }
        }
        return what;
      }
    }
    return null;
  }

  static LinearizabilityCheck current() {
    LinearizabilityCheck check = current;
    if (check == null) {
      throw new IllegalStateException("no linearizability check is running");
    }
    return check;
  }

  /** Opens the tier for a new operations object, closing the previous one's. */
  CacheTier openTier() {
    closeLatest();
    latest = opener.get();
    tiersOpened++;
    return latest;
  }

  long capacity() {
    return capacity;
  }

  int keys() {
    return keys.length;
  }

  int size(int key) {
    return sizes[key];
  }

  ContentKey key(int key) {
    return keys[key];
  }

  byte[] content(int key) {
    return contents[key];
  }

  private void closeLatest() {
    if (latest != null) {
      CacheTier tier = latest;
      latest = null;
      tier.close();
    }
  }

  private static ExecutionScenario scenario(Scenario s) {
    return new ExecutionScenario(actors(s.before()),
        List.of(actors(s.first()), actors(s.second())), actors(s.after()), null);
  }

  private static List<Actor> actors(List<String> steps) {
    List<Actor> actors = new ArrayList<>();
    for (String step : steps) {
      String[] parts = step.split(" ");
      try {
        if (parts.length == 1) {
          Method m = ConcurrentTierOperations.class.getMethod(parts[0]);
          actors.add(new Actor(m, List.of()));
        } else {
          Method m = ConcurrentTierOperations.class.getMethod(parts[0], int.class);
          actors.add(new Actor(m, List.of(Integer.parseInt(parts[1]))));
        }
      } catch (NoSuchMethodException e) {
        throw new IllegalArgumentException("no operation '" + step + "'", e);
      }
    }
    return actors;
  }
}
