package org.tiercache.cli.command;

import java.util.concurrent.Callable;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.OpenStack;
import picocli.CommandLine.Command;

/** {@code evict-expired}: removes every entry whose time to live has passed. */
@Command(name = "evict-expired", mixinStandardHelpOptions = true,
    header = "Remove the entries whose time to live has passed.",
    description = {"Removes every entry whose time to live has passed, in every tier, and prints"
        + " how many. Only tiers given a ttl setting expire anything (the embedded default sets"
        + " none: content under its digest never goes stale; capacity bounds the folder)."})
final class EvictExpiredCommand extends StackCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    try (OpenStack stack = openStack()) {
      long removed = stack.cache().evictExpired();
      out.println(removed + " expired entries removed");
      out.flush();
    }
    return ExitStatus.OK;
  }
}
