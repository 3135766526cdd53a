package org.tiercache.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.tiercache.api.ContentKey;
import org.tiercache.cli.internal.CommandFailure;
import org.tiercache.cli.internal.ExitStatus;
import org.tiercache.cli.internal.OpenStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code get KEY [-o FILE]}: streams an entry's content out. */
@Command(name = "get", mixinStandardHelpOptions = true,
    description = {
        "Writes the content stored under KEY to standard output, or to FILE, streamed from the"
            + " fastest tier that holds it.",
        "Exit status 1 if no tier holds KEY; 3 if the content turns out damaged (the tier removes"
            + " it, and FILE is left as it was)."})
final class GetCommand extends StackCommand implements Callable<Integer> {
  @Parameters(paramLabel = "KEY",
      description = "The key as 'put' printed it (sha256:HEX), or the bare lowercase hex digest.")
  String key;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write to FILE (replaced whole, only once the content was read completely).")
  Path output;

  @Override
  public Integer call() throws IOException {
    ContentKey contentKey = parseKey(key);
    try (OpenStack stack = openStack()) {
      OpenStack.Found found = stack.openStream(contentKey);
      if (found == null) {
        err.println("tiercache: not found: " + contentKey);
        return ExitStatus.NO;
      }
      Path temp = output == null ? null : tempBeside(output);
      try (InputStream in = found.content()) {
        if (temp == null) {
          in.transferTo(out);
          out.flush();
        } else {
          Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
          Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING);
        }
      } catch (IOException e) {
        throw new CommandFailure(ExitStatus.FAILURE, "getting " + contentKey + " from tier '"
            + found.tier().name() + "' failed: " + e.getMessage(), e);
      } finally {
        if (temp != null) {
          Files.deleteIfExists(temp);
        }
      }
    }
    return ExitStatus.OK;
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
      throw new CommandFailure(ExitStatus.FAILURE, "cannot write in " + folder + ": " + e, e);
    }
  }
}
