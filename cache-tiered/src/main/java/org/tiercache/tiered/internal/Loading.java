package org.tiercache.tiered.internal;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;

/**
 * The work of the caller that loads a missing key for everyone waiting on it (the leader of a
 * single flight): look again, load, check the content against its key, store it.
 */
public final class Loading {
  private static final Logger LOG = LoggerFactory.getLogger(ComposerLog.NAME);

  private Loading() {}

  /** Fetches the content of a key, as the composer's loader does. */
  @FunctionalInterface
  public interface Fetch {
    /**
     * Fetches content.
     *
     * @param key the key
     * @return the content, or {@code null} if there is none
     * @throws Exception if fetching fails
     */
    byte[] load(ContentKey key) throws Exception;
  }

  /**
   * Loads a key.
   *
   * @param key the key
   * @param fetch the caller's loader
   * @param lookUp reads the stack, for content a flight stored since this caller missed
   * @param store puts checked content into the stack; throws {@link CacheException} if it fails
   * @return the content, read-only, or {@code null} if the loader found none
   * @throws CacheException if the loader failed or its content does not match the key; nothing is
   *     cached then
   */
  public static ByteBuffer load(ContentKey key, Fetch fetch, Function<ContentKey, ByteBuffer> lookUp,
      Consumer<byte[]> store) {
    // A flight for this key may have stored the content between this caller's miss and its becoming
    // leader; looking again means a finished load is not repeated.
    ByteBuffer stored = lookUp.apply(key);
    if (stored != null) {
      return stored;
    }
    byte[] loaded;
    try {
      loaded = fetch.load(key);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CacheException("loading " + key + " was interrupted; nothing was cached", e);
    } catch (Exception e) {
      throw new CacheException("loading " + key + " failed: " + e + "; nothing was cached", e);
    }
    if (loaded == null) {
      return null;
    }
    // Our own copy: the loader may reuse its array, and this one is handed out to every caller.
    byte[] content = loaded.clone();
    if (!key.matches(content)) {
      ContentKey actual = ContentKey.compute(key.algorithm(), content);
      throw new CacheException("content loaded for " + key + " does not match the key: its "
          + key.algorithm().label() + " digest is " + actual.hex() + " (" + content.length
          + " bytes); nothing was cached");
    }
    try {
      store.accept(content);
    } catch (CacheException e) {
      // The callers asked for the content, which is here and checked; that the stack could not
      // keep it is the stack's to report, as for a failure absorbed by another tier.
      LOG.warn("loaded {} but could not cache it: {}", key, e.getMessage());
    }
    return ByteBuffer.wrap(content).asReadOnlyBuffer();
  }
}
