package org.tiercache.redis.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.tiercache.api.CacheException;

/**
 * The replies of the tier's scripts and of the commands queued after them, typed: one record per
 * script (per phase of {@code reconcile.lua}), each with the one decoder that reads it. A decoder
 * accepts exactly the shapes its script returns (written in the script's header comment) and
 * nothing else.
 *
 * <p>Any other reply (nil, a number where a list belongs, a list an item short, a status the script
 * never returns) means the server did not run the script this client sent, or the script has a bug:
 * the decoder throws a {@link CacheException} naming the script and showing the reply. It is never
 * read as an outage, nor as a success: an outage or a full server never reaches a decoder, it is an
 * {@link Outcome} of the call.
 */
final class Replies {
  private Replies() {}

  /** A status as a script returns it: a small number, and what it means. */
  interface Coded {
    /** Returns the number the script returns for this status. */
    long code();
  }

  /** Whether the bookkeeping can be right, as {@code health()} in {@code common.lua} looks. */
  enum Health implements Coded {
    /** Nothing seen wrong. */
    SOUND(0),
    /** The bookkeeping cannot be right: the client reconciles. */
    DAMAGED(1),
    /** It may be right, but a recount is under way, which every client helps finish. */
    RECOUNTING(2);

    private final long code;

    Health(long code) {
      this.code = code;
    }

    @Override
    public long code() {
      return code;
    }
  }

  /**
   * What {@code get.lua} replied.
   *
   * @param status what it found
   * @param health its look at the bookkeeping
   */
  record GetReply(Status status, Health health) {
    /** What the get found. */
    enum Status implements Coded {
      /** No entry (content without one is reported as {@link Health#DAMAGED}). */
      ABSENT(0),
      /** A live entry, now marked used: the GET after the script reads its content. */
      HIT(1),
      /** Expired, and reclaimed. */
      EXPIRED(2),
      /** Its content had vanished (backstop, server eviction), and it was reclaimed. */
      VANISHED(3);

      private final long code;

      Status(long code) {
        this.code = code;
      }

      @Override
      public long code() {
        return code;
      }
    }

    /**
     * Decodes {@code get.lua}'s one number, status + 4 &times; health (one number rather than a
     * table: cheaper for the script, and on Redis 6.2 written to the socket with the GET's reply
     * behind it, so the client reads both at once).
     */
    static GetReply decode(Object reply) {
      Reading reading = Reading.packed(Script.GET, reply, "status + 4 * health",
          new String[] {"status", "health"}, 4);
      return new GetReply(reading.status(0, Status.class), reading.status(1, Health.class));
    }

    /**
     * Decodes what {@code get-all.lua} replied for {@code count} ids: a status each, then the
     * health, which each of the replies carries.
     */
    static List<GetReply> decodeAll(Object reply, int count) {
      String[] names = new String[count + 1];
      for (int i = 0; i < count; i++) {
        names[i] = "status " + (i + 1);
      }
      names[count] = "health";
      Reading reading = Reading.list(Script.GET_ALL, reply, names);
      Health health = reading.status(count, Health.class);
      List<GetReply> replies = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        replies.add(new GetReply(reading.status(i, Status.class), health));
      }
      return replies;
    }
  }

  /**
   * What {@code put.lua} replied.
   *
   * @param status whether it recorded the entry
   * @param evicted live entries it evicted to make room
   * @param reclaimed expired entries, and entries whose content had vanished, it reclaimed
   * @param health its look at the bookkeeping
   */
  record PutReply(Status status, long evicted, long reclaimed, Health health) {
    /** Whether the put was recorded. */
    enum Status implements Coded {
      /**
       * Nothing written: larger than the capacity (the tier refuses such content before any
       * call), or staged content not on the server ({@link Staging}).
       */
      REFUSED(0),
      /** Recorded, and the content stored with its backstop. */
      STORED(1);

      private final long code;

      Status(long code) {
        this.code = code;
      }

      @Override
      public long code() {
        return code;
      }
    }

    /**
     * Decodes {@code put.lua}'s reply: one number, status + 2 &times; health + 8 &times;
     * (reclaimed + 2<sup>24</sup> &times; evicted), or, when a count does not fit there, the
     * list {status, evicted, reclaimed, health}.
     */
    static PutReply decode(Object reply) {
      if (reply instanceof Long) {
        Reading reading = Reading.packed(Script.PUT, reply,
            "status + 2 * health + 8 * (reclaimed + 2^24 * evicted)",
            new String[] {"status", "health", "reclaimed", "evicted"}, 2, 4, 1 << 24);
        return new PutReply(reading.status(0, Status.class), reading.count(3), reading.count(2),
            reading.status(1, Health.class));
      }
      Reading reading = Reading.list(Script.PUT, reply, "status", "evicted", "reclaimed",
          "health");
      return new PutReply(reading.status(0, Status.class), reading.count(1), reading.count(2),
          reading.status(3, Health.class));
    }
  }

  /**
   * What {@code contains.lua} replied.
   *
   * @param live whether a live entry with its content is there
   */
  record ContainsReply(boolean live) {
    static ContainsReply decode(Object reply) {
      return new ContainsReply(Reading.single(Script.CONTAINS, reply, "presence").flag(0));
    }
  }

  /**
   * What {@code remove.lua} replied.
   *
   * @param status what it removed
   */
  record RemoveReply(Status status) {
    /** What the remove found and did. */
    enum Status implements Coded {
      /** No entry. */
      ABSENT(0),
      /** A live entry, removed. */
      REMOVED(1),
      /** An entry that had expired or lost its content, reclaimed (not a removal). */
      RECLAIMED(2);

      private final long code;

      Status(long code) {
        this.code = code;
      }

      @Override
      public long code() {
        return code;
      }
    }

    static RemoveReply decode(Object reply) {
      return new RemoveReply(Reading.single(Script.REMOVE, reply, "status")
          .status(0, Status.class));
    }
  }

  /**
   * What {@code evict-expired.lua} replied.
   *
   * @param reclaimed expired entries it dropped
   * @param more whether it stopped at its limit (call again)
   */
  record EvictExpiredReply(long reclaimed, boolean more) {
    static EvictExpiredReply decode(Object reply) {
      Reading reading = Reading.list(Script.EVICT_EXPIRED, reply, "reclaimed", "more");
      return new EvictExpiredReply(reading.count(0), reading.flag(1));
    }
  }

  /**
   * What {@code clear.lua} replied.
   *
   * @param dropped entries it dropped (fewer than its limit: the sets are empty)
   * @param left ids still in {@code meta}, {@code lru} or {@code wt}
   * @param before its look at the bookkeeping before it dropped anything
   */
  record ClearReply(long dropped, long left, Health before) {
    static ClearReply decode(Object reply) {
      Reading reading = Reading.list(Script.CLEAR, reply, "dropped", "left", "health");
      return new ClearReply(reading.count(0), reading.count(1), reading.status(2, Health.class));
    }
  }

  /**
   * What {@code occupancy.lua} replied, as one reading.
   *
   * @param bytes the byte counter, as it is: negative while it is wrong (then {@code health} says
   *     so, and it heals)
   * @param entries entries held
   * @param health its look at the bookkeeping
   */
  record OccupancyReply(long bytes, long entries, Health health) {
    static OccupancyReply decode(Object reply) {
      Reading reading = Reading.list(Script.OCCUPANCY, reply, "bytes", "entries", "health");
      return new OccupancyReply(reading.number(0), reading.count(1),
          reading.status(2, Health.class));
    }
  }

  /**
   * What a cursor phase of {@code reconcile.lua} ({@code meta}, {@code lru}, {@code content},
   * {@code purge}) replied.
   *
   * @param cursor where the next batch starts; {@code "0"} when the phase is done
   * @param count entries it repaired, adopted or deleted
   */
  record ScanReply(String cursor, long count) {
    /** Tells whether the phase has gone through the whole namespace. */
    boolean done() {
      return cursor.equals("0");
    }

    static Function<Object, ScanReply> decoder(String phase) {
      return reply -> {
        Reading reading = Reading.list(Script.RECONCILE + " (phase " + phase + ")", reply,
            "cursor", "count");
        return new ScanReply(reading.cursor(0), reading.count(1));
      };
    }
  }

  /**
   * What the {@code recount} phase of {@code reconcile.lua} replied.
   *
   * @param finished whether the recount ended (then the counter was set to the sum)
   * @param before the counter before it was set, when finished; else 0
   * @param after the sum it was set to, when finished; else 0
   */
  record RecountReply(boolean finished, long before, long after) {
    static RecountReply decode(Object reply) {
      Reading reading = Reading.list(Script.RECONCILE + " (phase recount)", reply, "finished",
          "counter before", "counter after");
      return new RecountReply(reading.flag(0), reading.number(1), reading.count(2));
    }
  }

  /**
   * What the {@code trim} phase of {@code reconcile.lua} replied.
   *
   * @param evicted live entries it evicted to bring the namespace within its capacity
   * @param reclaimed entries whose content had vanished, or ids without an entry, it dropped
   * @param more whether the counter may still be above the capacity (call again)
   */
  record TrimReply(long evicted, long reclaimed, boolean more) {
    static TrimReply decode(Object reply) {
      Reading reading = Reading.list(Script.RECONCILE + " (phase trim)", reply, "evicted",
          "reclaimed", "more");
      return new TrimReply(reading.count(0), reading.count(1), reading.flag(2));
    }
  }

  /**
   * What the {@code age} phase of {@code reconcile.lua} replied.
   *
   * @param sinceLast milliseconds since a recount last finished, by the server's clock; empty if
   *     none ever did, or if the server's clock went back since (then a pass is due)
   */
  record AgeReply(OptionalLong sinceLast) {
    static AgeReply decode(Object reply) {
      long millis = Reading.single(Script.RECONCILE + " (phase age)", reply, "age").number(0);
      return new AgeReply(millis < 0 ? OptionalLong.empty() : OptionalLong.of(millis));
    }
  }

  /**
   * What {@code reclaim.lua} replied.
   *
   * @param reclaimed entries it dropped, found recorded without content
   */
  record ReclaimReply(long reclaimed) {
    static ReclaimReply decode(Object reply) {
      return new ReclaimReply(Reading.single(Script.RECLAIM, reply, "reclaimed").count(0));
    }
  }

  /**
   * What {@code list.lua} replied: a page of the listing.
   *
   * @param last whether this was the last page
   * @param score the score in {@code wt} of the last id the page looked at, where the next page
   *     starts ({@code ""} if it looked at none)
   * @param id that id ({@code ""} if none)
   * @param entries the live entries among the ids it looked at, in {@code wt} order
   */
  record ListReply(boolean last, byte[] score, byte[] id, List<Listed> entries) {
    static ListReply decode(Object reply) {
      String source = Script.LIST.toString();
      if (!(reply instanceof List<?> items) || items.size() < 3 || items.size() % 2 == 0) {
        throw Reading.unexpected(source, reply, "a list of the last-page flag, a score, an id,"
            + " then pairs of id and entry was expected");
      }
      Reading head = new Reading(source, reply, items.subList(0, 1), new String[] {"last flag"});
      List<Listed> entries = new ArrayList<>((items.size() - 3) / 2);
      for (int i = 3; i < items.size(); i += 2) {
        entries.add(Listed.decode(source, reply, items.get(i), items.get(i + 1)));
      }
      return new ListReply(head.flag(0), text(source, reply, items.get(1), "score"),
          text(source, reply, items.get(2), "id"), entries);
    }

    private static byte[] text(String source, Object reply, Object item, String name) {
      if (item instanceof byte[] bytes) {
        return bytes;
      }
      throw Reading.unexpected(source, reply, "the " + name + " is " + show(item)
          + ", not text");
    }
  }

  /**
   * One live entry of a listing page, as {@code meta} records it.
   *
   * @param id the entry's id (the key's text)
   * @param writeEpochNanos its write time on the tier's clock
   * @param sizeBytes its size
   */
  record Listed(String id, long writeEpochNanos, long sizeBytes) {
    static Listed decode(String source, Object reply, Object id, Object meta) {
      // meta as common.lua writes it: 19 digits of write time, then the size in digits.
      if (id instanceof byte[] name && meta instanceof byte[] bytes && bytes.length >= 20
          && bytes.length <= 38 && Reading.isDigits(bytes)) {
        String text = new String(bytes, StandardCharsets.US_ASCII);
        try {
          return new Listed(new String(name, StandardCharsets.US_ASCII),
              Long.parseLong(text.substring(0, 19)), Long.parseLong(text.substring(19)));
        } catch (NumberFormatException e) {
          // beyond a long: not what the tier writes
        }
      }
      throw Reading.unexpected(source, reply, "the entry " + show(id) + " is " + show(meta)
          + ", not an id and 19 digits of write time followed by a size");
    }
  }

  /**
   * A script's reply and the reply of the GET sent right behind it, as the server sent them.
   *
   * @param script the script's reply, or the {@link RuntimeException} it failed with
   * @param content the GET's reply
   */
  record WithContent(Object script, Object content) {}

  /**
   * Reads the reply to the MGET sent after {@code get-all.lua}: each content, or {@code null} where
   * the server holds none.
   */
  static List<byte[]> contents(Object reply, int count) {
    if (reply instanceof List<?> items && items.size() == count) {
      List<byte[]> contents = new ArrayList<>(count);
      for (Object item : items) {
        if (item != null && !(item instanceof byte[])) {
          break;
        }
        contents.add((byte[]) item);
      }
      if (contents.size() == count) {
        return contents;
      }
    }
    throw Reading.unexpected("MGET", reply, "a list of " + count
        + " contents (bulk strings) or nils was expected");
  }

  /**
   * Reads the reply to the GET sent after {@code get.lua}: the content, or {@code null} when the
   * server holds none under the key (a nil reply is an answer here: nothing stored).
   */
  static byte[] content(Object reply) {
    if (reply == null || reply instanceof byte[]) {
      return (byte[]) reply;
    }
    throw Reading.unexpected("GET", reply, "content (a bulk string) or nil was expected");
  }

  /**
   * Shows a reply as the server sent it, for a message: nil, numbers, text in quotes (or its
   * length when it is long or binary), lists in brackets, errors; at most about 200 characters.
   */
  static String show(Object reply) {
    StringBuilder out = new StringBuilder();
    show(reply, out, 0);
    return out.length() > 200 ? out.substring(0, 200) + "..." : out.toString();
  }

  private static void show(Object reply, StringBuilder out, int depth) {
    if (reply == null) {
      out.append("nil");
    } else if (reply instanceof Long number) {
      out.append(number);
    } else if (reply instanceof byte[] bytes) {
      out.append(isShortText(bytes) ? "\"" + new String(bytes, StandardCharsets.US_ASCII) + "\""
          : "<" + bytes.length + " bytes>");
    } else if (reply instanceof List<?> list) {
      if (depth > 3) {
        out.append("[...]");
        return;
      }
      out.append('[');
      for (int i = 0; i < list.size() && out.length() <= 200; i++) {
        if (i > 0) {
          out.append(", ");
        }
        show(list.get(i), out, depth + 1);
      }
      out.append(']');
    } else if (reply instanceof Throwable error) {
      out.append("error '").append(error.getMessage()).append('\'');
    } else {
      out.append(reply.getClass().getSimpleName()).append(' ').append(reply);
    }
  }

  private static boolean isShortText(byte[] bytes) {
    if (bytes.length > 64) {
      return false;
    }
    for (byte b : bytes) {
      if (b < 0x20 || b > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** A reply being read item by item, for a message that names the script and the bad item. */
  private static final class Reading {
    private final String source;
    private final Object reply;
    private final List<?> items;
    private final String[] names;

    Reading(String source, Object reply, List<?> items, String[] names) {
      this.source = source;
      this.reply = reply;
      this.items = items;
      this.names = names;
    }

    // A script that returns a table: exactly one item per name.
    static Reading list(Object script, Object reply, String... names) {
      String source = script.toString();
      if (!(reply instanceof List<?> items) || items.size() != names.length) {
        throw unexpected(source, reply, "a list of " + names.length + " ("
            + String.join(", ", names) + ") was expected");
      }
      return new Reading(source, reply, items, names);
    }

    // A script that packs several numbers into one (a table costs it more): the first part is
    // the number modulo radixes[0], the next the rest divided by it modulo radixes[1], and so on;
    // the last part is what is left. A negative number is no packing of counts and statuses.
    static Reading packed(Object script, Object reply, String form, String[] names,
        long... radixes) {
      String source = script.toString();
      if (!(reply instanceof Long number) || number < 0) {
        throw unexpected(source, reply, "a number, " + form + ", was expected");
      }
      Long[] parts = new Long[names.length];
      long rest = number;
      for (int i = 0; i < names.length - 1; i++) {
        parts[i] = rest % radixes[i];
        rest /= radixes[i];
      }
      parts[names.length - 1] = rest;
      String[] described = new String[names.length];
      for (int i = 0; i < names.length; i++) {
        described[i] = names[i] + " (" + form + ")";
      }
      return new Reading(source, reply, Arrays.asList(parts), described);
    }

    // A script that returns one number.
    static Reading single(Object script, Object reply, String name) {
      return new Reading(script.toString(), reply, Arrays.asList(reply), new String[] {name});
    }

    long number(int i) {
      if (items.get(i) instanceof Long number) {
        return number;
      }
      throw unexpected(source, reply, "the " + names[i] + " is " + show(items.get(i))
          + ", not a number");
    }

    long count(int i) {
      long count = number(i);
      if (count < 0) {
        throw unexpected(source, reply, "the " + names[i] + " is " + count
            + ", not a count (0 or more)");
      }
      return count;
    }

    boolean flag(int i) {
      long flag = number(i);
      if (flag != 0 && flag != 1) {
        throw unexpected(source, reply, "the " + names[i] + " is " + flag + ", not 0 or 1");
      }
      return flag == 1;
    }

    <E extends Enum<E> & Coded> E status(int i, Class<E> type) {
      long code = number(i);
      E[] statuses = type.getEnumConstants();
      for (E status : statuses) {
        if (status.code() == code) {
          return status;
        }
      }
      throw unexpected(source, reply, "the " + names[i] + " is " + code + ", none of "
          + Arrays.stream(statuses).map(s -> s.code() + " (" + s.name().toLowerCase() + ")")
              .collect(Collectors.joining(", ")));
    }

    // SCAN-family cursors come back as text: decimal digits.
    String cursor(int i) {
      if (items.get(i) instanceof byte[] bytes && bytes.length > 0 && bytes.length <= 20
          && isDigits(bytes)) {
        return new String(bytes, StandardCharsets.US_ASCII);
      }
      throw unexpected(source, reply, "the " + names[i] + " is " + show(items.get(i))
          + ", not a cursor (decimal digits)");
    }

    static boolean isDigits(byte[] bytes) {
      for (byte b : bytes) {
        if (b < '0' || b > '9') {
          return false;
        }
      }
      return true;
    }

    static CacheException unexpected(String source, Object reply, String why) {
      return new CacheException(source + " replied " + show(reply) + ", which it never does: "
          + why);
    }
  }
}
