package org.tiercache.tck.internal;

import java.lang.instrument.Instrumentation;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;

/**
 * Lets lincheck read the fields of a tier that lives in a named module.
 *
 * <p>Lincheck walks the object graph of what it checks by reflection, and a named module (a tier's
 * own, {@code org.tiercache.api}) does not open its packages to lincheck, which is on the class
 * path: lincheck then fails with an {@code InaccessibleObjectException} before running anything.
 * Rather than have every tier's build pass {@code --add-opens} for each of its packages, the kit
 * opens the packages of the application's named modules (those of the boot layer that are not the
 * JDK's) to lincheck's module, through the instrumentation lincheck's own agent installs. This
 * changes the test JVM only, for its remaining life; it happens once.
 */
final class LincheckAccess {
  private static boolean opened;

  private LincheckAccess() {}

  static synchronized void openApplicationModules() {
    if (opened) {
      return;
    }
    Module lincheck = ModelCheckingOptions.class.getModule();
    Instrumentation instrumentation = ByteBuddyAgent.install();
    for (Module module : ModuleLayer.boot().modules()) {
      String name = module.getName();
      if (name.startsWith("java.") || name.startsWith("jdk.")) {
        continue;
      }
      Map<String, Set<Module>> opens = new HashMap<>();
      for (String pkg : module.getPackages()) {
        if (!module.isOpen(pkg, lincheck)) {
          opens.put(pkg, Set.of(lincheck));
        }
      }
      if (!opens.isEmpty()) {
        instrumentation.redefineModule(module, Set.of(), Map.of(), opens, Set.of(), Map.of());
      }
    }
    opened = true;
  }
}
