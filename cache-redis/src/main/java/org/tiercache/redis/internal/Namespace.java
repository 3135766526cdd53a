package org.tiercache.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import org.tiercache.api.ContentKey;

/**
 * The keys one cache uses on the server, all under its prefix {@code P}, which is wrapped in braces
 * so that every key of one cache hashes to one Redis Cluster slot:
 * <pre>
 * {P}:c:sha256:&lt;hex&gt;   string  an entry's content, with the backstop expiry
 * {P}:meta             hash    entry id -> write time (19 digits of epoch nanoseconds) + size
 * {P}:lru              zset    entry id -> use tick; lowest = least recently used
 * {P}:wt               zset    entry id -> write time in microseconds; lowest = oldest write
 * {P}:bytes            string  the sum of the sizes in meta
 * {P}:tick             string  the use counter
 * {P}:recount          hash    a recount of the bytes under way (see Reconciler)
 * {P}:reconciled       string  the server's time (ms) when the last recount finished
 * {P}:stats            hash    the counters of every client, and since when (see SharedCounts)
 * </pre>
 * Only content keys carry an expiry.
 * An entry id is the content key's text, such as {@code sha256:9f86...}: only {@code 0-9a-z:}, so
 * no id can reach outside the prefix.
 */
final class Namespace {
  private final String prefix;
  private final List<byte[]> scriptKeys;
  private final byte[] contentPrefix;

  Namespace(String prefix) {
    this.prefix = prefix;
    String tag = "{" + prefix + "}:";
    // The order the scripts expect: KEYS[1] to KEYS[7] of common.lua.
    this.scriptKeys = List.of(bytes(tag + "meta"), bytes(tag + "lru"), bytes(tag + "wt"),
        bytes(tag + "bytes"), bytes(tag + "tick"), bytes(tag + "recount"),
        bytes(tag + "reconciled"));
    this.contentPrefix = bytes(tag + "c:");
  }

  /** Returns the bookkeeping keys every script is given, in the order it expects. */
  List<byte[]> scriptKeys() {
    return scriptKeys;
  }

  /** Returns the prefix of content keys, {@code {P}:c:}, which every script gets as ARGV[1]. */
  byte[] contentPrefix() {
    return contentPrefix;
  }

  /** Returns an entry's id in the bookkeeping. */
  static byte[] id(ContentKey key) {
    return bytes(key.toString());
  }

  /** Returns the key of an entry's content: the content prefix followed by the entry's id. */
  byte[] contentKey(ContentKey key) {
    return bytes("{" + prefix + "}:c:" + key);
  }

  @Override
  public String toString() {
    return prefix;
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }
}
