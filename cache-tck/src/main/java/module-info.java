/**
 * The tiercache technology compatibility kit: the contract every {@link
 * org.tiercache.api.CacheTier} must meet, as abstract JUnit Jupiter suites in {@link
 * org.tiercache.tck}, and {@link org.tiercache.tck.runner.TckRunner}, which runs every suite
 * against every {@link org.tiercache.api.CacheTierProvider} on the module path and prints a table.
 *
 * <p>The suites' public signatures use the SPI and JUnit Jupiter's API, so both are required
 * transitively: a tier's test module that requires this one can extend the suites with nothing
 * else. The suites and the runner's own concrete suites are opened to {@code
 * org.junit.platform.commons}, which instantiates them and calls their methods reflectively;
 * nothing else may reach inside.
 *
 * <p>Run the kit on the module path with
 * {@code java --module-path <folder of jars> --module
 * org.tiercache.tck/org.tiercache.tck.runner.TckRunner}.
 *
 * @uses org.tiercache.api.CacheTierProvider
 */
module org.tiercache.tck {
  requires transitive org.tiercache.api;
  requires transitive org.junit.jupiter.api;
  requires org.junit.platform.launcher;
  requires org.slf4j;
  // LinearizabilityContract uses lincheck, which is not a module (two of its jars share a package):
  // it is read from the class path, where the kit is compiled with --add-reads ALL-UNNAMED.

  exports org.tiercache.tck;
  exports org.tiercache.tck.runner;

  opens org.tiercache.tck to org.junit.platform.commons;
  opens org.tiercache.tck.runner.internal to org.junit.platform.commons;

  uses org.tiercache.api.CacheTierProvider;
}
