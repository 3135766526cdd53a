package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * What a namespace really holds, read with a plain client behind the tier's back (SCAN of the
 * content keys, the whole of meta, lru and wt): the yardstick the healing tests hold the tier's
 * bookkeeping to.
 *
 * @param content each content key's entry id and its length
 * @param meta each entry id in meta and the size it records
 * @param lru the ids in lru
 * @param wt the ids in wt
 * @param counter the byte counter, or {@code null} if the key is missing
 */
record NamespaceTruth(Map<String, Long> content, Map<String, Long> meta, Set<String> lru,
    Set<String> wt, Long counter) {

  /** Reads the namespace {@code prefix} on the server the client is connected to. */
  static NamespaceTruth read(Jedis plain, String prefix) {
    String tag = "{" + prefix + "}:";
    Map<String, Long> content = new TreeMap<>();
    scan(cursor -> plain.scan(cursor, new ScanParams().match(tag + "c:*").count(500)),
        key -> content.put(key.substring((tag + "c:").length()), plain.strlen(key)));
    Map<String, Long> meta = new TreeMap<>();
    plain.hgetAll(tag + "meta").forEach((id, value) ->
        meta.put(id, Long.parseLong(value.substring(19))));
    Set<String> lru = new HashSet<>(plain.zrange(tag + "lru", 0, -1));
    Set<String> wt = new HashSet<>(plain.zrange(tag + "wt", 0, -1));
    String counter = plain.get(tag + "bytes");
    return new NamespaceTruth(content, meta, lru, wt,
        counter == null ? null : Long.parseLong(counter));
  }

  /** Returns the sum of the lengths of the content really there. */
  long contentBytes() {
    return content.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Asserts that the bookkeeping describes exactly the content on the server: every content key
   * has its entry with its true size and every entry its content, the sets hold exactly the
   * entries, and the counter (and the tier's own reading of it) is the sum of the real lengths.
   */
  void assertConsistent(long tierSizeBytes, String context) {
    assertTrue(content.equals(meta), () -> context + ": entries and content differ: " + this);
    assertTrue(meta.keySet().equals(lru), () -> context + ": lru differs from the entries: " + this);
    assertTrue(meta.keySet().equals(wt), () -> context + ": wt differs from the entries: " + this);
    long real = contentBytes();
    assertEquals(real, counter == null ? 0 : counter,
        () -> context + ": the counter is not the sum of the real content: " + this);
    assertEquals(real, tierSizeBytes, () -> context + ": the tier reports another size: " + this);
  }

  private static void scan(java.util.function.Function<String, ScanResult<String>> page,
      Consumer<String> each) {
    String cursor = ScanParams.SCAN_POINTER_START;
    Set<String> seen = new HashSet<>();
    do {
      ScanResult<String> result = page.apply(cursor);
      for (String key : result.getResult()) {
        if (seen.add(key)) {
          each.accept(key);
        }
      }
      cursor = result.getCursor();
    } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
  }

  @Override
  public String toString() {
    Map<String, Long> onlyContent = new HashMap<>(content);
    meta.keySet().forEach(onlyContent::remove);
    Map<String, Long> onlyMeta = new HashMap<>(meta);
    content.keySet().forEach(onlyMeta::remove);
    long wrongSize = meta.entrySet().stream().filter(e -> content.containsKey(e.getKey())
        && !content.get(e.getKey()).equals(e.getValue())).count();
    return "content " + content.size() + " keys, " + contentBytes() + " B; meta " + meta.size()
        + "; lru " + lru.size() + "; wt " + wt.size() + "; counter " + counter
        + "; content without entry " + onlyContent.size() + "; entries without content "
        + onlyMeta.size() + "; wrong sizes " + wrongSize;
  }
}
