package org.tiercache.disk.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a tier's folder: rebuilds the index from the journal and, unless the last tier to use the
 * folder closed cleanly, checks the index against the folder. Content files are never read.
 *
 * <p>The steps:
 * <ol>
 *   <li>Delete the temporary files in {@code dir/tmp} and a half-written {@code journal.tmp}:
 *       content being written when a process died, or a compaction cut short (the old journal is
 *       still whole).
 *   <li>Replay the journal up to its first unreadable record ({@link JournalReplay}).
 *   <li>If the journal does not end with a clean close (a crash, a torn tail, damage), list the
 *       content folders once: entries whose file is gone are dropped; content files the journal does
 *       not know are adopted, with their size and modification time, as least recently used. Such
 *       files are whole, because content reaches its final name only by an atomic move of a complete
 *       file: they were put after the last record that survived (a crash between the move and its
 *       journal record, or records lost to damage). A symbolic link with a content file's name is
 *       deleted (the link, never what it points to).
 *   <li>Open the journal: kept if it was closed cleanly and is not much larger than the index,
 *       otherwise written afresh from the index ({@link Journal#open}).
 * </ol>
 * A clean open thus costs one sequential read of the journal; a crash recovery adds one listing of
 * the content folders and a {@code stat} per adopted file.
 *
 * <p>Recovery deletes only names the tier creates: {@code tmp/N.tmp}, {@code journal.tmp} and
 * {@code ab/<hex>} with a key's length. Anything else found on the way (a user's file, the command's
 * {@code tiercache-cli.counts}, a folder) is someone else's: it is left alone and named once in a WARN
 * line.
 */
final class Recovery {
  private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);
  private static final int FOREIGN_SHOWN = 5;

  /**
   * What recovery hands the tier.
   *
   * @param repaired what recovery repaired of a damaged journal, for the tier's health; null when
   *     the journal was readable (a clean or unclean shutdown is no damage)
   */
  record Opened(EntryIndex index, Journal journal, PackedStore packed, String repaired) {}

  /** What the packed store tells recovery of the segments it finds. */
  interface Tally {
    /** A name in the segments folder the tier did not give: left alone. */
    void foreign(Path path);

    /** A symbolic link with a segment's name: deleted (the link, not what it points to). */
    void deleteLink(Path link);

    /** Entries dropped because their segment is gone or unreadable. */
    void dropped(int entries);
  }

  private final DiskLayout layout;
  private final DiskSettings settings;
  /** The tier's deletes of content files and segments, which the packed store is given. */
  private final ContentFiles files;
  private final EntryIndex index = new EntryIndex();
  private int tempsDeleted;
  private int adopted;
  private int missing;
  private int linksDeleted;
  /** How many names recovery found that the tier did not create, and the first few of them. */
  private int foreign;
  private final List<Path> foreignShown = new ArrayList<>();

  private Recovery(DiskLayout layout, DiskSettings settings, ContentFiles files) {
    this.layout = layout;
    this.settings = settings;
    this.files = files;
  }

  /** Opens the folder, which the caller has locked. */
  static Opened open(DiskLayout layout, DiskSettings settings, ContentFiles files)
      throws IOException {
    return new Recovery(layout, settings, files).run();
  }

  private Opened run() throws IOException {
    OpenEvent event = new OpenEvent();
    event.begin();
    long started = System.nanoTime();
    deleteTemporaryFiles();
    JournalReplay.Outcome replay = JournalReplay.replay(layout.journal(), index);
    if (!replay.readable() && !replay.missing()) {
      LOG.warn("journal {} of disk tier is damaged ({}); kept the {} records before it, of {} "
              + "bytes, and rebuilding the rest from the folder",
          layout.journal(), replay.damage(), replay.records(), replay.fileBytes());
    }
    PackedStore packed = SegmentRecovery.open(layout, settings, files, index, new Tally() {
      @Override
      public void foreign(Path path) {
        leaveAlone(path);
      }

      @Override
      public void deleteLink(Path link) {
        Recovery.this.deleteLink(link);
      }

      @Override
      public void dropped(int entries) {
        missing += entries;
      }
    });
    if (!replay.cleanlyClosed()) {
      checkAgainstFolder();
    }
    if (foreign > 0) {
      LOG.warn("left {} entries in disk tier folder {} alone, since the tier did not create them: "
          + "{}{}", foreign, layout.dir(), foreignShown,
          foreign > foreignShown.size() ? " and " + (foreign - foreignShown.size()) + " more" : "");
    }
    index.sortWriteOrder();
    Journal journal = Journal.open(layout, settings, index, replay);
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    boolean created = replay.missing() && index.count() == 0
        && adopted == 0 && linksDeleted == 0 && tempsDeleted == 0;
    String outcome;
    if (created) {
      outcome = "created";
      // A new, empty folder: nothing was recovered, so there is nothing worth an INFO line.
      LOG.debug("disk tier {} created in {} ms", layout.dir(), millis);
    } else if (replay.cleanlyClosed()) {
      outcome = "clean";
      LOG.info("disk tier {} opened: {} entries, {} bytes, from {} journal records in {} ms",
          layout.dir(), index.count(), index.sizeBytes(), replay.records(), millis);
    } else {
      outcome = replay.missing() ? "no journal"
          : replay.readable() ? "unclean shutdown" : "journal damage";
      LOG.info("disk tier {} recovered after {}: {} entries, {} bytes in {} ms; {} journal records "
              + "replayed, {} files adopted, {} entries without a file dropped, {} links and "
              + "{} temporary files deleted",
          layout.dir(), replay.missing() ? "finding no journal"
              : replay.readable() ? "an unclean shutdown" : "journal damage",
          index.count(), index.sizeBytes(), millis, replay.records(), adopted, missing, linksDeleted,
          tempsDeleted);
    }
    emit(event, outcome, replay.records(), journal.rewrittenAtOpen(), millis);
    String repaired = replay.readable() || replay.missing() ? null
        : "repaired journal damage at open (" + replay.damage() + "; kept " + replay.records()
            + " records, rebuilt the rest from the folder)";
    return new Opened(index, journal, packed, repaired);
  }

  /** Records the open in a JFR recording that wants it: the figures of the log line above. */
  private void emit(OpenEvent event, String outcome, long records, boolean rewritten,
      long millis) {
    if (event.shouldCommit()) {
      event.folder = layout.dir().toString();
      event.outcome = outcome;
      event.entries = index.count();
      event.bytes = index.sizeBytes();
      event.journalRecords = records;
      event.filesAdopted = adopted;
      event.entriesDropped = missing;
      event.linksDeleted = linksDeleted;
      event.temporaryFilesDeleted = tempsDeleted;
      event.journalRewritten = rewritten;
      event.millis = millis;
      event.commit();
    }
  }

  private void deleteTemporaryFiles() throws IOException {
    if (DiskLayout.statNoFollow(layout.tmpDir()) == null) {
      layout.modes().createFolder(layout.tmpDir());
    }
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(layout.tmpDir())) {
      for (Path temp : temps) {
        BasicFileAttributes attributes = DiskLayout.statNoFollow(temp);
        if (attributes == null) {
          continue;
        }
        if (DiskLayout.isTempFileName(temp.getFileName().toString())
            && !attributes.isDirectory()) {
          Files.deleteIfExists(temp);
          tempsDeleted++;
        } else {
          leaveAlone(temp);
        }
      }
    }
    BasicFileAttributes journalTemp = DiskLayout.statNoFollow(layout.journalTemp());
    if (journalTemp != null && journalTemp.isRegularFile()) {
      Files.deleteIfExists(layout.journalTemp());
      tempsDeleted++;
    }
  }

  private void checkAgainstFolder() throws IOException {
    long now = settings.clock().epochNanos();
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(layout.dir(),
        p -> DiskLayout.isPrefixFolderName(p.getFileName().toString())
            && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
      for (Path folder : folders) {
        checkFolder(folder, folder.getFileName().toString(), now);
      }
    }
    List<Entry> gone = new ArrayList<>();
    index.forEachEldestFirst(e -> {
      // Packed entries were checked against their segments already.
      if (!e.packed() && !e.seenOnDisk) {
        gone.add(e);
      }
    });
    for (Entry e : gone) {
      index.remove(e);
    }
    missing += gone.size();
  }

  private void checkFolder(Path folder, String prefix, long now) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        KeyBits key = name.startsWith(prefix) ? KeyBits.parseFileName(name) : null;
        if (key == null) {
          leaveAlone(file);
          continue;
        }
        Entry known = index.get(key);
        if (known != null && known.packed()) {
          // A file left from before the key was packed (packing turned on since): the segment
          // holds the content now, so the file is the tier's own dead copy.
          BasicFileAttributes attributes = DiskLayout.statNoFollow(file);
          if (attributes != null && attributes.isRegularFile()) {
            Files.deleteIfExists(file);
          }
          continue;
        }
        if (known != null) {
          // Not stat'ed, to keep recovery at one listing: a read opens it without following links.
          known.seenOnDisk = true;
          continue;
        }
        BasicFileAttributes attributes = DiskLayout.statNoFollow(file);
        if (attributes == null) {
          continue;
        }
        if (attributes.isSymbolicLink()) {
          deleteLink(file);
          continue;
        }
        if (!attributes.isRegularFile()) {
          leaveAlone(file);
          continue;
        }
        // The modification time is when the content was written, so the entry keeps its age; a
        // clock behind the file system's (a test's clock) makes it new rather than from the future.
        long modified = attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        Entry e = new Entry(key, attributes.size(), Math.min(modified, now), 0, false);
        e.seenOnDisk = true;
        index.addEldest(e);
        adopted++;
      }
    }
  }

  private void leaveAlone(Path path) {
    foreign++;
    if (foreignShown.size() < FOREIGN_SHOWN) {
      foreignShown.add(path);
    }
  }

  /** A link with a content file's name: never adopted; the link goes, what it points to stays. */
  private void deleteLink(Path link) {
    try {
      Files.deleteIfExists(link);
      linksDeleted++;
      LOG.warn("deleted symbolic link {} from disk tier folder {}: the tier never follows links",
          link, layout.dir());
    } catch (IOException e) {
      LOG.warn("could not delete symbolic link {}: {}", link, e.toString());
    }
  }
}
