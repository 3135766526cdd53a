package org.tiercache.tck.runner;

import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/**
 * A provider ServiceLoader cannot make: its constructor throws, as a user's tier jar that does work
 * there (and fails) would. Not in this module's services file, which every self-test reads: the
 * runner's load-failure tests list it in a services file of their own.
 */
public final class UnloadableTierProvider implements CacheTierProvider {
  /** Throws. */
  public UnloadableTierProvider() {
    throw new IllegalStateException("cannot read unloadable.properties");
  }

  @Override
  public String id() {
    return "unloadable";
  }

  @Override
  public CacheTier create(TierConfig config) {
    throw new UnsupportedOperationException("never reached: the constructor throws");
  }
}
