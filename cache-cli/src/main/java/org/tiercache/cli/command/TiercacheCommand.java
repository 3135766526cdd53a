package org.tiercache.cli.command;

import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST;
import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_COMMAND_LIST_HEADING;
import static picocli.CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.tiercache.cli.internal.ExitStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The {@code tiercache} command and the options every subcommand accepts. */
@Command(
    name = "tiercache",
    mixinStandardHelpOptions = true,
    versionProvider = ModuleVersion.class,
    usageHelpAutoWidth = true,
    description = {
        "A content-addressed cache across tiers chosen by size, from the command line.",
        "",
        "With no --stack, --stack-file or --dir, the embedded default stack is used:",
        "",
        "  memory(capacity=64MB) < 100KB ;",
        "  disk(dir=$XDG_CACHE_HOME/tiercache,capacity=1GB) any ;",
        "  options(write-through)",
        "",
        "(~/.cache/tiercache when XDG_CACHE_HOME is not set): every put reaches the disk"
            + " folder, so it outlives the command. A spec may span lines, as above.",
        "--stack, --stack-file and --dir may come before or after the command's name.",
        "",
        "Tiers of your own: put their jars in $XDG_CONFIG_HOME/tiercache/modules"
            + " (by default ~/.config/tiercache/modules), or list jars and folders in"
            + " TIERCACHE_MODULE_PATH (':'-separated); the launcher adds both to the module path,"
            + " after the modules the build ships, so a clean build does not remove them."},
    commandListHeading = "%nCommands:%n",
    optionListHeading = "%nOptions:%n",
    footerHeading = "%n",
    footer = {"Run 'tiercache COMMAND --help' for more on a command.",
        "Completion in bash or zsh: see 'tiercache completion --help'."},
    subcommands = {
        PutCommand.class,
        GetCommand.class,
        LsCommand.class,
        RmCommand.class,
        StatCommand.class,
        VerifyCommand.class,
        EvictExpiredCommand.class,
        ClearCommand.class,
        TckCommand.class,
        ProvidersCommand.class,
        CompletionCommand.class,
        CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
        "0:done",
        "1:no: get found no entry (or only a damaged one, now removed), rm found no entry for"
            + " some key, verify found corrupt entries (removed), tck saw a test fail, clear was"
            + " declined",
        "2:usage: bad option, key, stack spec, setting value, file or tier id; clear without --yes"
            + " off a terminal; ls of a stack with a tier that cannot list its entries",
        "3:failure: I/O error, folder unreadable or locked by another process, a tier refused"
            + " its settings or the content, a tier failed to store a put (full disk, server"
            + " down)"})
public final class TiercacheCommand implements Callable<Integer> {
  @Option(names = "--debug", scope = ScopeType.INHERIT,
      description = "Log at DEBUG and print the stack trace of a failure.")
  boolean debug;

  @Option(names = "--no-progress", scope = ScopeType.INHERIT,
      description = "Never draw a progress bar (drawn on standard error only when it is a terminal).")
  boolean noProgress;

  @Spec
  CommandSpec spec;

  /**
   * Creates the command line of {@code tiercache}, with its subcommands.
   *
   * @return a new command line
   */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new TiercacheCommand());
    // As git and docker do: what there is to run comes before the options, and text wraps to the
    // terminal's width (80 columns when it is not a terminal), every subcommand included.
    List<String> sections = new ArrayList<>(commandLine.getHelpSectionKeys());
    sections.removeAll(List.of(SECTION_KEY_COMMAND_LIST_HEADING, SECTION_KEY_COMMAND_LIST));
    int options = sections.indexOf(SECTION_KEY_OPTION_LIST_HEADING);
    sections.addAll(options, List.of(SECTION_KEY_COMMAND_LIST_HEADING, SECTION_KEY_COMMAND_LIST));
    commandLine.setHelpSectionKeys(sections);
    commandLine.setUsageHelpAutoWidth(true);
    return commandLine;
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    System.err.println();
    System.err.println("tiercache: missing command");
    return ExitStatus.USAGE;
  }
}
