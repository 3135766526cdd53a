package org.tiercache.arch;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The folder of module jars that cache-dist gathers, and what its descriptors declare. */
final class DistributionFolder {
  static final String PROVIDER_SERVICE = "org.tiercache.api.CacheTierProvider";
  /**
   * The composer provides tiers too ({@code tiered}), but it is a library others build on, with an
   * exported API, not a tier module.
   */
  static final String COMPOSER = "org.tiercache.tiered";

  private DistributionFolder() {}

  static Path path() {
    String configured = System.getProperty("tiercache.dist.modules");
    Path path = Path.of(configured != null ? configured : "../cache-dist/target/modules");
    if (!Files.isDirectory(path)) {
      throw new IllegalStateException("the distribution folder " + path.toAbsolutePath()
          + " does not exist: build cache-dist first (./mvnw -B verify builds everything in order)");
    }
    return path;
  }

  static Set<ModuleReference> tiercacheModules() {
    return ModuleFinder.of(path()).findAll().stream()
        .filter(m -> m.descriptor().name().startsWith("org.tiercache."))
        .collect(Collectors.toSet());
  }

  static Set<String> tiercacheModuleNames() {
    return tiercacheModules().stream().map(m -> m.descriptor().name())
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> tierModuleNames() {
    return tiercacheModules().stream().map(ModuleReference::descriptor)
        .filter(DistributionFolder::isTierModule)
        .map(ModuleDescriptor::name)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static boolean isTierModule(ModuleDescriptor descriptor) {
    return providesTiers(descriptor) && !descriptor.name().equals(COMPOSER);
  }

  static boolean providesTiers(ModuleDescriptor descriptor) {
    return descriptor.provides().stream().anyMatch(p -> p.service().equals(PROVIDER_SERVICE));
  }
}
