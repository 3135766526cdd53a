/**
 * A tier for the command's tests only: it refuses nothing and stores nothing, failing every put as a
 * full disk or an unreachable server would, so that the command's handling of a storage failure is
 * checked end to end without filling a disk. Compiled by the tests, never shipped.
 *
 * @provides org.tiercache.api.CacheTierProvider id {@code broken}
 */
module org.tiercache.testtier {
  requires org.tiercache.api;

  provides org.tiercache.api.CacheTierProvider with org.tiercache.testtier.BrokenTierProvider;
}
