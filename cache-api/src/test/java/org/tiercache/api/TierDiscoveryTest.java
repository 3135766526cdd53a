package org.tiercache.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Discovery over real tier jars (built from {@code src/test/fixture-tiers}) put on a class loader or
 * a module layer, as a user's jars are put on the class path or module path: what loads is offered
 * with its version and jar, and each jar that does not load is reported with the reason.
 */
final class TierDiscoveryTest {
  @TempDir
  static Path jars;

  private static Map<String, Path> built;

  @BeforeAll
  static void buildJars() throws IOException, InterruptedException {
    built = FixtureJars.buildAll(jars);
  }

  @Test
  void providerWhoseConstructorThrowsIsAFailureNamingItsJarAndTheRootCause() throws IOException {
    TierDiscovery found = scan("good", "throwing");
    assertEquals(List.of("good"), found.ids(), found::toString);
    TierLoadFailure failure = only(found.failures());
    assertEquals("fixture.throwing.ThrowingProvider", failure.provider());
    assertEquals(built.get("throwing").toString(), failure.location());
    assertEquals("could not be instantiated: java.io.FileNotFoundException: /etc/throwing.lic",
        failure.reason());
    assertTrue(failure.cause().isPresent(), "the error is kept for its stack trace");
    assertEquals("fixture.throwing.ThrowingProvider at " + built.get("throwing")
        + ": could not be instantiated: java.io.FileNotFoundException: /etc/throwing.lic",
        failure.toString());
  }

  @Test
  void servicesFileNamingAMissingClassIsAFailureNamingTheJarThatListsIt() throws IOException {
    TierDiscovery found = scan("missing", "good");
    assertEquals(List.of("good"), found.ids(), "a broken jar must not hide the others");
    TierLoadFailure failure = only(found.failures());
    assertEquals("fixture.missing.GoneProvider", failure.provider());
    assertEquals(built.get("missing").toString(), failure.location());
    assertEquals("not found", failure.reason());
  }

  @Test
  void providersSharingAnIdAreNeitherOfferedAndEachNamesTheOthersJar() throws IOException {
    TierDiscovery found = scan("twin-one", "twin-two", "good");
    assertEquals(List.of("good"), found.ids());
    Map<String, TierLoadFailure> byProvider = found.failures().stream()
        .collect(Collectors.toMap(TierLoadFailure::provider, Function.identity()));
    TierLoadFailure one = byProvider.get("fixture.twin.one.OneProvider");
    TierLoadFailure two = byProvider.get("fixture.twin.two.TwoProvider");
    assertEquals(built.get("twin-one").toString(), one.location());
    assertEquals(built.get("twin-two").toString(), two.location());
    assertTrue(one.reason().contains("id 'twin' is also the id of fixture.twin.two.TwoProvider at "
        + built.get("twin-two")), one::reason);
    assertTrue(two.reason().contains("fixture.twin.one.OneProvider at " + built.get("twin-one")),
        two::reason);

    CacheConfigurationException e =
        assertThrows(CacheConfigurationException.class, () -> found.provider("twin"));
    assertTrue(e.getMessage().startsWith("more than one tier provider has id 'twin': "),
        e.getMessage());
    assertTrue(e.getMessage().contains(built.get("twin-one").toString())
        && e.getMessage().contains(built.get("twin-two").toString()), e.getMessage());
  }

  @Test
  void lookupOfAnIdNotFoundNamesTheIdsFoundAndEveryJarThatFailed() throws IOException {
    TierDiscovery found = scan("good", "throwing", "missing");
    CacheConfigurationException e =
        assertThrows(CacheConfigurationException.class, () -> found.provider("throwing"));
    assertEquals("no tier provider with id 'throwing' on the module path; ids found: good;"
        + " failed to load: fixture.throwing.ThrowingProvider at " + built.get("throwing")
        + ": could not be instantiated: java.io.FileNotFoundException: /etc/throwing.lic;"
        + " fixture.missing.GoneProvider at " + built.get("missing") + ": not found",
        e.getMessage());
  }

  @Test
  void providerFoundCarriesItsIdVersionAndJar() throws IOException {
    TierDiscovery found = scan("good");
    DiscoveredTier good = found.find("good").orElseThrow();
    assertEquals("good", good.id());
    assertEquals(FixtureJars.CLASS_PATH_VERSION, good.version(), "from the jar's manifest");
    assertEquals(built.get("good").toString(), good.location());
    assertEquals("fixture.good.GoodProvider", found.provider("good").getClass().getName());
    assertTrue(found.failures().isEmpty());
  }

  @Test
  void idNoConfigurationCanNameAndFailingStaticInitializerAreFailures() throws IOException {
    TierDiscovery found = scan("odd");
    assertEquals(List.of(), found.ids());
    Map<String, TierLoadFailure> byProvider = found.failures().stream()
        .collect(Collectors.toMap(TierLoadFailure::provider, Function.identity()));
    assertEquals("its id 'My Tier' is not a lowercase letter followed by lowercase letters, digits"
        + " and '-', so no configuration can name it",
        byProvider.get("fixture.odd.BadIdProvider").reason());
    assertEquals("could not be instantiated: java.lang.IllegalArgumentException: no"
        + " static-init.properties in the jar",
        byProvider.get("fixture.odd.StaticInitProvider").reason());
    assertEquals(built.get("odd").toString(),
        byProvider.get("fixture.odd.StaticInitProvider").location());
  }

  @Test
  void moduleLayerGivesTheModulesVersionAndJarAndItsFailures() {
    Module api = CacheTierProvider.class.getModule();
    assertTrue(api.isNamed(), "these tests run on the module path, as org.tiercache.api");
    Configuration configuration = api.getLayer().configuration().resolveAndBind(
        ModuleFinder.of(built.get("modular")), ModuleFinder.of(), Set.of("fixture.modular"));
    ModuleLayer layer = api.getLayer().defineModulesWithOneLoader(configuration,
        TierDiscoveryTest.class.getClassLoader());

    TierDiscovery found = TierDiscovery.scan(layer);
    DiscoveredTier modular = found.find("modular")
        .orElseThrow(() -> new AssertionError(found.toString()));
    assertEquals(FixtureJars.MODULE_VERSION, modular.version(), "from the module descriptor");
    assertEquals(built.get("modular").toString(), modular.location());
    TierLoadFailure failure = only(found.failures());
    assertEquals("fixture.modular.FailingModularProvider", failure.provider());
    assertEquals(built.get("modular").toString(), failure.location());
    assertEquals("could not be instantiated: java.lang.IllegalStateException: no server"
        + " configured for the modular tier", failure.reason());
    CacheConfigurationException e =
        assertThrows(CacheConfigurationException.class, () -> found.provider("failing-modular"));
    assertTrue(e.getMessage().contains("on the module layer; ids found: modular; failed to load: "
        + "fixture.modular.FailingModularProvider at " + built.get("modular")), e.getMessage());
  }

  @Test
  void nothingFoundSaysNone() {
    TierDiscovery found = TierDiscovery.scan(ModuleLayer.empty());
    assertTrue(found.tiers().isEmpty() && found.failures().isEmpty());
    CacheConfigurationException e =
        assertThrows(CacheConfigurationException.class, () -> found.provider("memory"));
    assertEquals("no tier provider with id 'memory' on the module layer; ids found: none",
        e.getMessage());
  }

  @Test
  void nullArgumentsAreRefused() {
    assertThrows(NullPointerException.class, () -> TierDiscovery.scan((ClassLoader) null));
    assertThrows(NullPointerException.class, () -> TierDiscovery.scan((ModuleLayer) null));
    assertThrows(NullPointerException.class, () -> TierDiscovery.scan().find(null));
    assertThrows(NullPointerException.class, () -> TierDiscovery.scan().provider(null));
  }

  @Test
  void failureReasonNeverShowsASecret() {
    TierLoadFailure failure = new TierLoadFailure("x.Provider", "/jars/x.jar",
        "could not be instantiated: connecting with password=hunter2 failed", null);
    assertFalse(failure.toString().contains("hunter2"), failure::toString);
    assertTrue(failure.cause().isEmpty());
  }

  private static TierDiscovery scan(String... fixtures) throws IOException {
    URL[] urls = new URL[fixtures.length];
    for (int i = 0; i < fixtures.length; i++) {
      urls[i] = built.get(fixtures[i]).toUri().toURL();
    }
    try (URLClassLoader loader =
        new URLClassLoader(urls, TierDiscoveryTest.class.getClassLoader())) {
      return TierDiscovery.scan(loader);
    }
  }

  private static TierLoadFailure only(List<TierLoadFailure> failures) {
    assertEquals(1, failures.size(), failures::toString);
    return failures.get(0);
  }
}
