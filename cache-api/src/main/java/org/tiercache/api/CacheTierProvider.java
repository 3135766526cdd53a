package org.tiercache.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Makes tiers of one kind; found with {@link ServiceLoader}, so the tiers that can be used are those
 * whose modules are on the module path (or whose jars are on the class path).
 *
 * <p>A tier module declares {@code provides org.tiercache.api.CacheTierProvider with ...} and ships
 * the matching {@code META-INF/services} file. Implementations have a public no-argument constructor
 * that does no work: all work happens in {@link #create}.
 */
public interface CacheTierProvider {

  /**
   * Returns this provider's id, by which configurations name it, such as {@code memory}.
   *
   * @return the id: lowercase letters, digits and {@code -}; never {@code null}
   */
  String id();

  /**
   * Creates a tier.
   *
   * @param config the tier's settings; a provider refuses keys it does not know, naming them (see
   *     {@link TierConfig#requireOnly})
   * @return a new tier, owned by the caller, who closes it
   * @throws CacheConfigurationException if the configuration is invalid (an unknown setting, a bad
   *     value, a required setting missing)
   * @throws CacheException if the tier cannot be opened (its storage fails)
   */
  CacheTier create(TierConfig config);

  /**
   * Returns the settings that make a throwaway tier keeping its storage under {@code scratchDir}, so
   * that the compatibility kit's runner can check this provider with no configuration from the user.
   * A tier that keeps nothing outside the process returns no settings (the default); a disk tier
   * returns its folder setting; a server-backed tier returns a namespace of its own.
   *
   * @param scratchDir an empty folder that lives as long as one check; the provider may ignore it
   * @return settings to add to the kit's own (capacity, TTL, clock); never {@code null}
   */
  default Map<String, String> scratchSettings(Path scratchDir) {
    return Map.of();
  }

  /**
   * Returns every provider found by {@link ServiceLoader}, sorted by id. A provider that fails to
   * load is skipped; {@link #byId} names it if it is asked for.
   *
   * @return the providers found, possibly empty
   */
  static List<CacheTierProvider> available() {
    return load(new ArrayList<>());
  }

  /**
   * Finds the provider with the given id.
   *
   * @param id the provider id, such as {@code memory}
   * @return the provider
   * @throws NullPointerException if {@code id} is {@code null}
   * @throws CacheConfigurationException if no provider, or more than one, has that id; the message
   *     lists the ids found and the providers that failed to load
   */
  static CacheTierProvider byId(String id) {
    Objects.requireNonNull(id, "tier id must not be null");
    List<String> loadErrors = new ArrayList<>();
    List<CacheTierProvider> all = load(loadErrors);
    List<CacheTierProvider> matching =
        all.stream().filter(p -> p.id().equals(id)).collect(Collectors.toList());
    if (matching.size() == 1) {
      return matching.get(0);
    }
    if (matching.size() > 1) {
      throw new CacheConfigurationException("more than one tier provider has id '" + id + "': "
          + matching.stream().map(p -> p.getClass().getName()).collect(Collectors.joining(", ")));
    }
    String found = all.isEmpty()
        ? "none"
        : all.stream().map(CacheTierProvider::id).collect(Collectors.joining(", "));
    String failures = loadErrors.isEmpty() ? "" : "; providers that failed to load: " + loadErrors;
    throw new CacheConfigurationException("no tier provider with id '" + id
        + "' on the " + searched() + "; ids found: " + found + failures);
  }

  // Where ServiceLoader looked, in the user's words: a class-path user who forgot the services file
  // must not be sent looking at a module path they do not have.
  private static String searched() {
    return CacheTierProvider.class.getModule().isNamed()
        ? "module path"
        : "class path (a tier jar must list its provider in "
            + "META-INF/services/org.tiercache.api.CacheTierProvider)";
  }

  private static List<CacheTierProvider> load(List<String> loadErrors) {
    List<CacheTierProvider> providers = new ArrayList<>();
    Iterator<CacheTierProvider> it = ServiceLoader.load(CacheTierProvider.class).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          break;
        }
        providers.add(it.next());
      } catch (ServiceConfigurationError e) {
        // One broken provider must not hide the others (SLF4J's LoggerFactory does the same).
        loadErrors.add(e.getMessage());
      }
    }
    providers.sort(Comparator.comparing(CacheTierProvider::id));
    return providers;
  }
}
