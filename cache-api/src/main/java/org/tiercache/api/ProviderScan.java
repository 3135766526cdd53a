package org.tiercache.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.tiercache.api.internal.CodeOrigin;

/**
 * One pass of a {@link ServiceLoader} over the tier providers, keeping every failure with the
 * provider and jar it belongs to, where a bare loop would have only the error's message.
 *
 * <p>It walks {@link ServiceLoader#stream()} rather than the iterator: a
 * {@link ServiceLoader.Provider} knows its class before it is instantiated, so a provider whose
 * constructor or static initializer throws is still named with its jar.
 *
 * <p>Package-private beside {@link TierDiscovery} rather than in {@code internal}: it builds the
 * exported result types, and {@code internal} must not depend back on this package (the
 * architecture test forbids cycles between packages).
 */
final class ProviderScan {
  /** A provider id as a stack spec can name it; the SPI documents the same form. */
  private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");

  /** The service-file prefix ServiceLoader puts before every message. */
  private static final String SERVICE_PREFIX = CacheTierProvider.class.getName() + ": ";

  /** A Java binary class name in a ServiceLoader message. */
  private static final Pattern CLASS_NAME =
      Pattern.compile("[A-Za-z_$][\\w$]*(?:\\.[A-Za-z_$][\\w$]*)+");

  /**
   * The outcome of a pass.
   *
   * @param tiers the providers that can be offered, sorted by id, ids unique
   * @param failures the providers that cannot, in the order met, clashes of ids last
   * @param clashes for each id more than one provider had, those providers (none of them offered)
   */
  record Result(List<DiscoveredTier> tiers, List<TierLoadFailure> failures,
      Map<String, List<DiscoveredTier>> clashes) {
    /**
     * Makes the lists unmodifiable.
     *
     * @param tiers the providers offered
     * @param failures the providers that are not
     * @param clashes the providers sharing an id
     */
    Result {
      tiers = List.copyOf(tiers);
      failures = List.copyOf(failures);
      clashes = Map.copyOf(clashes);
    }
  }

  private ProviderScan() {}

  /**
   * Runs one pass over the loader's providers.
   *
   * @param loader the service loader, not yet iterated
   * @param servicesLoader the class loader whose services files name class-path providers, to find
   *     the jar of a class that could not be loaded; {@code null} when the pass covers modules only
   * @return what the pass found
   */
  static Result run(ServiceLoader<CacheTierProvider> loader, ClassLoader servicesLoader) {
    List<DiscoveredTier> found = new ArrayList<>();
    List<TierLoadFailure> failures = new ArrayList<>();
    Iterator<ServiceLoader.Provider<CacheTierProvider>> it = loader.stream().iterator();
    while (true) {
      ServiceLoader.Provider<CacheTierProvider> next;
      try {
        if (!it.hasNext()) {
          break;
        }
        next = it.next();
      } catch (ServiceConfigurationError e) {
        // No class to ask for its jar (the services file names a class that is not there, or not
        // a provider): the services file that names it tells which jar it is. ServiceLoader has
        // moved past the bad entry, so the next call goes on with the others.
        String className = className(e);
        failures.add(new TierLoadFailure(className,
            className.equals(CodeOrigin.UNKNOWN) || servicesLoader == null
                ? CodeOrigin.UNKNOWN : CodeOrigin.listing(servicesLoader, className),
            reason(e, className), e));
        continue;
      }
      Class<? extends CacheTierProvider> type = next.type();
      TierLoadFailure failure = null;
      DiscoveredTier tier = null;
      try {
        CacheTierProvider provider = next.get();
        String id = provider.id();
        if (id == null || !ID.matcher(id).matches()) {
          failure = failure(type, "its id " + (id == null ? "is null" : "'" + id + "'"
              + " is not a lowercase letter followed by lowercase letters, digits and '-'")
              + ", so no configuration can name it", null);
        } else {
          tier = new DiscoveredTier(id, provider, CodeOrigin.version(type),
              CodeOrigin.location(type));
        }
      } catch (ServiceConfigurationError e) {
        failure = failure(type, reason(e, type.getName()), e);
      } catch (RuntimeException | LinkageError e) {
        // Thrown by id(): the provider was made, but cannot say what it is.
        failure = failure(type, "id() threw " + root(e), e);
      }
      if (failure != null) {
        failures.add(failure);
      } else {
        found.add(tier);
      }
    }
    return sorted(found, failures);
  }

  private static Result sorted(List<DiscoveredTier> found, List<TierLoadFailure> failures) {
    Map<String, List<DiscoveredTier>> byId = found.stream().collect(
        Collectors.groupingBy(DiscoveredTier::id, LinkedHashMap::new, Collectors.toList()));
    List<DiscoveredTier> tiers = new ArrayList<>();
    Map<String, List<DiscoveredTier>> clashes = new LinkedHashMap<>();
    byId.forEach((id, same) -> {
      if (same.size() == 1) {
        tiers.add(same.get(0));
        return;
      }
      // Neither is offered: which one a lookup got would depend on the order of the module path.
      clashes.put(id, same);
      for (DiscoveredTier one : same) {
        String others = same.stream().filter(other -> other != one).map(ProviderScan::named)
            .collect(Collectors.joining(", "));
        failures.add(new TierLoadFailure(one.provider().getClass().getName(), one.location(),
            "id '" + id + "' is also the id of " + others + ": neither is offered; remove one",
            null));
      }
    });
    tiers.sort(Comparator.comparing(DiscoveredTier::id));
    return new Result(tiers, failures, clashes);
  }

  /**
   * Names a provider with its jar, as messages show it.
   *
   * @param tier the provider
   * @return {@code class at location}
   */
  static String named(DiscoveredTier tier) {
    return tier.provider().getClass().getName() + " at " + tier.location();
  }

  private static TierLoadFailure failure(Class<?> type, String reason, Throwable cause) {
    return new TierLoadFailure(type.getName(), CodeOrigin.location(type), reason, cause);
  }

  private static String className(ServiceConfigurationError e) {
    Matcher name = CLASS_NAME.matcher(message(e));
    return name.find() ? name.group() : CodeOrigin.UNKNOWN;
  }

  // ServiceLoader's message without the service name, and without the provider's class name where
  // it leads (the failure names the class already), then the root cause.
  private static String reason(ServiceConfigurationError e, String className) {
    String message = message(e);
    for (String lead : List.of("Provider " + className + " ", className + " ")) {
      if (message.startsWith(lead)) {
        message = message.substring(lead.length());
        break;
      }
    }
    Throwable root = rootOf(e);
    return root == e ? message : message + ": " + root;
  }

  private static String message(ServiceConfigurationError e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return message.startsWith(SERVICE_PREFIX) ? message.substring(SERVICE_PREFIX.length())
        : message;
  }

  private static String root(Throwable e) {
    return rootOf(e).toString();
  }

  private static Throwable rootOf(Throwable e) {
    Throwable root = e;
    // Bounded: a cause chain may loop.
    for (int depth = 0; depth < 32 && root.getCause() != null && root.getCause() != root; depth++) {
      root = root.getCause();
    }
    return root;
  }
}
