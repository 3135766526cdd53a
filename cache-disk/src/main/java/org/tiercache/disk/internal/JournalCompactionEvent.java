package org.tiercache.disk.internal;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event: the disk tier rewrote its journal from the index while running, because it had grown
 * past its threshold or a write to it had failed; its duration is the rewrite's. (The rewrite an open
 * may make is part of {@link OpenEvent}.)
 */
@Name("org.tiercache.disk.JournalCompaction")
@Label("Journal Compaction")
@Category("tiercache")
@Description("A disk tier rewrote its journal: one record per live entry")
final class JournalCompactionEvent extends Event {
  @Label("Folder")
  String folder;

  @Label("Reason")
  @Description("grown past its threshold, or a write failed")
  String reason;

  @Label("Records Before")
  long recordsBefore;

  @Label("Records After")
  long recordsAfter;

  /** Starts timing a rewrite of a journal of {@code records} records. */
  static JournalCompactionEvent start(long records, boolean stale) {
    JournalCompactionEvent event = new JournalCompactionEvent();
    event.begin();
    event.recordsBefore = records;
    event.reason = stale ? "a write failed" : "grown past its threshold";
    return event;
  }

  /** Records the rewrite that succeeded, if a recording wants it. */
  void emit(DiskLayout layout, long records) {
    if (shouldCommit()) {
      folder = layout.dir().toString();
      recordsAfter = records;
      commit();
    }
  }
}
