package org.tiercache.tiered.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierDiscovery;
import org.tiercache.api.TierLoadFailure;

/**
 * Finds the provider a stack names by id, through {@link TierDiscovery}, and makes the tier jars that
 * failed to load visible in the log even when the stack does not need them: a broken jar beside the
 * tiers in use is not this stack's failure, but it is a deployment fault that must not go unseen.
 */
public final class ProviderLookup {
  private static final Logger LOG = LoggerFactory.getLogger(ComposerLog.NAME);

  // Each failure is warned about once per JVM: a program that builds many stacks (the command builds
  // one per run, a server one per request scope) would otherwise repeat the same warning.
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private ProviderLookup() {}

  /**
   * Returns the provider with the id.
   *
   * @param id the provider id
   * @return the provider
   * @throws CacheConfigurationException if none is offered under that id; the message names the ids
   *     found and the jars that failed to load, with their reasons
   */
  public static CacheTierProvider byId(String id) {
    TierDiscovery found = TierDiscovery.scan();
    for (TierLoadFailure failure : found.failures()) {
      if (WARNED.add(failure.toString())) {
        LOG.warn("tiered cache: a tier provider failed to load and is not offered: {}", failure,
            failure.cause().orElse(null));
      }
    }
    return found.provider(id);
  }
}
