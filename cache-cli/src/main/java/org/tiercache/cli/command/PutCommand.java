package org.tiercache.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.api.DigestAlgorithm;
import org.tiercache.api.PutResult;
import org.tiercache.cli.internal.CommandFailure;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.HumanBytes;
import org.tiercache.cli.internal.OpenStack;
import org.tiercache.cli.internal.OpenStack.OpenTier;
import org.tiercache.cli.internal.Progress;
import org.tiercache.cli.internal.PutFailure;
import org.tiercache.cli.internal.Shown;
import org.tiercache.tiered.TierReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code put FILE...}: stores files, streamed through the composer
 * ({@code TieredCache.putStream(in, size, algorithm)}, which routes it and never holds a file larger
 * than a memory tier takes), and prints {@code KEY  FILE} for each.
 */
@Command(name = "put", mixinStandardHelpOptions = true,
    header = "Store files in the cache and print their keys.",
    description = {
        "Stores each FILE (every regular file under a folder, in name order) under the digest of its"
            + " content and prints 'KEY  FILE' on standard output. What else a folder holds (a"
            + " dangling symbolic link, a link to a folder, a socket) is skipped, one line each on"
            + " standard error.",
        "Files are streamed into the tiers the stack chooses; a file is held whole in memory only"
            + " if a memory tier takes its size. A progress bar is drawn on standard error for a"
            + " file over 8 MB or for 20 files or more, when standard error is a terminal.",
        "Exit status 3 if a file is refused by every tier (larger than any tier takes; the others"
            + " are still stored), or if a tier fails to store a file (a full disk, a server that"
            + " cannot be reached): then the files after it are not tried, and the message names"
            + " the tier and the cause.",
        "A memory tier ends with the command, so every file is written through to each tier of"
            + " the stack that outlives it (persistent, such as disk, or on a server, such as"
            + " redis) whose rule takes its size, as with the embedded default. Exit status 2,"
            + " storing nothing, for a stack with no such tier; a file that only a memory tier"
            + " takes is reported as not kept (exit status 3)."})
final class PutCommand extends StackCommand implements Callable<Integer> {
  /** From this many files on, a bar shows how far the whole batch is. */
  static final int MANY_FILES = 20;
  /** A file this large gets a bar of its own. */
  static final long LARGE_FILE = 8L << 20;

  @Parameters(paramLabel = "FILE", arity = "1..*", description = "Files or folders to store.")
  List<Path> files;

  @Option(names = "--md5",
      description = "Key by MD5 instead of SHA-256, as stores keyed like the Python seed are.")
  boolean md5;

  @Override
  public Integer call() throws IOException {
    List<Path> all = expand(files, err);
    long[] sizes = new long[all.size()];
    long total = 0;
    boolean large = false;
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = Files.size(all.get(i));
      total += sizes[i];
      large |= sizes[i] > LARGE_FILE;
    }
    DigestAlgorithm algorithm = md5 ? DigestAlgorithm.MD5 : DigestAlgorithm.SHA_256;
    boolean show = progressWanted() && (large || all.size() >= MANY_FILES);
    int refused = 0;
    // A one-shot command's memory tier dies with it: only a tier that outlives the command keeps
    // what it reports as stored, so puts are written through to such tiers (issue 15).
    try (OpenStack stack = cacheOptions.plan().withWriteThrough().open();
        Progress progress = Progress.bytes("put", total, show, out)) {
      List<OpenTier> lasting = stack.tiers().stream().filter(OpenTier::outlivesCommand).toList();
      if (lasting.isEmpty()) {
        throw CommandFailure.usage("a one-shot command cannot keep content in a stack whose tiers"
            + " all end with it (" + names(stack.tiers()) + "): add a tier that outlives it,"
            + " such as disk(dir=...), to the stack; nothing was stored");
      }
      for (int i = 0; i < sizes.length; i++) {
        Path file = all.get(i);
        progress.note(Shown.text(file.getFileName()));
        PutResult result;
        List<TierReport> before = stack.cache().tierStats();
        try (InputStream in = progress.watch(Files.newInputStream(file))) {
          result = stack.cache().putStream(in, sizes[i], algorithm);
        } catch (CacheException e) {
          // A failing tier (a full disk, a server down) is not a property of one file: the files
          // after it would fail the same way, so they are not tried, and the one line says so.
          int left = sizes.length - i - 1;
          throw new CommandFailure(ExitStatus.FAILURE, "not stored: " + file + " ("
              + HumanBytes.format(sizes[i]) + (left == 0 ? "" : "; and the " + left
              + (left == 1 ? " file" : " files") + " after it, not tried") + "): "
              + PutFailure.describe(stack, before, e), e);
        }
        if (result.stored() && !kept(lasting, result.key())) {
          refused++;
          progress.println(err, "tiercache: not kept: " + file + " (" + HumanBytes.format(sizes[i])
              + ", key " + result.key() + "): no tier that outlives the command ("
              + names(lasting) + ") takes content of that size, and a memory tier ends with it");
        } else if (result.stored()) {
          progress.println(out, result.key() + "  " + Shown.text(file));
        } else {
          refused++;
          progress.println(err, "tiercache: not stored: " + file + " (" + HumanBytes.format(sizes[i])
              + ", key " + result.key() + "): " + refusal(stack, sizes[i]));
        }
      }
      out.flush();
    }
    return refused == 0 ? ExitStatus.OK : ExitStatus.FAILURE;
  }

  /**
   * Says why every tier refused content of a size: no rule accepts it, it is larger than every
   * accepting tier, or a tier that could take it refused it by its own policy (a server set to
   * refuse writes when full).
   */
  private static String refusal(OpenStack stack, long size) {
    List<OpenTier> accepting = stack.tiers().stream()
        .filter(t -> t.planned().rule().accepts(size)).toList();
    if (accepting.isEmpty()) {
      return "no tier of the stack takes content of that size (no size rule accepts it)";
    }
    if (accepting.stream().allMatch(t -> t.tier().capacityBytes() < size)) {
      return "no tier of the stack takes content of that size (larger than the capacity of "
          + accepting.stream().map(t -> "'" + t.name() + "' (" + HumanBytes.format(
              t.tier().capacityBytes()) + ")").collect(Collectors.joining(", ")) + ")";
    }
    return "refused by every tier that takes that size ("
        + accepting.stream().map(t -> "'" + t.name() + "'").collect(Collectors.joining(", "))
        + "), by its own policy (a tier that refuses writes when full)";
  }

  private static String whySkipped(Path path) {
    if (Files.isSymbolicLink(path)) {
      return Files.exists(path) ? "a link to a folder, not followed"
          : "a dangling symbolic link";
    }
    return "not a regular file";
  }

  private static boolean kept(List<OpenTier> lasting, ContentKey key) {
    return lasting.stream().anyMatch(t -> t.tier().contains(key));
  }

  private static String names(List<OpenTier> tiers) {
    return tiers.stream().map(t -> "'" + t.name() + "'").collect(Collectors.joining(", "));
  }

  /**
   * Checks every argument before anything is stored, and lists the files of folders. What a folder
   * holds that is not a regular file is named on standard error, one line each, as it is skipped:
   * a user who put a folder must not believe all of it is cached.
   */
  private static List<Path> expand(List<Path> arguments, PrintStream err) throws IOException {
    List<Path> all = new ArrayList<>();
    for (Path argument : arguments) {
      if (Files.isDirectory(argument)) {
        List<Path> found;
        try (Stream<Path> walk = Files.walk(argument)) {
          found = walk.filter(p -> !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)).sorted()
              .toList();
        }
        for (Path path : found) {
          if (Files.isRegularFile(path)) {
            all.add(path);
          } else {
            err.println("tiercache: skipped: " + Shown.text(path) + " (" + whySkipped(path) + ")");
          }
        }
      } else if (Files.isRegularFile(argument)) {
        all.add(argument);
      } else if (Files.exists(argument)) {
        throw CommandFailure.usage("not a file or folder: " + argument);
      } else {
        throw CommandFailure.usage("no such file: " + argument);
      }
    }
    for (Path file : all) {
      if (!Files.isReadable(file)) {
        throw new CommandFailure(ExitStatus.FAILURE, "cannot read " + file + ": permission denied");
      }
    }
    return all;
  }
}
