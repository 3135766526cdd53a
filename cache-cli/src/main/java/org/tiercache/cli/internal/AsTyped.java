package org.tiercache.cli.internal;

import java.util.ArrayList;
import java.util.List;
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.CacheException;
import org.tiercache.api.TierConfig;

/**
 * Puts a tier back in the user's words in the composer's errors. The command hands the composer
 * each tier as a provider and its parsed settings, so the composer names a tier it cannot create by
 * its normalised text ({@code tier 1 'memory(capacity=8388608B colour=blue)' of the tiered cache:
 * ...}); a user looking for the mistake must see the spec as typed
 * ({@code tier 1 'memory(capacity=8MB,colour=blue)': ...}).
 *
 * <p>The composer's prefix is matched exactly; a message in another form is left as it is, since it
 * is still right, only less familiar.
 */
public final class AsTyped {
  private final List<String> composerPrefixes = new ArrayList<>();
  private final List<String> typedPrefixes = new ArrayList<>();

  /**
   * Remembers the next tier of the stack, in the order the composer is given them.
   *
   * @param providerId the id of the provider the composer is given
   * @param config the settings it is given
   * @param typed the tier as the user wrote it (with secrets masked)
   */
  public void add(String providerId, TierConfig config, String typed) {
    int position = composerPrefixes.size() + 1;
    // As the composer's TierPlan words a tier given by provider: "tier N 'ID(CONFIG)' of ...".
    composerPrefixes.add("tier " + position + " '" + providerId + "(" + config
        + ")' of the tiered cache: ");
    typedPrefixes.add("tier " + position + " '" + typed + "': ");
  }

  /**
   * Returns the failure with the tier it names as the user typed it, of the same kind (so the same
   * exit status), the original as its cause; or the failure itself if it names no tier.
   *
   * @param failure what building the stack threw
   * @return the failure to report
   */
  public CacheException reword(CacheException failure) {
    String message = failure.getMessage();
    for (int i = 0; message != null && i < composerPrefixes.size(); i++) {
      if (message.startsWith(composerPrefixes.get(i))) {
        String reworded = typedPrefixes.get(i) + message.substring(composerPrefixes.get(i).length());
        return failure instanceof CacheConfigurationException
            ? new CacheConfigurationException(reworded, failure)
            : new CacheException(reworded, failure);
      }
    }
    return failure;
  }
}
