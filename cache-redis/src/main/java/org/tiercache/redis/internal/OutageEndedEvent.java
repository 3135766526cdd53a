package org.tiercache.redis.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * JFR event: the Redis tier's server answered again, ending the outage an {@link OutageBeganEvent}
 * began, with what the outage cost. Logged at INFO too.
 */
@Name("org.tiercache.redis.OutageEnded")
@Label("Redis Outage Ended")
@Category("tiercache")
@Description("The Redis tier's server answers again")
final class OutageEndedEvent extends Event {
  @Label("Server")
  String server;

  @Label("Outage Length")
  @Timespan(Timespan.MILLISECONDS)
  long outageMillis;

  @Label("Puts Failed")
  long putsFailed;

  @Label("Other Calls Failed")
  @Description("Gets that missed, removes that removed nothing... for want of the server")
  long otherCallsFailed;

  /** Records the outage's end, if a recording wants it. */
  static void emit(String server, long outageMillis, long putsFailed, long otherCallsFailed) {
    OutageEndedEvent event = new OutageEndedEvent();
    if (event.isEnabled()) {
      event.server = server;
      event.outageMillis = outageMillis;
      event.putsFailed = putsFailed;
      event.otherCallsFailed = otherCallsFailed;
      event.commit();
    }
  }
}
