package org.tiercache.redis.internal;

import java.util.List;
import org.tiercache.api.CacheException;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * A script, then a plain command on an entry's content, as one MULTI/EXEC written at once: one round
 * trip (Jedis's own transactions wait for the QUEUED replies before EXEC, two), atomic, and the
 * content never passes through Lua (see get.lua). A read needs no transaction ({@link #read}).
 *
 * <p>A server short of memory refuses the content's SET when it is queued and then discards the
 * whole transaction ({@code EXECABORT}; from Redis 7 it may refuse the EXEC itself): nothing is
 * written, and this throws {@link ServerFullException}.
 */
final class ScriptTransaction {
  private static final byte[][] NO_ARGS = new byte[0][];

  private ScriptTransaction() {}

  /**
   * The two replies of a transaction, as the server sent them (see {@link Replies} to read them).
   *
   * @param script the script's reply
   * @param command the command's reply
   */
  record Result(Object script, Object command) {}

  /**
   * Runs the script, then the command, in one transaction.
   *
   * @return the script's reply and the command's, undecoded
   * @throws ServerFullException if the server discarded the transaction for want of memory
   * @throws RuntimeException the failure of either, as Jedis reports it
   */
  static Result run(RedisClient redis, Script script, List<byte[]> keys, List<byte[]> args,
      Protocol.Command command, byte[]... commandArgs) {
    for (int attempt = 0; ; attempt++) {
      Response<Object> queuedScript;
      Response<Object> queuedCommand;
      Response<Object> exec;
      try (AbstractPipeline pipeline = redis.pipelined()) {
        pipeline.sendCommand(Protocol.Command.MULTI, NO_ARGS);
        queuedScript = script.queue(pipeline, keys, args);
        queuedCommand = pipeline.sendCommand(command, commandArgs);
        exec = pipeline.sendCommand(Protocol.Command.EXEC, NO_ARGS);
        pipeline.sync();
      }
      Object execReply;
      try {
        execReply = exec.get();
      } catch (JedisDataException discarded) {
        throw whyDiscarded(discarded, queuedScript, queuedCommand);
      }
      // EXEC answers nil only for a transaction a WATCH aborted, and this one watches nothing.
      if (!(execReply instanceof List<?> replies) || replies.size() != 2) {
        throw new CacheException("EXEC of " + script + " and " + command + " replied "
            + Replies.show(execReply) + ", which it never does: a list of 2 replies was expected");
      }
      if (replies.get(0) instanceof JedisNoScriptException && attempt == 0) {
        // The server forgot its scripts (a restart, SCRIPT FLUSH): the command after the script
        // ran alone, which the script run again now puts right.
        script.load(redis);
        continue;
      }
      for (Object reply : replies) {
        if (reply instanceof RuntimeException failure) {
          throw failure;
        }
      }
      return new Result(replies.get(0), replies.get(1));
    }
  }

  /**
   * Runs the script, then a GET of an entry's content, written to the connection together: one
   * round trip, and not a transaction (content under a key never changes, so the GET finds what
   * the script saw, or nothing if another client dropped it in between). After a {@code NOSCRIPT}
   * the script is loaded and both are sent again (the lone GET changed nothing).
   *
   * @return the script's reply and the GET's (the content or {@code null}), undecoded
   * @throws RuntimeException the script's failure, as Jedis reports it
   */
  static Result read(RedisClient redis, Script script, List<byte[]> keys, List<byte[]> args,
      byte[] contentKey) {
    for (int attempt = 0; ; attempt++) {
      Response<Object> scriptReply;
      Response<Object> content;
      try (AbstractPipeline pipeline = redis.pipelined()) {
        scriptReply = script.queue(pipeline, keys, args);
        content = pipeline.sendCommand(Protocol.Command.GET, contentKey);
        pipeline.sync();
      }
      try {
        return new Result(scriptReply.get(), content.get());
      } catch (JedisNoScriptException e) {
        if (attempt > 0) {
          throw e;
        }
        script.load(redis);
      }
    }
  }

  // EXEC failed: the server discarded the transaction because a command was refused when queued
  // (EXECABORT; that refusal says why), or refused the EXEC itself.
  private static RuntimeException whyDiscarded(JedisDataException discarded,
      Response<Object> queuedScript, Response<Object> queuedCommand) {
    RuntimeException refusal = refusal(queuedScript);
    if (refusal == null) {
      refusal = refusal(queuedCommand);
    }
    RuntimeException reason = refusal == null ? discarded : refusal;
    if (Availability.isOutOfMemory(reason)) {
      return new ServerFullException(reason);
    }
    if (refusal != null) {
      refusal.addSuppressed(discarded);
    }
    return reason;
  }

  private static RuntimeException refusal(Response<Object> queued) {
    try {
      queued.get();
      return null;
    } catch (JedisDataException e) {
      return e;
    }
  }
}
