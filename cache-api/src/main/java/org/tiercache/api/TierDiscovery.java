package org.tiercache.api;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * The tier providers found by one {@link ServiceLoader} pass, and the ones that failed: the one
 * place tiers are discovered, apart from the {@link CacheTierProvider} SPI, which only makes tiers.
 *
 * <p>Each provider offered comes with its id, the version of its code and the jar or folder it came
 * from ({@link DiscoveredTier}). A provider that cannot be offered is not skipped but reported
 * ({@link TierLoadFailure}) with its class, its jar and the reason: a services file naming a class
 * that is not there, a constructor or static initializer that throws, a class it needs that is
 * missing, an {@code id()} that throws or is not a valid id, or an id that another provider has too
 * (then neither is offered, and each failure names the other's jar). So a user's broken jar shows
 * up in the list of tiers and in the message of a lookup that misses, rather than being silently
 * absent.
 *
 * <pre>{@code
 * TierDiscovery found = TierDiscovery.scan();
 * CacheTier cache = found.provider("memory").create(TierConfig.parse("capacity=50MB"));
 * found.failures().forEach(failure -> log.warn("tier provider not loaded: {}", failure));
 * }</pre>
 *
 * <p>A discovery is immutable and holds the provider instances it made; scan again to see jars
 * added since. Each scan instantiates every provider, which does no work in its constructor (the
 * SPI requires it).
 *
 * @since 0.2
 */
public final class TierDiscovery {
  private final List<DiscoveredTier> tiers;
  private final List<TierLoadFailure> failures;
  private final Map<String, List<DiscoveredTier>> clashes;
  private final String searched;

  private TierDiscovery(ProviderScan.Result result, String searched) {
    this.tiers = result.tiers();
    this.failures = result.failures();
    this.clashes = result.clashes();
    this.searched = searched;
  }

  /**
   * Discovers the providers visible to the current thread's context class loader (the system class
   * loader if it has none): those in the named modules of the module path, and those listed in
   * {@code META-INF/services} files on the class path, as {@link ServiceLoader#load(Class)} finds
   * them.
   *
   * @return what was found and what failed
   */
  public static TierDiscovery scan() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    return scan(loader == null ? ClassLoader.getSystemClassLoader() : loader);
  }

  /**
   * Discovers the providers visible to a class loader, as {@link ServiceLoader#load(Class,
   * ClassLoader)} finds them.
   *
   * @param loader the class loader, such as one over a folder of plug-in jars
   * @return what was found and what failed
   * @throws NullPointerException if {@code loader} is {@code null}
   */
  public static TierDiscovery scan(ClassLoader loader) {
    Objects.requireNonNull(loader, "class loader must not be null");
    return new TierDiscovery(
        ProviderScan.run(ServiceLoader.load(CacheTierProvider.class, loader), loader),
        CacheTierProvider.class.getModule().isNamed()
            ? "module path"
            // A class-path user who forgot the services file must not be sent looking at a
            // module path they do not have.
            : "class path (a tier jar must list its provider in "
                + "META-INF/services/org.tiercache.api.CacheTierProvider)");
  }

  /**
   * Discovers the providers in the modules of a module layer and its parents, as {@link
   * ServiceLoader#load(ModuleLayer, Class)} finds them: for an application that loads tier modules
   * into a layer of its own.
   *
   * @param layer the module layer
   * @return what was found and what failed
   * @throws NullPointerException if {@code layer} is {@code null}
   */
  public static TierDiscovery scan(ModuleLayer layer) {
    Objects.requireNonNull(layer, "module layer must not be null");
    return new TierDiscovery(
        ProviderScan.run(ServiceLoader.load(layer, CacheTierProvider.class), null),
        "module layer");
  }

  /**
   * Returns the providers offered, sorted by id; ids are unique.
   *
   * @return the providers, possibly empty; unmodifiable
   */
  public List<DiscoveredTier> tiers() {
    return tiers;
  }

  /**
   * Returns the providers that were found but cannot be offered, with their jars and reasons.
   *
   * @return the failures, in the order met, clashes of ids last; empty when every provider loaded;
   *     unmodifiable
   */
  public List<TierLoadFailure> failures() {
    return failures;
  }

  /**
   * Returns the ids of the providers offered, sorted.
   *
   * @return the ids; unmodifiable
   */
  public List<String> ids() {
    return tiers.stream().map(DiscoveredTier::id).collect(Collectors.toUnmodifiableList());
  }

  /**
   * Finds the provider offered under an id.
   *
   * @param id the provider id, such as {@code memory}
   * @return the provider with its version and location, or empty if none is offered under that id
   * @throws NullPointerException if {@code id} is {@code null}
   */
  public Optional<DiscoveredTier> find(String id) {
    Objects.requireNonNull(id, "tier id must not be null");
    return tiers.stream().filter(tier -> tier.id().equals(id)).findFirst();
  }

  /**
   * Returns the provider offered under an id.
   *
   * @param id the provider id, such as {@code memory}
   * @return the provider
   * @throws NullPointerException if {@code id} is {@code null}
   * @throws CacheConfigurationException if no provider is offered under that id: the message names
   *     the id, the ids found and every provider that failed to load with its jar and reason, or,
   *     when several providers have that id, each of them with its jar
   */
  public CacheTierProvider provider(String id) {
    Optional<DiscoveredTier> tier = find(id);
    if (tier.isPresent()) {
      return tier.get().provider();
    }
    List<DiscoveredTier> clash = clashes.get(id);
    if (clash != null) {
      throw new CacheConfigurationException("more than one tier provider has id '" + id + "': "
          + clash.stream().map(ProviderScan::named).collect(Collectors.joining(", "))
          + "; neither is used: remove all but one from the " + searched);
    }
    String found = tiers.isEmpty() ? "none" : String.join(", ", ids());
    String failed = failures.isEmpty() ? ""
        : "; failed to load: " + failures.stream().map(TierLoadFailure::toString)
            .collect(Collectors.joining("; "));
    throw new CacheConfigurationException("no tier provider with id '" + id + "' on the "
        + searched + "; ids found: " + found + failed);
  }

  /**
   * Returns the ids found and the number of failures, for logs.
   *
   * @return such as {@code TierDiscovery[disk, memory; 1 failed]}
   */
  @Override
  public String toString() {
    return "TierDiscovery[" + String.join(", ", ids()) + "; " + failures.size() + " failed]";
  }
}
