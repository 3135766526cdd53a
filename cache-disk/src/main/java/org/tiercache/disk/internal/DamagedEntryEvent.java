package org.tiercache.disk.internal;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * JFR event: content the disk tier found damaged when reading it (a wrong length, checksum or
 * digest, a file gone behind its back), which it removed and reported as a miss. The same finding is
 * logged at WARN and counted in {@code TierStats.damaged()}.
 */
@Name("org.tiercache.disk.DamagedEntry")
@Label("Damaged Entry")
@Category("tiercache")
@Description("Content of a disk tier found damaged when read, and removed")
final class DamagedEntryEvent extends Event {
  @Label("Folder")
  String folder;

  @Label("Key")
  String key;

  @Label("File")
  String file;

  @Label("Size Put")
  @DataAmount
  long size;

  @Label("Damage")
  String damage;

  /** Records the finding, if a recording wants it. */
  static void emit(DiskLayout layout, Entry e, String where, String why) {
    DamagedEntryEvent event = new DamagedEntryEvent();
    if (event.isEnabled()) {
      event.folder = layout.dir().toString();
      event.key = e.keyText();
      event.file = where;
      event.size = e.size;
      event.damage = why;
      event.commit();
    }
  }
}
