package org.tiercache.cli.command;

import java.lang.module.ModuleDescriptor;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version of module {@code org.tiercache.cli}, as its jar records it. */
final class ModuleVersion implements IVersionProvider {
  @Override
  public String[] getVersion() {
    ModuleDescriptor descriptor = ModuleVersion.class.getModule().getDescriptor();
    String version = descriptor == null ? "unknown"
        : descriptor.rawVersion().orElse("unknown");
    return new String[] {"tiercache " + version + " (Java " + Runtime.version() + ")"};
  }
}
