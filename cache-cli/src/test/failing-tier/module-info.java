/**
 * A tier module for the command's tests only, whose provider cannot be instantiated: its constructor
 * throws, as a user's tier jar that wrongly does work there (or lacks a file it needs) would. The
 * command must list it, with the reason, instead of leaving it silently out. Compiled by the tests,
 * never shipped.
 *
 * @provides org.tiercache.api.CacheTierProvider id {@code failing}, never loadable
 */
module org.tiercache.failingtier {
  requires org.tiercache.api;

  provides org.tiercache.api.CacheTierProvider with
      org.tiercache.failingtier.FailingTierProvider;
}
