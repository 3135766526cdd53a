/**
 * The {@code tiercache} command: puts files into a tier stack, gets them back, reports what the
 * stack holds, verifies and cleans its disk folders, and runs the compatibility kit, all from the
 * module path, so the tiers it can use are the tier modules beside it.
 *
 * <p>With no configuration it uses an embedded default stack: a memory tier for content under
 * 100 KB over a disk tier in the user's cache folder ({@code $XDG_CACHE_HOME/tiercache}, else
 * {@code ~/.cache/tiercache}), with write-through so that small content also survives the short
 * life of a command. {@code --stack SPEC} (the composer's string form) or
 * {@code --stack-file FILE} (a properties file with a {@code stack} key) selects another stack.
 *
 * <p>It reaches tiers only through the API ({@link org.tiercache.api.TierDiscovery}, {@link
 * org.tiercache.api.CacheTierProvider}) and the composer ({@link org.tiercache.tiered.TieredCache}),
 * never through a tier module's classes. Being a
 * terminal program, it writes to {@code System.out} and {@code System.err}; the command classes are
 * opened to picocli, which fills their fields reflectively. It exports nothing: it is run as
 * {@code java --module-path DIR --module org.tiercache.cli/org.tiercache.cli.Main}.
 *
 * @uses org.tiercache.api.CacheTierProvider the tiers a stack names, and those {@code providers}
 *     lists
 */
module org.tiercache.cli {
  requires org.tiercache.tiered; // and, transitively, org.tiercache.api
  requires org.tiercache.tck;
  requires info.picocli;
  requires me.tongfei.progressbar;
  requires org.slf4j;

  opens org.tiercache.cli.command to info.picocli;

  uses org.tiercache.api.CacheTierProvider;
}
