package org.tiercache.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.tiercache.api.CacheTier;
import org.tiercache.cli.internal.CommandFailure;
import org.tiercache.cli.internal.DiskFolder;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.HumanBytes;
import org.tiercache.cli.internal.OpenStack;
import org.tiercache.cli.internal.OpenStack.OpenTier;
import org.tiercache.cli.internal.Progress;
import org.tiercache.cli.internal.Shown;
import org.tiercache.cli.internal.StackPlan;
import picocli.CommandLine.Command;

/** {@code verify}: re-hashes every entry of the disk folders; the tier removes corrupt ones. */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = {
        "Re-hashes every entry in the stack's disk folders and removes those whose content no"
            + " longer matches its key, printing 'corrupt  KEY  FILE' for each.",
        "The disk tiers are opened with verify=always, the content files are listed from the"
            + " folder (DIR/ab/<hex>, read-only; the API cannot list keys), oldest first, and each"
            + " is read through its tier, which checks the digest and removes damaged content as it"
            + " does on any read. Reading is a use: afterwards the least recently used order is"
            + " the order of the files' last puts.",
        "Exit status 1 if corrupt entries were found (and removed)."})
final class VerifyCommand extends StackCommand implements Callable<Integer> {
  @Override
  public Integer call() throws IOException {
    StackPlan plan = cacheOptions.plan();
    if (plan.diskFolders().isEmpty()) {
      throw CommandFailure.usage("verify checks disk folders, and the stack '" + plan
          + "' has no disk tier");
    }
    long corrupt = 0;
    try (OpenStack stack = plan.withSetting(StackPlan.DISK, "verify", "always").open()) {
      for (OpenTier tier : stack.tiers()) {
        if (tier.planned().diskFolder().isPresent()) {
          corrupt += verify(tier, tier.planned().diskFolder().get());
        }
      }
    }
    out.flush();
    return corrupt == 0 ? ExitStatus.OK : ExitStatus.NO;
  }

  private long verify(OpenTier open, Path dir) throws IOException {
    CacheTier tier = open.tier();
    long indexed = tier.entryCount();
    List<DiskFolder.Content> contents = DiskFolder.contents(dir);
    long total = contents.stream().mapToLong(DiskFolder.Content::size).sum();
    long good = 0;
    long goodBytes = 0;
    long corrupt = 0;
    long notLive = 0;
    try (Progress progress = Progress.bytes("verify", total, progressWanted() && total > 0, out)) {
      for (DiskFolder.Content content : contents) {
        long damagedBefore = tier.stats().damaged();
        // The tier says why on standard error (a WARN); the line printed here is for scripts.
        boolean failed = false;
        boolean live;
        try (InputStream in = tier.openStream(content.key())) {
          live = in != null;
          if (live) {
            progress.watch(in).transferTo(OutputStream.nullOutputStream());
          }
        } catch (IOException e) {
          live = true;
          failed = true;
        }
        if (!live) {
          // Expired (the tier just reclaimed it) or not in the tier's index.
          notLive++;
          progress.stepBy(content.size());
        } else if (failed || tier.stats().damaged() > damagedBefore) {
          corrupt++;
          boolean removed = !Files.exists(content.file());
          progress.println(out, "corrupt  " + content.key() + "  " + Shown.text(content.file())
              + (removed ? "  removed" : "  NOT removed"));
        } else {
          good++;
          goodBytes += content.size();
        }
      }
    }
    out.println(open.name() + " " + Shown.text(dir) + ": " + good + " entries verified ("
        + HumanBytes.format(goodBytes) + "), " + corrupt + " corrupt removed"
        + (notLive == 0 ? "" : ", " + notLive + " files skipped (expired or not in the index)"));
    if (indexed != contents.size()) {
      out.println(open.name() + " " + Shown.text(dir) + ": the tier's index listed " + indexed
          + " entries, the folder held " + contents.size() + " content files");
    }
    return corrupt;
  }
}
