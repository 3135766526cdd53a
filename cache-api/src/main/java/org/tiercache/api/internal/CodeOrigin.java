package org.tiercache.api.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ResolvedModule;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Enumeration;
import java.util.Optional;

/**
 * Where a class's code came from and which version it is, in the words a user looks for on disk: the
 * jar or folder, and the version its module or manifest records. Used to show the tier providers
 * found, and the ones that failed, so that a user can tell which jar to fix or remove.
 */
public final class CodeOrigin {
  /** What an origin or version that cannot be told is shown as. */
  public static final String UNKNOWN = "unknown";

  private static final String SERVICES_FILE =
      "META-INF/services/org.tiercache.api.CacheTierProvider";

  private CodeOrigin() {}

  /**
   * Returns the version of a class's code: its module's descriptor version, else its package's
   * {@code Implementation-Version}, else {@value #UNKNOWN}.
   *
   * @param type the class
   * @return the version, never {@code null}
   */
  public static String version(Class<?> type) {
    Module module = type.getModule();
    ModuleDescriptor descriptor = module.getDescriptor();
    if (descriptor != null) {
      Optional<String> version = descriptor.rawVersion();
      if (version.isPresent()) {
        return version.get();
      }
    }
    Package pkg = type.getPackage();
    if (pkg != null && pkg.getImplementationVersion() != null) {
      return pkg.getImplementationVersion();
    }
    return UNKNOWN;
  }

  /**
   * Returns the jar or folder a class was loaded from: its module's location in its layer, else its
   * code source, else {@value #UNKNOWN}.
   *
   * @param type the class
   * @return a file path for a local jar or folder, a URI otherwise, never {@code null}
   */
  public static String location(Class<?> type) {
    Module module = type.getModule();
    if (module.isNamed() && module.getLayer() != null) {
      Optional<URI> uri = module.getLayer().configuration().findModule(module.getName())
          .map(ResolvedModule::reference).flatMap(reference -> reference.location());
      if (uri.isPresent()) {
        return shown(uri.get());
      }
    }
    // Reading the protection domain needs a permission only under a security manager, which Java 17
    // still allows; without one the location is simply not known.
    try {
      ProtectionDomain domain = type.getProtectionDomain();
      CodeSource source = domain == null ? null : domain.getCodeSource();
      if (source != null && source.getLocation() != null) {
        return shown(source.getLocation().toURI());
      }
    } catch (SecurityException | URISyntaxException e) {
      return UNKNOWN;
    }
    return UNKNOWN;
  }

  /**
   * Returns the jar or folder whose services file names a provider class, for a class that could not
   * be loaded and so has no location of its own (a class-path jar listing a class it does not hold).
   *
   * @param loader the loader that read the services files
   * @param className the provider class the file names
   * @return the jar or folder, or {@value #UNKNOWN} if no services file names the class
   */
  public static String listing(ClassLoader loader, String className) {
    try {
      Enumeration<URL> files = loader == null
          ? ClassLoader.getSystemResources(SERVICES_FILE) : loader.getResources(SERVICES_FILE);
      while (files.hasMoreElements()) {
        URL file = files.nextElement();
        if (names(file, className)) {
          return root(file);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Only a better message is lost: the failure is still reported, with an unknown location.
      return UNKNOWN;
    }
    return UNKNOWN;
  }

  private static boolean names(URL file, String className) throws IOException {
    try (InputStream in = file.openStream();
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        int comment = line.indexOf('#');
        String name = (comment < 0 ? line : line.substring(0, comment)).trim();
        if (name.equals(className)) {
          return true;
        }
      }
    }
    return false;
  }

  // jar:file:/x/tier.jar!/META-INF/services/... is the jar /x/tier.jar;
  // file:/x/classes/META-INF/services/... is the folder /x/classes.
  private static String root(URL file) {
    String text = file.toString();
    try {
      if (text.startsWith("jar:")) {
        int bang = text.indexOf("!/");
        return shown(new URI(text.substring("jar:".length(), bang < 0 ? text.length() : bang)));
      }
      if (text.endsWith(SERVICES_FILE)) {
        return shown(new URI(text.substring(0, text.length() - SERVICES_FILE.length())));
      }
      return shown(file.toURI());
    } catch (URISyntaxException e) {
      return text;
    }
  }

  private static String shown(URI uri) {
    if ("file".equalsIgnoreCase(uri.getScheme())) {
      try {
        return Path.of(uri).toString();
      } catch (IllegalArgumentException | FileSystemNotFoundException e) {
        return uri.toString();
      }
    }
    return uri.toString();
  }
}
