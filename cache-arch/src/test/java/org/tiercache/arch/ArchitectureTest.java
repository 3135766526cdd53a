package org.tiercache.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Layering rules over every module at once. This module depends on all of them (through the
 * distribution), so it is the one place where a rule can see a dependency between two modules.
 */
final class ArchitectureTest {
  /** The command-line entry point of the kit, allowed to touch System.out in its main. */
  private static final String TCK_RUNNER = "org.tiercache.tck.runner.TckRunner";
  /** The kit's crash-test child process, whose standard output is its protocol with the parent. */
  private static final String CRASH_WRITER = "org.tiercache.tck.internal.CrashWriter";
  /** The command-line tool: a terminal program, not library code. */
  private static final String CLI_PACKAGES = "org.tiercache.cli..";

  private static JavaClasses classes;

  @BeforeAll
  static void importProductionClasses() {
    classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("org.tiercache");
  }

  @Test
  void importSeesEveryModuleOfTheDistribution() {
    // A rule over an empty import passes vacuously; make sure each module contributed classes.
    Set<String> modules = DistributionFolder.tiercacheModuleNames();
    assertFalse(modules.isEmpty(), "no tiercache module found in " + DistributionFolder.path());
    for (String module : modules) {
      assertTrue(classes.stream().anyMatch(c -> c.getPackageName().startsWith(module)),
          "the import holds no class of module " + module);
    }
  }

  @Test
  void apiDependsOnTheJdkOnly() {
    classes().that().resideInAPackage("org.tiercache.api..")
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.tiercache.api..")
        .check(classes);
  }

  @Test
  void noModuleDependsOnTheClassesOfATierModule() {
    Set<String> tiers = DistributionFolder.tierModuleNames();
    assertFalse(tiers.isEmpty(), "no tier module found in " + DistributionFolder.path());
    for (String tier : tiers) {
      noClasses().that().resideOutsideOfPackage(tier + "..")
          .should().dependOnClassesThat().resideInAPackage(tier + "..")
          .because("tiers are found through ServiceLoader, never by their classes")
          .check(classes);
    }
  }

  @Test
  void modulesAreFreeOfCycles() {
    slices().matching("org.tiercache.(*)..").should().beFreeOfCycles().check(classes);
  }

  @Test
  void packagesAreFreeOfCyclesInsideEveryModule() {
    packagesFreeOfCycles().check(classes);
  }

  /**
   * One slice per package, not per module: the module rule above cannot see a cycle between two
   * packages of one module, such as the composer's exported package and its internal one (issue 12),
   * or the kit's suites and its runner (the runner's provider-driven suites extend the public ones,
   * so the runner lives in {@code tck.runner}, apart from the suites it uses). No exception.
   */
  static ArchRule packagesFreeOfCycles() {
    return slices().matching("org.tiercache.(**)").should().beFreeOfCycles();
  }

  @Test
  void theKitsPackagesDependOneWay() {
    // The cycle rule forbids a way back between two packages; this pins the direction of the cut:
    // runner -> runner.internal -> suites -> tck.internal, so a suite never needs the runner.
    noClasses().that().resideInAnyPackage("org.tiercache.tck", "org.tiercache.tck.internal")
        .should().dependOnClassesThat().resideInAPackage("org.tiercache.tck.runner..")
        .because("a tier's own tests extend the suites without the runner")
        .check(classes);
    noClasses().that().resideInAPackage("org.tiercache.tck.internal")
        .should().dependOnClassesThat().resideInAPackage("org.tiercache.tck")
        .because("the suites' helpers are used by the suites, never the other way")
        .check(classes);
  }

  @Test
  void libraryCodeLogsThroughSlf4jOnly() {
    noClasses().that().doNotHaveFullyQualifiedName(TCK_RUNNER)
        .and().doNotHaveFullyQualifiedName(CRASH_WRITER)
        .and().resideOutsideOfPackage(CLI_PACKAGES)
        .should().accessField(System.class, "out")
        .orShould().accessField(System.class, "err")
        .orShould().callMethod(Throwable.class, "printStackTrace")
        .because("library code logs through SLF4J; only command-line programs write to a terminal")
        .check(classes);
    NO_CLASSES_SHOULD_USE_JAVA_UTIL_LOGGING.check(classes);
  }
}
