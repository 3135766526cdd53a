import org.tiercache.api.CacheException;
import org.tiercache.tiered.TieredCache;

/**
 * A user's program in one file: builds a stack from its string form with whatever tiers the module
 * path holds. Run in source-file mode, it lives in the unnamed module, which reads every module that
 * --add-modules resolved.
 */
public class StackCheck {
  public static void main(String[] args) {
    try (TieredCache stack = TieredCache.fromSpec(args[0])) {
      System.out.println("built: " + stack.tierStats().size() + " tiers");
    } catch (CacheException e) {
      System.out.println("refused: " + e.getMessage());
      System.exit(3);
    }
  }
}
