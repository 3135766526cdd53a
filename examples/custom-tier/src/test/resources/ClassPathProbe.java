import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

/** Run on the class path only: finds the deflate tier through META-INF/services. */
public class ClassPathProbe {
  public static void main(String[] args) {
    if (ClassPathProbe.class.getModule().isNamed()
        || CacheTierProvider.class.getModule().isNamed()) {
      throw new AssertionError("expected to run on the class path");
    }
    try (CacheTier tier = TierDiscovery.scan().provider("deflate").create(TierConfig.parse("capacity=1MB"))) {
      System.out.println("found " + tier.id() + " on the class path");
    }
    try {
      TierDiscovery.scan().provider("absent");
    } catch (RuntimeException e) {
      System.out.println(e.getMessage());
    }
  }
}
