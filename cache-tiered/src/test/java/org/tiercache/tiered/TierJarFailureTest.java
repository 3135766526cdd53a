package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheConfigurationException;

/**
 * A stack naming a tier whose jar was found but did not load says so, naming the jar and the reason,
 * rather than only that the id is unknown. The jar here is a class-path folder whose services file
 * names a provider class it does not hold, put in front of discovery through the thread's context
 * class loader.
 */
final class TierJarFailureTest {
  private static final String SERVICES = "META-INF/services/org.tiercache.api.CacheTierProvider";

  @TempDir
  Path folder;

  @Test
  void stackNamingATierWhoseJarFailedToLoadNamesTheJarAndTheReason() throws IOException {
    Files.createDirectories(folder.resolve(SERVICES).getParent());
    Files.writeString(folder.resolve(SERVICES), "org.example.deflate.DeflateTierProvider\n");
    TieredCache.Builder builder =
        TieredCacheSpec.parse("memory(capacity=1MB) < 1KB ; deflate").toBuilder();
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    CacheConfigurationException e;
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {folder.toUri().toURL()}, before)) {
      thread.setContextClassLoader(loader);
      e = assertThrows(CacheConfigurationException.class, builder::build);
    } finally {
      thread.setContextClassLoader(before);
    }
    assertTrue(e.getMessage().startsWith("tier 2 'deflate' of the tiered cache: no tier provider"
        + " with id 'deflate' on the module path; ids found: disk, memory, tiered"),
        e.getMessage());
    assertTrue(e.getMessage().endsWith("; failed to load: org.example.deflate.DeflateTierProvider"
        + " at " + folder + ": not found"), e.getMessage());
  }
}
