package org.tiercache.arch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Checks the module descriptors of the built jars, from outside, as a user's module path sees them. */
final class ModuleDescriptorTest {

  @Test
  void apiRequiresJavaBaseOnly() {
    ModuleDescriptor api = descriptor("org.tiercache.api");
    Set<String> required = api.requires().stream().map(ModuleDescriptor.Requires::name)
        .collect(Collectors.toSet());
    assertEquals(Set.of("java.base"), required);
    assertEquals(Set.of("org.tiercache.api"),
        api.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
    assertTrue(api.uses().contains(DistributionFolder.PROVIDER_SERVICE));
  }

  @Test
  void everyPackageStartsWithItsModuleName() {
    for (ModuleReference module : DistributionFolder.tiercacheModules()) {
      String name = module.descriptor().name();
      for (String pkg : module.descriptor().packages()) {
        assertTrue(pkg.equals(name) || pkg.startsWith(name + "."),
            "package " + pkg + " of module " + name + " does not start with the module name");
      }
    }
  }

  @Test
  void tierModulesExportNothingAndDeclareTheirProviderTwice() throws IOException {
    Set<String> tiers = DistributionFolder.tierModuleNames();
    assertTrue(tiers.containsAll(Set.of("org.tiercache.memory", "org.tiercache.disk")),
        "tier modules found: " + tiers);
    for (ModuleReference module : DistributionFolder.tiercacheModules()) {
      ModuleDescriptor descriptor = module.descriptor();
      if (!DistributionFolder.providesTiers(descriptor)) {
        continue;
      }
      if (DistributionFolder.isTierModule(descriptor)) {
        assertEquals(Set.of(), descriptor.exports(), descriptor.name() + " must export nothing");
      }
      List<String> provided = descriptor.provides().stream()
          .filter(p -> p.service().equals(DistributionFolder.PROVIDER_SERVICE))
          .flatMap(p -> p.providers().stream()).sorted().collect(Collectors.toList());
      // On the class path `provides` is ignored; the services file is what ServiceLoader reads there.
      assertEquals(provided, servicesFile(module), descriptor.name()
          + ": META-INF/services must list the same providers as module-info");
      for (String provider : provided) {
        assertTrue(provider.startsWith(descriptor.name() + ".internal."),
            provider + " should live in an internal package");
      }
    }
  }

  private static List<String> servicesFile(ModuleReference module) throws IOException {
    try (ModuleReader reader = module.open()) {
      Optional<InputStream> in =
          reader.open("META-INF/services/" + DistributionFolder.PROVIDER_SERVICE);
      if (in.isEmpty()) {
        return List.of();
      }
      try (InputStream stream = in.get()) {
        return Arrays.stream(new String(stream.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
            .map(line -> line.replaceAll("#.*", "").trim())
            .filter(line -> !line.isEmpty()).sorted().collect(Collectors.toList());
      }
    }
  }

  private static ModuleDescriptor descriptor(String name) {
    return DistributionFolder.tiercacheModules().stream().map(ModuleReference::descriptor)
        .filter(d -> d.name().equals(name)).findFirst()
        .orElseThrow(() -> new AssertionError(name + " is not in " + DistributionFolder.path()));
  }
}
