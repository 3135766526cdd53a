package org.tiercache.tiered.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;
import org.tiercache.api.ContentKey;

/**
 * JFR event: a call from a stack to one of its tiers (a get, or a put, promotions and spills
 * included) that took at least the event's threshold, 20 ms unless a recording sets another. Its
 * duration is the call's; its stack trace shows who called.
 *
 * <p>Disabled unless a recording enables it by name: while it is enabled every call is timed, which
 * {@code MetricsBenchmark} measured at tens of nanoseconds per call, a large share of a memory hit
 * (see BENCHMARKS.md); a recording started with the JDK's own settings, as one runs continuously in
 * production, would otherwise enable it, since an event its settings do not name takes its
 * defaults. Disabled, {@link #begin()} and {@link #end()} return at once and the object does not
 * escape, so a hit pays nothing.
 */
@Name("org.tiercache.tiered.SlowOperation")
@Label("Slow Tier Operation")
@Category("tiercache")
@Description("A call from a tiered cache to one of its tiers that took at least the threshold")
@Threshold("20 ms")
@Enabled(false)
final class SlowOperationEvent extends Event {
  @Label("Tier")
  @Description("The tier's name in the stack, such as disk or memory#2")
  String tier;

  @Label("Position")
  @Description("The tier's place in the stack, 0 for the fastest")
  int position;

  @Label("Operation")
  String operation;

  @Label("Key")
  String key;

  /** Starts timing a call. */
  static SlowOperationEvent start() {
    SlowOperationEvent event = new SlowOperationEvent();
    event.begin();
    return event;
  }

  /** Ends the call's timing and records it if it took the threshold or more. */
  void emit(int position, String tier, String operation, ContentKey key) {
    end();
    if (shouldCommit()) {
      this.position = position;
      this.tier = tier;
      this.operation = operation;
      this.key = key.toString();
      commit();
    }
  }
}
