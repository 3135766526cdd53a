package org.tiercache.disk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierCapability;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

final class ProviderSettingsTest {
  @TempDir
  Path dir;
  private final AtomicLong clock = new AtomicLong(1_000);

  @Test
  void providerIsFoundByIdThroughTheModuleDescriptor() {
    CacheTierProvider provider = TierDiscovery.scan().provider("disk");
    assertInstanceOf(DiskTierProvider.class, provider);
    assertEquals(Map.of("dir", dir.toString()), provider.scratchSettings(dir));
  }

  @Test
  void missingDirIsRefusedNamingTheSetting() {
    CacheException e = assertThrows(CacheConfigurationException.class,
        () -> new DiskTierProvider().create(TierConfig.defaults()));
    assertTrue(e.getMessage().contains("'dir'"), e.getMessage());
  }

  @Test
  void unknownSettingIsRefusedNamingIt() {
    CacheException e = assertThrows(CacheException.class,
        () -> Folders.open(dir, clock, "shared=true"));
    assertTrue(e.getMessage().contains("'shared'"), e.getMessage());
  }

  @Test
  void badPolicyValuesAreRefusedNamingThem() {
    CacheException fsync = assertThrows(CacheException.class,
        () -> Folders.open(dir, clock, "fsync=sometimes"));
    assertTrue(fsync.getMessage().contains("'fsync'") && fsync.getMessage().contains("sometimes"),
        fsync.getMessage());
    CacheException verify = assertThrows(CacheException.class,
        () -> Folders.open(dir, clock, "verify=maybe"));
    assertTrue(verify.getMessage().contains("'verify'"), verify.getMessage());
    CacheException interval = assertThrows(CacheException.class,
        () -> Folders.open(dir, clock, "fsync.interval=0s"));
    assertTrue(interval.getMessage().contains("'fsync.interval'"), interval.getMessage());
  }

  @Test
  void fileWhereTheFolderShouldBeIsRefusedNamingIt() throws Exception {
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    CacheException e = assertThrows(CacheException.class, () -> Folders.open(file, clock, ""));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
  }

  @Test
  void folderUnderAFileCannotBeCreatedAndIsNamed() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Path below = file.resolve("cache");
    CacheException e = assertThrows(CacheException.class, () -> Folders.open(below, clock, ""));
    assertTrue(e.getMessage().contains(below.toString()), e.getMessage());
  }

  @Test
  void missingFolderIsCreatedWhenItsParentExists() {
    Path fresh = dir.resolve("a").resolve("b");
    try (CacheTier tier = Folders.open(fresh, clock, "")) {
      assertTrue(Files.isDirectory(fresh));
      assertEquals(DiskSettings.DEFAULT_CAPACITY, tier.capacityBytes());
      assertEquals(EnumSet.of(TierCapability.PERSISTENT, TierCapability.STREAMING,
          TierCapability.LISTING),
          tier.capabilities());
    }
  }

  @Test
  @SuppressWarnings("try") // the first tier only holds the lock
  void secondOpenerOfAFolderGetsTheLockErrorNamingIt() {
    try (CacheTier first = Folders.open(dir, clock, "")) {
      CacheException e = assertThrows(CacheException.class, () -> Folders.open(dir, clock, ""));
      assertTrue(e.getMessage().contains(dir.toString()) && e.getMessage().contains("in use"),
          e.getMessage());
    }
    // Released at close: the folder opens again.
    Folders.open(dir, clock, "").close();
  }
}
