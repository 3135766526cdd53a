package org.tiercache.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * One of the tier's Lua scripts (the parts of {@code common.lua} it uses, followed by its own file;
 * for get its hit path {@code get-hit.lua}, and for put its common path {@code put-fast.lua},
 * before both), run by its SHA-1
 * with {@code EVALSHA}, or sent whole with {@code EVAL} when the server does not know it yet
 * (after a restart or {@code SCRIPT FLUSH}), which also caches it there. Either way one round
 * trip. A get sends a plain GET of the content right behind its script ({@link #runThenGet}); a
 * batch sends many calls in one pipeline ({@link #runThenRead}, {@link #runAll}), also one round
 * trip.
 */
final class Script {
  // Read by link(), which the scripts below need: declared first, so set first.
  private static final Pattern DEFINITION =
      Pattern.compile("(?m)^local\\s+(?:function\\s+(\\w+)|(\\w+)\\s*=)");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_]\\w*");

  static final Script GET = new Script("get", read("get-hit.lua") + link(read("get.lua")));
  static final Script GET_ALL = load("get-all");
  static final Script PUT = new Script("put", read("put-fast.lua") + link(read("put.lua")));
  static final Script CONTAINS = load("contains");
  static final Script REMOVE = load("remove");
  static final Script EVICT_EXPIRED = load("evict-expired");
  static final Script CLEAR = load("clear");
  static final Script OCCUPANCY = load("occupancy");
  static final Script RECONCILE = load("reconcile");
  static final Script LIST = load("list");
  static final Script RECLAIM = load("reclaim");

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
   * Runs the script, then a GET of an entry's content, written to the connection together: one
   * round trip, and not a transaction (content under a key never changes, so the GET finds what
   * the script saw, or nothing if another client dropped it in between).
   *
   * @return the script's reply and the GET's (the content or {@code null}), undecoded
   * @throws RuntimeException the script's failure, as Jedis reports it
   */
  Replies.WithContent runThenGet(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args,
      byte[] contentKey) {
    return runThenRead(redis, List.of(keys), List.of(args), Protocol.Command.GET,
        List.<byte[][]>of(new byte[][] {contentKey})).get(0);
  }

  /**
   * Runs the script once per argument list, each on its keys (those of one shard) and followed by
   * a read of content ({@code GET} or {@code MGET} of the given keys, of that shard), all in one
   * pipeline: one round trip for the lot. A call the server answered {@code NOSCRIPT} (its read
   * changed nothing) is sent again once the script is loaded. On a cluster each call and its read
   * go one after the other through the cluster client, which follows the slots' moves.
   *
   * @return per call, the script's reply (a {@link RuntimeException} for a failure) and the read's
   * @throws RuntimeException a failure that is an outage ({@link Availability#isOutage})
   */
  List<Replies.WithContent> runThenRead(UnifiedJedis redis, List<List<byte[]>> keyLists,
      List<List<byte[]>> argLists, Protocol.Command read, List<byte[][]> readArgs) {
    int n = argLists.size();
    Replies.WithContent[] results = new Replies.WithContent[n];
    if (!pipelines(redis)) {
      for (int i = 0; i < n; i++) {
        Object reply = alone(redis, keyLists.get(i), argLists.get(i));
        byte[][] keys = readArgs.get(i);
        Object content = read == Protocol.Command.GET ? redis.get(keys[0]) : redis.mget(keys);
        results[i] = new Replies.WithContent(reply, content);
      }
      return List.of(results);
    }
    List<Integer> todo = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      todo.add(i);
    }
    for (int attempt = 0; !todo.isEmpty(); attempt++) {
      List<Response<Object>> scripts = new ArrayList<>(todo.size());
      List<Response<Object>> contents = new ArrayList<>(todo.size());
      try (AbstractPipeline pipeline = redis.pipelined()) {
        for (int i : todo) {
          scripts.add(queue(pipeline, keyLists.get(i), argLists.get(i)));
          contents.add(pipeline.sendCommand(read, readArgs.get(i)));
        }
        pipeline.sync();
      }
      List<Integer> again = new ArrayList<>();
      for (int j = 0; j < todo.size(); j++) {
        Object reply = reply(scripts.get(j));
        if (reply instanceof JedisNoScriptException && attempt == 0) {
          again.add(todo.get(j));
        } else {
          results[todo.get(j)] = new Replies.WithContent(reply, contents.get(j).get());
        }
      }
      if (!again.isEmpty()) {
        load(redis);
      }
      todo = again;
    }
    return List.of(results);
  }

  /**
   * Runs the script once per argument list on the same keys, all in one pipeline: see
   * {@link #runEach}.
   */
  List<Object> runAll(UnifiedJedis redis, List<byte[]> keys, List<List<byte[]>> argLists) {
    return runEach(redis, Collections.nCopies(argLists.size(), keys), argLists);
  }

  /**
   * Runs the script once per argument list, each on its keys (those of one shard), all in one
   * pipeline: one round trip for the lot. Calls the server answered {@code NOSCRIPT} (nothing of
   * them ran) are sent again once the script is loaded. On a cluster the calls go one after the
   * other through the cluster client, which follows the slots' moves.
   *
   * @return per call, its reply, or the {@link RuntimeException} it failed with
   * @throws RuntimeException a failure that is an outage ({@link Availability#isOutage})
   */
  List<Object> runEach(UnifiedJedis redis, List<List<byte[]>> keyLists,
      List<List<byte[]>> argLists) {
    return runEach(redis, keyLists, argLists, null);
  }

  /**
   * Runs the script as {@link #runEach(UnifiedJedis, List, List)} does, each call preceded in the
   * pipeline by the {@code SET} that stages its content ({@link Staging}), where it has one. A
   * call whose staging {@code SET} failed comes to that failure (the script, finding nothing
   * staged, wrote nothing); a call resent after {@code NOSCRIPT} finds its content still staged.
   * Staging keys of calls whose script failed are deleted before this returns, so that a put the
   * server refused leaves nothing behind.
   *
   * @param stagings per call, the arguments of its staging {@code SET}, or {@code null} for
   *     none; all {@code null} (or no list) where calls do not share a pipeline (a cluster)
   */
  List<Object> runEach(UnifiedJedis redis, List<List<byte[]>> keyLists,
      List<List<byte[]>> argLists, List<byte[][]> stagings) {
    int n = argLists.size();
    Object[] results = new Object[n];
    if (!pipelines(redis)) {
      for (int i = 0; i < n; i++) {
        results[i] = alone(redis, keyLists.get(i), argLists.get(i));
      }
      return Arrays.asList(results);
    }
    List<Integer> todo = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      todo.add(i);
    }
    Object[] staged = new Object[n];
    for (int attempt = 0; !todo.isEmpty(); attempt++) {
      List<Response<Object>> sets = new ArrayList<>(todo.size());
      List<Response<Object>> sent = new ArrayList<>(todo.size());
      try (AbstractPipeline pipeline = redis.pipelined()) {
        for (int i : todo) {
          byte[][] staging = stagings == null ? null : stagings.get(i);
          sets.add(staging == null || attempt > 0 ? null
              : pipeline.sendCommand(Protocol.Command.SET, staging));
          sent.add(queue(pipeline, keyLists.get(i), argLists.get(i)));
        }
        pipeline.sync();
      }
      List<Integer> again = new ArrayList<>();
      for (int j = 0; j < todo.size(); j++) {
        int i = todo.get(j);
        if (sets.get(j) != null) {
          staged[i] = reply(sets.get(j));
        }
        Object reply = reply(sent.get(j));
        if (staged[i] instanceof RuntimeException refused) {
          results[i] = refused;
        } else if (reply instanceof JedisNoScriptException && attempt == 0) {
          again.add(i);
        } else {
          results[i] = reply;
        }
      }
      if (!again.isEmpty()) {
        load(redis);
      }
      todo = again;
    }
    unstage(redis, stagings, staged, results);
    return Arrays.asList(results);
  }

  // Deletes the staging keys that a failed script left: staged, but neither renamed into place nor
  // deleted by the script. DEL frees, so a server out of memory takes it too.
  private static void unstage(UnifiedJedis redis, List<byte[][]> stagings, Object[] staged,
      Object[] results) {
    List<byte[]> left = new ArrayList<>();
    for (int i = 0; i < results.length; i++) {
      if (stagings != null && stagings.get(i) != null && staged[i] != null
          && !(staged[i] instanceof RuntimeException) && results[i] instanceof RuntimeException) {
        left.add(stagings.get(i)[0]);
      }
    }
    if (!left.isEmpty()) {
      try {
        redis.del(left.toArray(new byte[0][]));
      } catch (RuntimeException e) {
        // Each goes by its short expiry anyway; the puts' own outcome is what the caller needs.
      }
    }
  }

  // Whether calls may share a pipeline: not on a cluster, whose pipelines neither follow a moved
  // slot nor notice a new topology (its single calls do both).
  static boolean pipelines(UnifiedJedis redis) {
    return !(redis instanceof RedisClusterClient);
  }

  // One call of a batch, alone: its reply, or the server's error for it (not thrown), unless that
  // error is an outage, which ends the batch.
  private Object alone(UnifiedJedis redis, List<byte[]> keys, List<byte[]> args) {
    try {
      return run(redis, keys, args);
    } catch (JedisDataException e) {
      if (Availability.isOutage(e)) {
        throw e;
      }
      return e;
    }
  }

  // A reply, or the server's error for it as an exception (not thrown: one call of a batch),
  // unless that error says the server cannot serve now (an outage), which ends the batch: the
  // pipeline is read to its end first, so the connection stays in step.
  private static Object reply(Response<Object> response) {
    try {
      return response.get();
    } catch (JedisDataException e) {
      if (Availability.isOutage(e)) {
        throw e;
      }
      return e;
    }
  }

  // Adds the script to a pipeline by its SHA-1 only: a server that does not know it answers
  // NOSCRIPT, and the caller loads it and sends the call again.
  private Response<Object> queue(AbstractPipeline pipeline, List<byte[]> keys,
      List<byte[]> args) {
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

  /** Caches the script on the server, for pipelines that send it by its SHA-1. */
  void load(UnifiedJedis redis) {
    redis.scriptLoad(new String(source, UTF_8));
  }

  @Override
  public String toString() {
    return name + ".lua";
  }

  /** Returns the script's text, as the server runs it. */
  String text() {
    return new String(source, UTF_8);
  }

  /** Returns the script's SHA-1 in hex, as {@code EVALSHA} names it. */
  String sha1Hex() {
    return new String(sha1, UTF_8);
  }

  private static Script load(String name) {
    return new Script(name, link(read(name + ".lua")));
  }

  /**
   * Puts before a script's own text the parts of {@code common.lua} it uses, and only those: Lua
   * defines a script's functions on every run (a closure each), which cost a call to the server
   * about as much as two of the script's own Redis calls when every script defined all of them
   * (issue 14). {@code common.lua} is read as paragraphs (split at blank lines): the first (the
   * keys and arguments every script reads) always, each other one when the script, or a paragraph
   * already taken, names what it defines ({@code local function name} or {@code local name =}).
   * Comments are not read for names.
   */
  static String link(String body) {
    String[] paragraphs = read("common.lua").split("\\n\\s*\\n");
    Set<String> needed = new HashSet<>(identifiers(body));
    boolean[] taken = new boolean[paragraphs.length];
    taken[0] = true;
    needed.addAll(identifiers(paragraphs[0]));
    for (boolean grew = true; grew; ) {
      grew = false;
      for (int i = 1; i < paragraphs.length; i++) {
        if (!taken[i] && !Collections.disjoint(definitions(paragraphs[i]), needed)) {
          taken[i] = true;
          needed.addAll(identifiers(paragraphs[i]));
          grew = true;
        }
      }
    }
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < paragraphs.length; i++) {
      if (taken[i]) {
        text.append(paragraphs[i]).append("\n\n");
      }
    }
    return text.append(body).toString();
  }

  // Names a paragraph of common.lua defines at its top level.
  private static Set<String> definitions(String paragraph) {
    Set<String> names = new HashSet<>();
    Matcher matcher = DEFINITION.matcher(paragraph);
    while (matcher.find()) {
      names.add(matcher.group(1) != null ? matcher.group(1) : matcher.group(2));
    }
    return names;
  }

  // Every name the code (not the comments) of a text mentions.
  private static Set<String> identifiers(String text) {
    Set<String> names = new HashSet<>();
    for (String line : text.split("\n")) {
      int comment = line.indexOf("--");
      Matcher matcher = IDENTIFIER.matcher(comment < 0 ? line : line.substring(0, comment));
      while (matcher.find()) {
        names.add(matcher.group());
      }
    }
    return names;
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
