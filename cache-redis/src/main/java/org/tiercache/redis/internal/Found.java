package org.tiercache.redis.internal;

import java.util.ArrayList;
import java.util.List;
import org.tiercache.api.CacheException;
import org.tiercache.redis.internal.Replies.GetReply;

/**
 * What a get found for one key: its script's decoded reply and the content read behind the script
 * ({@code null}: none), or, when the server refused the script for want of memory, that refusal
 * (then there is no reply: a miss).
 *
 * @param reply the script's reply for this key, or {@code null} if refused
 * @param content the content the GET or MGET read, or {@code null}
 * @param refusal the server's refusal for memory, or {@code null}
 */
record Found(GetReply reply, byte[] content, RuntimeException refusal) {

  /**
   * Tells whether the script counted a hit but the read behind it found no content: the content
   * went behind the scripts' back, or another client dropped the entry in between.
   */
  boolean contentVanished() {
    return reply != null && reply.status() == GetReply.Status.HIT && content == null;
  }

  /**
   * Decodes the replies of {@code get.lua} ({@code single}: one key per call, read by GET) or of
   * {@code get-all.lua} (a chunk of keys per call, read by MGET), key by key in the order sent.
   *
   * @param counts the number of keys of each call
   * @throws CacheException if a script failed other than for memory, or replied what it never does
   */
  static List<Found> decode(List<Replies.WithContent> replies, List<Integer> counts,
      boolean single) {
    List<Found> found = new ArrayList<>();
    for (int call = 0; call < replies.size(); call++) {
      Replies.WithContent reply = replies.get(call);
      int count = counts.get(call);
      if (reply.script() instanceof RuntimeException failure) {
        if (!Availability.isOutOfMemory(failure)) {
          throw new CacheException(failure.getMessage(), failure);
        }
        for (int i = 0; i < count; i++) {
          found.add(new Found(null, null, failure));
        }
      } else if (single) {
        found.add(new Found(GetReply.decode(reply.script()), Replies.content(reply.content()),
            null));
      } else {
        List<GetReply> decoded = GetReply.decodeAll(reply.script(), count);
        List<byte[]> contents = Replies.contents(reply.content(), count);
        for (int i = 0; i < count; i++) {
          found.add(new Found(decoded.get(i), contents.get(i), null));
        }
      }
    }
    return found;
  }
}
