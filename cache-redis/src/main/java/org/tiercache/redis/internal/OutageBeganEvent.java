package org.tiercache.redis.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * JFR event: the Redis tier found its server unusable and began an outage: gets miss and puts fail
 * until a call gets through. Logged at WARN too; {@link OutageEndedEvent} follows when it ends.
 */
@Name("org.tiercache.redis.OutageBegan")
@Label("Redis Outage Began")
@Category("tiercache")
@Description("The Redis tier cannot use its server: gets miss and puts fail until it can")
final class OutageBeganEvent extends Event {
  @Label("Server")
  String server;

  @Label("Operation")
  @Description("The call that found the server unusable")
  String operation;

  @Label("Failure")
  String failure;

  @Label("Retry Interval")
  @Timespan(Timespan.MILLISECONDS)
  long retryMillis;

  /** Records the outage's start, if a recording wants it; {@code failure} is already scrubbed. */
  static void emit(String server, String operation, String failure, long retryMillis) {
    OutageBeganEvent event = new OutageBeganEvent();
    if (event.isEnabled()) {
      event.server = server;
      event.operation = operation;
      event.failure = failure;
      event.retryMillis = retryMillis;
      event.commit();
    }
  }
}
