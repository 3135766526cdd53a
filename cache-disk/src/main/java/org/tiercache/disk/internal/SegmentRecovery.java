package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The packed store's part of opening a disk tier: reconciles the segments folder with the index
 * the journal replayed. A segment an entry lies in is opened sealed (new puts go to a new segment);
 * a segment file no entry lies in is deleted; a name the tier did not give is left alone, and a
 * symbolic link with a segment's name is deleted; the entries whose segment is missing or
 * unreadable are dropped. The segments opened become a new {@link PackedStore}
 * ({@link PackedStore#recovered}). Run by {@link Recovery}, which holds the folder's lock.
 */
final class SegmentRecovery {
  // Under the packed store's name, as it was logged before recovery had a class of its own.
  private static final Logger LOG = LoggerFactory.getLogger(PackedStore.class);

  private SegmentRecovery() {}

  /**
   * Opens the segments the index's entries lie in, deletes the segment files no entry lies in,
   * and drops from {@code index} the entries whose segment is missing or unreadable.
   *
   * @param files deletes the segments the store frees from then on
   * @param tally told of what it drops, deletes and leaves alone
   * @return the store of the segments opened; new segments get ids above every one found
   */
  static PackedStore open(DiskLayout layout, DiskSettings settings, ContentFiles files,
      EntryIndex index, Recovery.Tally tally) throws IOException {
    Map<Long, Long> liveBytes = new HashMap<>();
    index.forEachEldestFirst(e -> {
      if (e.packed()) {
        liveBytes.merge(PackedStore.segmentId(e.location), SegmentFormat.recordBytes(e.size),
            Long::sum);
      }
    });
    Map<Long, SegmentFile> opened = new HashMap<>();
    SegmentMaps maps = settings.mapSegments() ? SegmentMaps.on() : SegmentMaps.off();
    long highest = openLive(layout, liveBytes, opened, maps, tally);
    dropEntriesOfLost(index, opened, tally);
    return PackedStore.recovered(layout, settings, maps, files, highest + 1, opened, liveBytes);
  }

  /**
   * Walks the segments folder: opens into {@code opened} the segments {@code liveBytes} names,
   * deletes the other segment files, tells {@code tally} of the names it leaves alone or deletes.
   *
   * @return the highest segment id found, 0 if none
   */
  private static long openLive(DiskLayout layout, Map<Long, Long> liveBytes,
      Map<Long, SegmentFile> opened, SegmentMaps maps, Recovery.Tally tally) throws IOException {
    long highest = 0;
    if (DiskLayout.statNoFollow(layout.segmentsDir()) == null) {
      return highest;
    }
    try (var names = Files.newDirectoryStream(layout.segmentsDir())) {
      for (Path path : names) {
        long id = DiskLayout.parseSegmentName(path.getFileName().toString());
        var attributes = DiskLayout.statNoFollow(path);
        if (attributes == null) {
          continue;
        }
        if (id < 1 || id > PackedStore.MAX_SEGMENT_ID || !attributes.isRegularFile()) {
          if (id >= 1 && attributes.isSymbolicLink()) {
            tally.deleteLink(path);
          } else {
            tally.foreign(path);
          }
          continue;
        }
        highest = Math.max(highest, id);
        if (!liveBytes.containsKey(id)) {
          // A segment no entry lies in: every put into it was removed, or never returned.
          Files.deleteIfExists(path);
          continue;
        }
        try {
          opened.put(id, SegmentFile.openSealed(path, id, maps));
        } catch (IOException e) {
          LOG.warn("segment {} of disk tier {} cannot be read ({}); dropping the entries in it",
              path, layout.dir(), e.getMessage());
        }
      }
    }
    return highest;
  }

  /** Drops the packed entries whose segment is not in {@code opened}, and tells {@code tally}. */
  private static void dropEntriesOfLost(EntryIndex index, Map<Long, SegmentFile> opened,
      Recovery.Tally tally) {
    List<Entry> lost = new ArrayList<>();
    index.forEachEldestFirst(e -> {
      if (e.packed() && !opened.containsKey(PackedStore.segmentId(e.location))) {
        lost.add(e);
      }
    });
    for (Entry e : lost) {
      index.remove(e);
    }
    tally.dropped(lost.size());
  }
}
