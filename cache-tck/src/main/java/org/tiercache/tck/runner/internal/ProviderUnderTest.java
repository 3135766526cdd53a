package org.tiercache.tck.runner.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;

/**
 * The provider the runner is checking now, through which the {@code Provider*Contract} suites
 * create their tiers.
 *
 * <p>JUnit instantiates suites itself, so a provider cannot be handed to a suite's constructor; the
 * runner binds it here before each launch and unbinds it after. Providers are checked one after
 * another, never at once, so one binding at a time is enough.
 */
public final class ProviderUnderTest {
  // Written by the runner's thread before a launch, read by the suites' threads during it.
  private static volatile Binding current;

  private ProviderUnderTest() {}

  /**
   * Binds the provider the next launch checks.
   *
   * @param provider the provider
   * @param userSettings settings the user gave for this tier, added after the scratch settings
   */
  public static void bind(CacheTierProvider provider, Map<String, String> userSettings) {
    current = new Binding(Objects.requireNonNull(provider, "provider must not be null"),
        Map.copyOf(new TreeMap<>(userSettings)));
  }

  /** Unbinds the provider once its launch has finished. */
  public static void unbind() {
    current = null;
  }

  /**
   * Creates a tier with the bound provider. The configuration is the suite's (capacity, TTL,
   * clock), plus the provider's scratch settings for {@code scratchDir}, plus the user's settings.
   * Calls with an equal suite configuration and the same folder give equal configurations, which is
   * what lets the persistence suite reopen a tier's storage.
   *
   * @param suiteConfig the configuration the suite chose
   * @param scratchDir the current test's own empty folder
   * @return a new tier
   * @throws IllegalStateException if no provider is bound (a suite run outside the runner)
   */
  public static CacheTier create(TierConfig suiteConfig, Path scratchDir) {
    Binding binding = bound();
    TierConfig.Builder config = suiteConfig.toBuilder();
    settings(binding.provider, scratchDir).forEach(config::set);
    return binding.provider.create(config.build());
  }

  /**
   * Returns the settings the runner adds to a suite's: the provider's scratch settings for
   * {@code scratchDir}, then the user's settings for the bound tier.
   *
   * @param provider the provider whose scratch settings to take
   * @param scratchDir the current test's own empty folder
   * @return the settings, sorted by key
   */
  static Map<String, String> settings(CacheTierProvider provider, Path scratchDir) {
    Binding binding = bound();
    Map<String, String> settings = new TreeMap<>();
    provider.scratchSettings(scratchDir).forEach((key, value) -> {
      if (key.equals(TierConfig.CAPACITY) || key.equals(TierConfig.TTL)) {
        // The suites choose these to check each rule at its edge; a provider must not move them.
        throw new IllegalStateException("scratchSettings of tier provider '"
            + binding.provider.id() + "' sets '" + key + "=" + value
            + "', which the compatibility kit chooses itself");
      }
      settings.put(key, value);
    });
    settings.putAll(binding.userSettings);
    return settings;
  }

  /**
   * Returns the folder the bound provider keeps a test's storage in, as far as the runner can tell:
   * {@code scratchDir} when a setting it passes names it (a disk tier's {@code dir}, say), else
   * {@code null}. A tier whose settings point elsewhere (a {@code --config} folder of the user's, a
   * server) has no folder the kit may plant files in.
   *
   * @param scratchDir the current test's own empty folder
   * @return {@code scratchDir} or {@code null}
   */
  public static Path storageFolder(Path scratchDir) {
    return settings(bound().provider, scratchDir).containsValue(scratchDir.toString())
        ? scratchDir : null;
  }

  private static Binding bound() {
    Binding binding = current;
    if (binding == null) {
      throw new IllegalStateException("no tier provider is bound: the "
          + "org.tiercache.tck.runner.internal suites run only through "
          + "org.tiercache.tck.runner.TckRunner");
    }
    return binding;
  }

  private static final class Binding {
    final CacheTierProvider provider;
    final Map<String, String> userSettings;

    Binding(CacheTierProvider provider, Map<String, String> userSettings) {
      this.provider = provider;
      this.userSettings = userSettings;
    }
  }
}
