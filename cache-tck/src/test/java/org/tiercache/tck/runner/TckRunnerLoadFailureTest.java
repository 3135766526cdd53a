package org.tiercache.tck.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheTierProvider;

/**
 * The runner lists every tier provider that was found but did not load, with its jar and reason, and
 * without {@code --tier} counts each as a failure of the run: a tier the user put on the class path
 * to be checked was not. The broken providers are listed in a services file of a class-path folder
 * of the test's own, put in front of the runner through the thread's context class loader, which
 * discovery reads.
 */
final class TckRunnerLoadFailureTest {
  private static final String SERVICES = "META-INF/services/" + CacheTierProvider.class.getName();
  private static final String MISSING = "org.tiercache.tck.NoSuchTierProvider";
  private static final String UNLOADABLE = UnloadableTierProvider.class.getName();

  @TempDir
  Path folder;

  @Test
  void providersThatFailToLoadFailTheRunEvenWhenNothingElseIsFound() throws IOException {
    // Over the platform loader only, neither class can be loaded: both are named as not found, with
    // the folder whose services file lists them.
    String output = run(ClassLoader.getPlatformClassLoader(), TckRunner.FAILED);
    assertTrue(output.contains("failed to load: " + MISSING + " at " + folder + ": not found"),
        output);
    assertTrue(output.contains("failed to load: " + UNLOADABLE + " at " + folder + ": not found"),
        output);
    assertTrue(output.contains("FAILED: 2 tier provider(s) failed to load, none loaded"), output);
  }

  @Test
  void everyProviderThatFailedToLoadIsListedAndCountedBesideTheTiersChecked() throws IOException {
    String output = run(TckRunnerLoadFailureTest.class.getClassLoader(), TckRunner.FAILED);
    String classes = Path.of(UnloadableTierProvider.class.getProtectionDomain().getCodeSource()
        .getLocation().getPath()).toString();
    assertTrue(output.contains("failed to load: " + UNLOADABLE + " at " + classes
        + ": could not be instantiated: java.lang.IllegalStateException: cannot read"
        + " unloadable.properties"), output);
    assertTrue(output.contains("failed to load: " + MISSING + " at " + folder + ": not found"),
        output);
    assertTrue(output.lines().anyMatch(l -> l.startsWith("reference ")),
        () -> "the tiers that loaded are checked:\n" + output);
    assertTrue(output.lines().anyMatch(l -> l.startsWith("FAILED: ")
        && l.endsWith("; 2 tier provider(s) failed to load")), output);
  }

  @Test
  void withTierTheOthersThatFailedAreListedButDoNotFailTheRun() throws IOException {
    String output = run(TckRunnerLoadFailureTest.class.getClassLoader(), TckRunner.PASSED,
        "--tier", "reference");
    assertTrue(output.contains("not checked, failed to load: " + UNLOADABLE + " at "), output);
    assertTrue(output.contains("not checked, failed to load: " + MISSING + " at " + folder),
        output);
  }

  @Test
  void namingATierThatFailedToLoadSaysWhyItIsMissing() throws IOException {
    String output = run(TckRunnerLoadFailureTest.class.getClassLoader(), TckRunner.NOT_RUN,
        "--tier", "unloadable");
    assertTrue(output.contains("error: no tier provider with id 'unloadable'"), output);
    assertTrue(output.contains("; failed to load: "), output);
    assertTrue(output.contains(UNLOADABLE + " at "), output);
    assertTrue(output.contains("could not be instantiated: java.lang.IllegalStateException: cannot"
        + " read unloadable.properties"), output);
  }

  private String run(ClassLoader parent, int expectedStatus, String... args) throws IOException {
    Files.createDirectories(folder.resolve(SERVICES).getParent());
    Files.writeString(folder.resolve(SERVICES), MISSING + "\n" + UNLOADABLE + "\n");
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    StringWriter text = new StringWriter();
    int status;
    try (URLClassLoader loader = new URLClassLoader(new URL[] {folder.toUri().toURL()}, parent)) {
      thread.setContextClassLoader(loader);
      status = TckRunner.run(new PrintWriter(text), args);
    } finally {
      thread.setContextClassLoader(before);
    }
    String output = text.toString();
    Supplier<String> shown = () -> output;
    assertEquals(expectedStatus, status, shown);
    return output;
  }
}
