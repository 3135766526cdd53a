package org.tiercache.arch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.junit.jupiter.api.Test;

/**
 * The rule that forbids cycles between the packages of a module fails on one: two packages of test
 * fixtures ({@code fixture.cycle.one} and {@code two}) that call each other. A rule that could not
 * fail would let the composer's old cycle back in unseen.
 */
final class PackageCycleRuleTest {
  @Test
  void aCycleBetweenTwoPackagesOfOneModuleFailsTheRule() {
    JavaClasses fixtures = new ClassFileImporter()
        .importPackages("org.tiercache.arch.fixture.cycle");

    AssertionError e = assertThrows(AssertionError.class,
        () -> ArchitectureTest.packagesFreeOfCycles().check(fixtures));

    assertTrue(e.getMessage().contains("Cycle detected"), e.getMessage());
    assertTrue(e.getMessage().contains("fixture.cycle.one") && e.getMessage().contains(
        "fixture.cycle.two"), e.getMessage());
  }
}
