package org.tiercache.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.List;
import org.tiercache.api.ContentKey;

/**
 * One shard of a {@link Namespace}: the keys of its bookkeeping and content, all under one hash
 * tag, so that every script of the tier touches the keys of one shard only, on one Redis Cluster
 * slot. A shard is an exact LRU cache of its own, bound to its share of the capacity.
 *
 * <p>The keys every call sends are made once, so that a hit, which sends them all, builds and encodes
 * no string for them. Callers never change the arrays handed out.
 */
final class Shard {
  private final int index;
  private final String tag;
  private final long capacityBytes;
  private final List<byte[]> scriptKeys;
  private final byte[] contentPrefix;

  /**
   * @param index where the shard is among its namespace's, from 0
   * @param tag the hash tag, without its braces: the prefix alone for a namespace of one shard
   * @param capacityBytes the bytes of content this shard holds at most: its share of the capacity
   */
  Shard(int index, String tag, long capacityBytes) {
    this.index = index;
    this.tag = tag;
    this.capacityBytes = capacityBytes;
    String braced = "{" + tag + "}:";
    // The order the scripts expect: KEYS[1] to KEYS[7] of common.lua.
    this.scriptKeys = List.of(bytes(braced + "meta"), bytes(braced + "lru"), bytes(braced + "wt"),
        bytes(braced + "bytes"), bytes(braced + "tick"), bytes(braced + "recount"),
        bytes(braced + "reconciled"));
    this.contentPrefix = bytes(braced + "c:");
  }

  /** Returns where the shard is among its namespace's, from 0. */
  int index() {
    return index;
  }

  /** Returns the hash tag, without its braces. */
  String tag() {
    return tag;
  }

  /** Returns the bytes of content this shard holds at most: its share of the capacity. */
  long capacityBytes() {
    return capacityBytes;
  }

  /** Returns the bookkeeping keys every script of this shard is given, in the order it expects. */
  List<byte[]> scriptKeys() {
    return scriptKeys;
  }

  /** Returns the prefix of this shard's content keys, {@code {tag}:c:}: every script's ARGV[1]. */
  byte[] contentPrefix() {
    return contentPrefix;
  }

  /** Returns the key of an entry's content in this shard. */
  byte[] contentKey(ContentKey key) {
    return bytes("{" + tag + "}:c:" + key);
  }

  /** Returns this shard's capacity as the scripts take it. */
  byte[] capacityArg() {
    return EpochDigits.number(capacityBytes);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  @Override
  public String toString() {
    return "shard " + index + " {" + tag + "}";
  }
}
