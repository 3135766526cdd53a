package org.tiercache.disk.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * JFR event: the disk tier opened its folder, with what {@link Recovery} found and did; its duration
 * is the open's. The same figures are in the INFO line of the open.
 */
@Name("org.tiercache.disk.Open")
@Label("Disk Tier Open")
@Category("tiercache")
@Description("A disk tier opened its folder: created it, reopened it after a clean close, or "
    + "recovered it after an unclean shutdown or journal damage")
final class OpenEvent extends Event {
  @Label("Folder")
  String folder;

  @Label("Outcome")
  @Description("created, clean, unclean shutdown, journal damage or no journal")
  String outcome;

  @Label("Entries")
  long entries;

  @Label("Content")
  @DataAmount
  long bytes;

  @Label("Journal Records Replayed")
  long journalRecords;

  @Label("Files Adopted")
  @Description("Content files the journal did not know, kept as least recently used")
  long filesAdopted;

  @Label("Entries Dropped")
  @Description("Entries of the journal whose file was gone")
  long entriesDropped;

  @Label("Links Deleted")
  long linksDeleted;

  @Label("Temporary Files Deleted")
  long temporaryFilesDeleted;

  @Label("Journal Rewritten")
  boolean journalRewritten;

  @Label("Time Taken")
  @Timespan(Timespan.MILLISECONDS)
  long millis;
}
