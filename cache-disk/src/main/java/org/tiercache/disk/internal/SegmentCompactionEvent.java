package org.tiercache.disk.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event: compaction finished walking a segment of packed entries (its live records copied into
 * the active segment). It carries the tier's running write amplification: record bytes put into
 * segments, and record bytes compaction copied, since the tier opened.
 */
@Name("org.tiercache.disk.SegmentCompaction")
@Label("Segment Compaction")
@Category("tiercache")
@Description("A disk tier compacted a segment of packed entries")
final class SegmentCompactionEvent extends Event {
  @Label("Folder")
  String folder;

  @Label("Segment")
  long segment;

  @Label("Put Bytes")
  @Description("Record bytes appended to segments by puts since the tier opened")
  @DataAmount
  long putBytes;

  @Label("Compaction Bytes")
  @Description("Record bytes appended to segments by compaction since the tier opened")
  @DataAmount
  long compactionBytes;

  /** Records a segment's walk, if a recording wants it. */
  static void emit(DiskLayout layout, long segmentId, long putBytes, long compactionBytes) {
    SegmentCompactionEvent event = new SegmentCompactionEvent();
    if (event.shouldCommit()) {
      event.folder = layout.dir().toString();
      event.segment = segmentId;
      event.putBytes = putBytes;
      event.compactionBytes = compactionBytes;
      event.commit();
    }
  }
}
