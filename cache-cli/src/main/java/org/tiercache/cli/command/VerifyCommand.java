package org.tiercache.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.EntryInfo;
import org.tiercache.api.TierCapability;
import org.tiercache.cli.internal.CommandFailure;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.HumanBytes;
import org.tiercache.cli.internal.OpenStack;
import org.tiercache.cli.internal.OpenStack.OpenTier;
import org.tiercache.cli.internal.Progress;
import org.tiercache.cli.internal.Shown;
import org.tiercache.cli.internal.StackPlan;
import picocli.CommandLine.Command;

/**
 * {@code verify}: reads every entry of every tier through the tier and checks it against its key.
 *
 * <p>Entries come from each tier's own listing ({@code CacheTier.entries()}), so the command knows
 * no tier's storage layout and checks any tier that lists, a tier of the user's own among them.
 * Each copy is checked where it is: a key held by two tiers is read from both.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    header = "Check every entry against its key; remove the corrupt ones.",
    description = {
        "Reads every entry of every tier of the stack and checks its content against its key"
            + " (its digest); an entry whose content no longer matches is removed from its tier"
            + " and printed as 'corrupt  KEY  in TIER  removed'.",
        "Each tier lists its own entries (the command knows no tier's files) and each copy is"
            + " read through its tier; disk tiers are opened with verify=always, so they find"
            + " damage themselves and say why on standard error. Reading is a use: afterwards a"
            + " tier's least recently used order is the order it listed.",
        "A tier that cannot list its entries is not verified; a line on standard error says so.",
        "Exit status 1 if corrupt entries were found (and removed); 2 if no tier of the stack"
            + " can list its entries."})
final class VerifyCommand extends StackCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    StackPlan plan = cacheOptions.plan().withSetting(StackPlan.DISK, "verify", "always");
    long corrupt = 0;
    int listed = 0;
    try (OpenStack stack = plan.open()) {
      for (OpenTier tier : stack.tiers()) {
        if (!tier.tier().capabilities().contains(TierCapability.LISTING)) {
          err.println("tiercache: tier '" + Shown.text(tier.name()) + "' cannot list its entries:"
              + " not verified");
          continue;
        }
        listed++;
        corrupt += verify(tier);
      }
    }
    out.flush();
    if (listed == 0) {
      throw CommandFailure.usage("verify reads the entries each tier lists, and no tier of the"
          + " stack '" + plan + "' can list its entries");
    }
    return corrupt == 0 ? ExitStatus.OK : ExitStatus.NO;
  }

  private long verify(OpenTier open) {
    CacheTier tier = open.tier();
    long total = 0;
    boolean show = progressWanted();
    if (show) {
      try (Stream<EntryInfo> entries = tier.entries()) {
        total = entries.mapToLong(EntryInfo::sizeBytes).sum();
      }
    }
    long good = 0;
    long goodBytes = 0;
    long corrupt = 0;
    long gone = 0;
    try (Progress progress = Progress.bytes("verify " + open.name(), total, show && total > 0,
            out);
        Stream<EntryInfo> entries = tier.entries()) {
      for (Iterator<EntryInfo> it = entries.iterator(); it.hasNext(); ) {
        EntryInfo entry = it.next();
        switch (check(tier, entry, progress)) {
          case GOOD -> {
            good++;
            goodBytes += entry.sizeBytes();
          }
          case GONE -> {
            gone++;
            progress.stepBy(entry.sizeBytes());
          }
          case CORRUPT -> {
            corrupt++;
            progress.println(out, "corrupt  " + entry.key() + "  in " + Shown.text(open.name())
                + (tier.contains(entry.key()) ? "  NOT removed" : "  removed"));
          }
          default -> throw new AssertionError();
        }
      }
    }
    out.println(Shown.text(open.name()) + ": " + good + " entries verified ("
        + HumanBytes.format(goodBytes) + "), " + corrupt + " corrupt removed"
        + (gone == 0 ? "" : ", " + gone + " gone while verifying (expired or removed)"));
    return corrupt;
  }

  private enum Verdict { GOOD, GONE, CORRUPT }

  /**
   * Reads an entry through its tier, digesting it. A tier that checks what it reads finds damage
   * first (it removes the entry, counts it, and fails the read or answers a miss); damage only the
   * digest shows is removed here.
   */
  private static Verdict check(CacheTier tier, EntryInfo entry, Progress progress) {
    ContentKey key = entry.key();
    long damagedBefore = tier.stats().damaged();
    ContentKey read;
    try (InputStream in = tier.openStream(key)) {
      if (in == null) {
        // A tier that checks before it hands out a stream (a packed disk record) reports damage
        // as a miss it counted: that entry was corrupt, not gone.
        return tier.stats().damaged() > damagedBefore ? Verdict.CORRUPT : Verdict.GONE;
      }
      DigestInputStream digesting =
          new DigestInputStream(progress.watch(in), key.algorithm().newDigest());
      digesting.transferTo(OutputStream.nullOutputStream());
      read = ContentKey.ofDigest(key.algorithm(), digesting.getMessageDigest().digest());
    } catch (IOException e) {
      // The tier said why on standard error (a WARN); the line printed for it is for scripts.
      return Verdict.CORRUPT;
    }
    if (tier.stats().damaged() > damagedBefore) {
      return Verdict.CORRUPT;
    }
    if (!read.equals(key)) {
      tier.remove(key);
      return Verdict.CORRUPT;
    }
    return Verdict.GOOD;
  }
}
