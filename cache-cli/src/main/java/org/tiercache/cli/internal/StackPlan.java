package org.tiercache.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.tiercache.api.CacheConfigurationException;
import org.tiercache.api.CacheException;
import org.tiercache.api.TierConfig;
import org.tiercache.tiered.SizeRule;
import org.tiercache.tiered.TieredCacheSpec;

/**
 * The stack a command works on, tier by tier: which provider, with which settings and size rule,
 * and the composer's options; {@link #open()} builds it.
 *
 * <p>The command needs each tier's settings (a disk tier's folder, for {@code verify} and the oldest
 * entry) and each tier's instance (its capacity, for {@code stat}). So a spec is parsed by the
 * composer ({@link TieredCacheSpec}, which checks it and words every error), its tiers are taken
 * from there, and the stack is built from them with the composer's builder.
 *
 * <p>The text of the plan may hold a secret (a Redis password): {@link #toString()} masks it, as do
 * the sources of its tiers.
 */
public final class StackPlan {
  /** The tier id whose folders {@code verify} and {@code stat} read: the disk tier's. */
  public static final String DISK = "disk";
  /** The disk tier's folder setting. */
  public static final String DIR = "dir";

  private final String text;
  private final List<PlannedTier> tiers;
  private final boolean writeThrough;
  private final boolean spill;

  private StackPlan(String text, List<PlannedTier> tiers, boolean writeThrough, boolean spill) {
    this.text = text;
    this.tiers = List.copyOf(tiers);
    this.writeThrough = writeThrough;
    this.spill = spill;
  }

  /**
   * One tier of the plan.
   *
   * @param id the provider id, such as {@code disk}
   * @param config its settings
   * @param rule the sizes it takes
   * @param source how the user wrote it, for messages
   */
  public record PlannedTier(String id, TierConfig config, SizeRule rule, String source) {
    /**
     * Returns the disk folder of this tier, if it is a disk tier.
     *
     * @return the {@code dir} setting of a {@code disk} tier, or empty
     */
    public Optional<Path> diskFolder() {
      return id.equals(DISK) ? config.get(DIR).map(Path::of) : Optional.empty();
    }
  }

  /**
   * The embedded default: {@code memory(capacity=64MB) < 100KB ; disk(dir=DIR,capacity=1GB) any ;
   * options(write-through)}.
   *
   * <p>A command lives for a moment, so a memory tier alone would forget everything between two
   * commands: every put also goes to the disk tier (write-through, disk rule {@code any}), and the
   * memory tier only serves what one command reads twice. No TTL: content under its digest never
   * goes stale, and the disk tier's capacity bounds the folder (least recently used goes first).
   * Built with the Java API rather than the string form, so any folder name works, even one holding
   * spaces or parentheses.
   *
   * @param dir the disk tier's folder
   * @return the plan
   */
  public static StackPlan embeddedDefault(Path dir) {
    Objects.requireNonNull(dir, "dir must not be null");
    String folder = dir.toAbsolutePath().normalize().toString();
    TierConfig memory = TierConfig.builder().capacity("64MB").build();
    TierConfig disk = TierConfig.builder().capacity("1GB").set(DIR, folder).build();
    // The folder as the string form writes it (quoted if it holds a space, a comma...), so that
    // the text shown reads back as the same stack.
    String dirSetting = TierConfig.builder().set(DIR, folder).build().toSpecString();
    List<PlannedTier> tiers = List.of(
        new PlannedTier("memory", memory, SizeRule.below("100KB"), "memory(capacity=64MB) < 100KB"),
        new PlannedTier(DISK, disk, SizeRule.any(), "disk(" + dirSetting + ",capacity=1GB) any"));
    return new StackPlan(tiers.get(0).source() + " ; " + tiers.get(1).source()
        + " ; options(write-through)", tiers, true, false);
  }

  /**
   * Reads the composer's string form, such as
   * {@code memory(capacity=50MB) < 100KB ; disk(dir=/var/cache/att)}.
   *
   * @param spec the string form (grammar in {@link TieredCacheSpec})
   * @return the plan
   * @throws CacheConfigurationException with the composer's message if the spec is malformed
   */
  public static StackPlan parse(String spec) {
    Objects.requireNonNull(spec, "spec must not be null");
    TieredCacheSpec checked = TieredCacheSpec.parse(spec);
    List<PlannedTier> tiers = new ArrayList<>();
    for (TieredCacheSpec.Tier tier : checked.tiers()) {
      tiers.add(new PlannedTier(tier.id(), tier.config(), tier.rule(), tier.source()));
    }
    return new StackPlan(spec.trim(), tiers, checked.writeThrough(), checked.spill());
  }

  /**
   * Returns this plan with a setting added to (or replaced in) every tier of one provider, such as
   * {@code verify=always} for every disk tier.
   *
   * @param id the provider id
   * @param key the setting's key
   * @param value its value
   * @return a new plan
   */
  public StackPlan withSetting(String id, String key, String value) {
    List<PlannedTier> changed = new ArrayList<>();
    for (PlannedTier tier : tiers) {
      if (!tier.id().equals(id)) {
        changed.add(tier);
        continue;
      }
      TierConfig config = tier.config().toBuilder().set(key, value).build();
      changed.add(new PlannedTier(id, config, tier.rule(), tier.source()));
    }
    return new StackPlan(text, changed, writeThrough, spill);
  }

  /**
   * Returns this plan with write-through on: every put goes to every tier whose rule accepts the
   * size, so that one that outlives the command holds it too.
   *
   * @return this plan if it writes through already, else a new plan
   */
  public StackPlan withWriteThrough() {
    return writeThrough ? this : new StackPlan(text, tiers, true, spill);
  }

  /**
   * Returns the tiers, fastest first.
   *
   * @return the tiers; never empty
   */
  public List<PlannedTier> tiers() {
    return tiers;
  }

  /**
   * Tells whether puts go to every tier whose rule accepts the size.
   *
   * @return the write-through option
   */
  public boolean writeThrough() {
    return writeThrough;
  }

  /**
   * Tells whether evictions spill to lower tiers.
   *
   * @return the spill option
   */
  public boolean spill() {
    return spill;
  }

  /**
   * Returns the folders of the disk tiers, fastest first.
   *
   * @return the folders, possibly none
   */
  public List<Path> diskFolders() {
    return tiers.stream().flatMap(t -> t.diskFolder().stream()).toList();
  }

  /**
   * Creates every tier and stacks them.
   *
   * @return the open stack, which the caller closes
   * @throws CacheConfigurationException if a tier id has no provider on the module path (the
   *     message lists the ids found) or a tier refuses its settings
   * @throws CacheException if a tier cannot open its storage
   */
  public OpenStack open() {
    return OpenStack.open(this);
  }

  /**
   * Returns the stack in the string form, as given or as the embedded default reads, with every
   * secret masked ({@link TierConfig#redact}).
   *
   * @return the text, to show
   */
  @Override
  public String toString() {
    return TierConfig.redact(text);
  }
}
