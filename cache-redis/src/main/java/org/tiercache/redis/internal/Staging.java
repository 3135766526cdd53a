package org.tiercache.redis.internal;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import org.tiercache.api.ContentKey;

/**
 * How a put hands large content to the server without copying it through Lua (issue 14): a
 * {@code SET} of the content under a staging key of its own, with a short expiry, written to the
 * same pipeline right before {@code put.lua}, which checks that the staging key is there before it
 * writes anything and {@code RENAME}s it into place (the server moves its object: no copy), then
 * gives it the backstop expiry.
 *
 * <p>Content passed to a script as an argument is copied into a Lua string and out of it again,
 * and left as garbage for Lua's collector: at 256 KiB that measured about 1.15 times a plain
 * {@code SET}'s time for a script that does nothing else, against about 1.05 times for the staging
 * {@code SET} and a script that renames; below about 32 KiB the copies cost less than the extra
 * command and calls, so smaller content keeps going through Lua ({@link #FROM}). Not a
 * {@code MULTI}/{@code EXEC}: that cost 1.3 to 1.5 times a plain {@code SET} whatever the size.
 *
 * <p>What keeps the put's rules: a server out of memory refuses the staging {@code SET}, and the
 * script, finding no staging key, writes nothing and refuses the put; should the {@code SET} pass
 * and the script be refused, the client deletes the staging key right after
 * ({@link Script#runEach}). A staging key is never listed, counted nor adopted: its name
 * ({@code {T}:s:<id>:<client>:<n>}) is outside the content keys ({@code {T}:c:...}), unique to
 * the put, and expires by itself ({@link #EXPIRY_MS}) should a client die between the two
 * commands. Clients of earlier versions ignore these keys, so the two mix on one namespace.
 *
 * <p>Only where calls share a pipeline: on a cluster, whose calls go one by one, staging would
 * cost a second round trip, so content goes through Lua there at every size.
 */
final class Staging {
  /** Content of this many bytes or more is staged. */
  static final int FROM = 64 * 1024;
  /** How long a staging key lives if no script renames it, in milliseconds. */
  static final long EXPIRY_MS = 60_000;

  private static final byte[] PX = "PX".getBytes(UTF_8);
  private static final byte[] EXPIRY = EpochDigits.number(EXPIRY_MS);

  // Unique among clients (random) and among this client's puts (the counter): two puts of one
  // key never share a staging key, so neither renames the other's away.
  private final String client = HexFormat.of().toHexDigits(new SecureRandom().nextLong());
  private final AtomicLong puts = new AtomicLong();

  /** Tells whether content of this length is staged. */
  static boolean stages(int length) {
    return length >= FROM;
  }

  /** Returns a new staging key for one put of an entry into a shard. */
  byte[] key(Shard shard, ContentKey key) {
    return ("{" + shard.tag() + "}:s:" + key + ":" + client + ":" + puts.incrementAndGet())
        .getBytes(UTF_8);
  }

  /** Returns the arguments of the {@code SET} that stages content under a staging key. */
  static byte[][] set(byte[] stagingKey, byte[] content) {
    return new byte[][] {stagingKey, content, PX, EXPIRY};
  }
}
