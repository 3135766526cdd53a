package org.tiercache.cli.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierHealth;
import org.tiercache.cli.internal.CommandFailure;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.HeldLog;
import org.tiercache.cli.internal.OpenStack;
import org.tiercache.cli.internal.Shown;
import org.tiercache.cli.internal.Terminal;
import org.tiercache.cli.internal.OpenStack.OpenTier;
import org.tiercache.tiered.TierReport;
import org.tiercache.tiered.TieredCache;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code get KEY [-o FILE]}: streams an entry's content out of the composer
 * ({@code TieredCache.openStream}), never handing out content found damaged.
 *
 * <p>A tier that checks what it reads (the disk tier) finds damage at the end of a stream. So the
 * content is read whole before any of it is handed out: into memory up to {@link #HOLD_AT_MOST} for
 * standard output, into a file beside {@code FILE} otherwise. A copy found damaged there is removed
 * by its tier, so the stack is asked again and answers from the next tier that holds the key, if
 * any; if none does, the answer is a miss (status 1), as for any absent entry: the caller's remedy
 * is the same (fetch the content and put it again), and a script must not mistake it for a broken
 * cache. Only content larger than that, streamed to standard output, can turn out damaged after
 * bytes went out: status 3, saying that those bytes are not the content.
 */
@Command(name = "get", mixinStandardHelpOptions = true,
    header = "Write a key's content to standard output or a file.",
    description = {
        "Writes the content stored under KEY to standard output, or to FILE, streamed from the"
            + " fastest tier that holds it.",
        "Content is checked before it is handed out: a copy found damaged is removed by its tier"
            + " and the next tier is tried.",
        "Exit status 1 if no tier holds KEY (the message says so if a damaged copy was removed);"
            + " 3 if every tier is down (\"unavailable\", with each tier's cause), if content over 8 MB streamed to standard output turns out damaged after part of"
            + " it was written (discard that output), or a tier fails, or FILE cannot be written"
            + " (the message names FILE).",
        "Refuses (exit status 2) to write content to standard output when it is a terminal:"
            + " binary output can mess up the terminal; give -o FILE, redirect, or --force."})
final class GetCommand extends StackCommand implements Callable<Integer> {
  /** Content for standard output is held up to this size before any of it is written. */
  static final long HOLD_AT_MOST = 8L << 20;

  @Parameters(paramLabel = "KEY",
      description = "The key as 'put' printed it (sha256:HEX), or the bare lowercase hex digest.")
  String key;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to FILE (replaced whole, only once the content was read completely);"
          + " if FILE is a folder, to a file named after the key in it, as cp does.")
  Path output;

  @Option(names = "--force",
      description = "Write to standard output even when it is a terminal.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    ContentKey contentKey = parseKey(key);
    if (output == null && !force && Terminal.stdoutIsTerminal()) {
      throw CommandFailure.usage("not writing content to a terminal (binary output can mess up"
          + " your terminal): give -o FILE, redirect standard output, or --force");
    }
    if (output != null && Files.isDirectory(output)) {
      // As cp does: a folder given as the target receives a file named after the content.
      output = output.resolve(contentKey.toString());
      if (Files.isDirectory(output, LinkOption.NOFOLLOW_LINKS)) {
        throw new CommandFailure(ExitStatus.FAILURE, "cannot write " + output
            + ": it is a folder, which get never replaces");
      }
    }
    try (OpenStack stack = openStack(); HeldLog log = HeldLog.start(root.debug)) {
      TieredCache cache = stack.cache();
      List<OpenTier> damaged = new ArrayList<>(0);
      // A damaged copy is removed by its tier, so each new look reaches a tier further down: there
      // are at most as many looks as tiers, and one more to learn that none is left.
      for (int look = 0; look <= stack.tiers().size(); look++) {
        List<TierReport> before = cache.tierStats();
        InputStream content = cache.openStream(contentKey);
        List<TierReport> after = cache.tierStats();
        damaged.addAll(grew(stack, before, after));
        if (content == null) {
          break;
        }
        OpenTier from = stack.whichGrew(before, after, r -> r.stats().hits());
        long damagedBefore = cache.stats().damaged();
        if (deliver(contentKey, content, from, cache, damagedBefore, log)) {
          return ExitStatus.OK;
        }
        damaged.addAll(grew(stack, after, cache.tierStats()));
      }
      // A stack whose every tier is down could not have found the key: "not found" would tell a
      // script the content is not cached, when nothing could be asked.
      TierHealth health = cache.health();
      if (health.status() == TierHealth.Status.DOWN) {
        log.release();
        err.println("tiercache: unavailable: " + Shown.text(health.cause()));
        return ExitStatus.FAILURE;
      }
      if (!damaged.isEmpty()) {
        // The tier's WARN said it too, naming the key and its file: one line is enough, and
        // --debug (which holds nothing back) shows the file and the damage.
        log.drop(contentKey.toString());
      }
      log.release();
      err.println("tiercache: not found: " + contentKey + damageNote(damaged));
      return ExitStatus.NO;
    }
  }

  /** The tiers whose count of damaged entries grew: each found its copy damaged and removed it. */
  private static List<OpenTier> grew(OpenStack stack, List<TierReport> before,
      List<TierReport> after) {
    List<OpenTier> damaged = new ArrayList<>(0);
    for (int i = 0; i < stack.tiers().size(); i++) {
      if (after.get(i).stats().damaged() > before.get(i).stats().damaged()) {
        damaged.add(stack.tiers().get(i));
      }
    }
    return damaged;
  }

  /**
   * Hands the content out once read whole; answers {@code false} if its tier found it damaged
   * before any of it went out.
   */
  private boolean deliver(ContentKey contentKey, InputStream content, OpenTier from,
      TieredCache cache, long damagedBefore, HeldLog log) throws IOException {
    Path temp = output == null ? null : tempBeside(output);
    long written = 0;
    try (InputStream in = content) {
      if (temp != null) {
        writeFile(in, temp);
        return true;
      }
      ByteArrayOutputStream held = new ByteArrayOutputStream();
      byte[] chunk = new byte[64 << 10];
      for (int n; (n = in.read(chunk)) != -1; ) {
        if (written > 0) {
          out.write(chunk, 0, n);
          written += n;
        } else {
          held.write(chunk, 0, n);
          if (held.size() > HOLD_AT_MOST) {
            // Too large to hold: what is read from here on is written as it comes.
            held.writeTo(out);
            written = held.size();
            held = null;
          }
        }
      }
      if (held != null) {
        held.writeTo(out);
      }
      out.flush();
      return true;
    } catch (IOException e) {
      boolean isDamage = cache.stats().damaged() > damagedBefore;
      if (isDamage && written == 0) {
        return false;
      }
      String where = contentKey + (from == null ? "" : " from tier '" + from.name() + "'");
      if (isDamage) {
        log.drop(contentKey.toString()); // the line below gives the tier's reason
        throw new CommandFailure(ExitStatus.FAILURE, "the content of " + where + " turned out"
            + " damaged after " + written + " bytes of it were written to standard output: those"
            + " bytes are not its content, discard them (the tier removed the entry): "
            + e.getMessage(), e);
      }
      throw new CommandFailure(ExitStatus.FAILURE, "getting " + where
          + (output == null ? "" : " into " + output) + " failed: " + e.getMessage(), e);
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /**
   * Copies the content into the file beside the output, then moves it over the output. A failure
   * to read is the tier's and goes up as it is; a failure to write is the output's, and says so,
   * naming the output rather than the tier.
   */
  private void writeFile(InputStream in, Path temp) throws IOException {
    try (OutputStream file = Files.newOutputStream(temp)) {
      byte[] chunk = new byte[64 << 10];
      for (int n; (n = in.read(chunk)) != -1; ) {
        try {
          file.write(chunk, 0, n);
        } catch (IOException e) {
          throw outputFailure(e);
        }
      }
    } catch (CommandFailure e) {
      throw e;
    } catch (IOException e) {
      if (e instanceof FileSystemException fs && temp.toString().equals(fs.getFile())) {
        throw outputFailure(e);
      }
      throw e;
    }
    try {
      Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw outputFailure(e);
    }
  }

  private CommandFailure outputFailure(IOException e) {
    return new CommandFailure(ExitStatus.FAILURE, "cannot write " + output + ": " + reason(e), e);
  }

  /** The cause of a file failure, in words, without the exception's class or a temporary name. */
  private static String reason(IOException e) {
    if (e instanceof DirectoryNotEmptyException || e instanceof FileAlreadyExistsException) {
      return "a folder of that name is in the way";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such folder";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? "input/output error" : e.getMessage();
  }

  private static String damageNote(List<OpenTier> damaged) {
    if (damaged.isEmpty()) {
      return "";
    }
    return " (a damaged copy in " + damaged.stream().map(t -> "tier '" + t.name() + "'")
        .collect(Collectors.joining(", ")) + " was found and removed; --debug shows the file and"
        + " the damage)";
  }

  /**
   * Parses a key as {@link ContentKey#of(String)} does, turning its refusal into a usage error that
   * carries its message.
   */
  static ContentKey parseKey(String text) {
    try {
      return ContentKey.of(text);
    } catch (IllegalArgumentException e) {
      throw new CommandFailure(ExitStatus.USAGE, e.getMessage(), e);
    }
  }

  /**
   * Makes the file the content is written to before it is moved over the target, so that a failed
   * read leaves the target as it was.
   */
  private static Path tempBeside(Path target) {
    Path folder = target.toAbsolutePath().getParent();
    try {
      return Files.createTempFile(folder, "." + target.getFileName(), ".part");
    } catch (IOException e) {
      throw new CommandFailure(ExitStatus.FAILURE, "cannot write " + target + ": "
          + (e instanceof NoSuchFileException ? "no such folder: " + folder : reason(e)), e);
    }
  }
}
