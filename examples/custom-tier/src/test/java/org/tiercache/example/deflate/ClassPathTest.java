package org.tiercache.example.deflate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A class-path user (no module-info of their own, jars on {@code -cp}) finds the tier too: there
 * {@code provides} is ignored and only {@code META-INF/services} counts.
 */
final class ClassPathTest {

  @Test
  void theTierIsFoundOnTheClassPathThroughTheServicesFile() throws Exception {
    // Surefire runs these tests on the module path; the same entries serve as a class path.
    String modulePath = System.getProperty("jdk.module.path");
    assertTrue(modulePath != null && !modulePath.isEmpty(), "tests run on the module path");
    Path probe = Path.of(ClassPathTest.class.getResource("/ClassPathProbe.java").toURI());
    Process process = new ProcessBuilder(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", modulePath, probe.toString()))
        .redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), output);
    assertEquals(0, process.exitValue(), output);
    assertTrue(output.contains("found deflate on the class path"), output);
    assertTrue(output.contains("no tier provider with id 'absent' on the class path (a tier jar "
        + "must list its provider in META-INF/services/org.tiercache.api.CacheTierProvider)"),
        () -> "a class-path user is told where providers are looked for: " + output);
  }
}
