package org.tiercache.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One of the tier's Lua scripts ({@code common.lua} followed by its own file; for get, its hit
 * path {@code get-hit.lua} before both), run by its SHA-1
 * with {@code EVALSHA}, or sent whole with {@code EVAL} when the server does not know it yet
 * (after a restart or {@code SCRIPT FLUSH}), which also caches it there. Either way one round
 * trip. Scripts that go with a command on an entry's content are queued in a pipelined transaction
 * instead ({@link #queue}).
 */
final class Script {
  static final Script GET = new Script("get",
      read("get-hit.lua") + read("common.lua") + read("get.lua"));
  static final Script PUT = load("put");
  static final Script CONTAINS = load("contains");
  static final Script REMOVE = load("remove");
  static final Script EVICT_EXPIRED = load("evict-expired");
  static final Script CLEAR = load("clear");
  static final Script OCCUPANCY = load("occupancy");
  static final Script RECONCILE = load("reconcile");

  private final String name;
  private final byte[] source;
  private final byte[] sha1;

  private Script(String name, String source) {
    this.name = name;
    this.source = source.getBytes(UTF_8);
    this.sha1 = HexFormat.of().formatHex(sha1(this.source)).getBytes(UTF_8);
  }

  /**
   * Runs the script.
   *
   * @param redis the client
   * @param keys the namespace's bookkeeping keys
   * @param args the arguments, the content prefix first
   * @return the reply: {@code Long}, {@code byte[]} or a {@code List} of these
   */
  Object run(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
    try {
      return redis.evalsha(sha1, keys, args);
    } catch (JedisNoScriptException e) {
      return redis.eval(source, keys, args);
    }
  }

  /**
   * Adds the script to a pipeline, by its SHA-1 only: a server that does not know it answers
   * {@code NOSCRIPT}; then {@link #load} it and send the pipeline again.
   *
   * @return the reply to queuing it: {@code QUEUED} inside a transaction, or the refusal
   */
  Response<Object> queue(AbstractPipeline pipeline, List<byte[]> keys, List<byte[]> args) {
    byte[][] command = new byte[2 + keys.size() + args.size()][];
    command[0] = sha1;
    command[1] = Integer.toString(keys.size()).getBytes(UTF_8);
    int i = 2;
    for (byte[] key : keys) {
      command[i++] = key;
    }
    for (byte[] arg : args) {
      command[i++] = arg;
    }
    return pipeline.sendCommand(Protocol.Command.EVALSHA, command);
  }

  /** Caches the script on the server, for transactions that queue it by its SHA-1. */
  void load(UnifiedJedis redis) {
    redis.scriptLoad(new String(source, UTF_8));
  }

  @Override
  public String toString() {
    return name + ".lua";
  }

  private static Script load(String name) {
    return new Script(name, read("common.lua") + read(name + ".lua"));
  }

  private static String read(String file) {
    try (InputStream in = Script.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException("script " + file + " is missing from the redis tier's jar");
      }
      return new String(in.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading script " + file + " of the redis tier failed", e);
    }
  }

  private static byte[] sha1(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-1").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-1", e);
    }
  }
}
