package org.tiercache.disk.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A stream over a content file, read straight from its channel into the caller's array (no buffer of
 * the content's size, so a file of any size streams in constant memory).
 *
 * <p>It checks what it read when it reaches the end: the length always, and the content as the
 * tier's {@link VerifyPolicy} says. Damage found there is reported to the tier (which removes the entry) and raised as an
 * {@link IOException} instead of the end of the stream, so a reader never takes damaged content for
 * whole content. Bytes read before the end are not yet checked: a caller that must not act on them
 * reads to the end first.
 */
final class ContentStream extends InputStream {
  private final FileChannel channel;
  private final Entry entry;
  /** {@code null} when the tier checks only lengths. */
  private final ContentCheck check;
  private final Consumer<String> onDamage;
  private final String description;
  private long read;
  private boolean ended;

  ContentStream(FileChannel channel, Entry entry, ContentCheck check, Consumer<String> onDamage,
      String description) {
    this.channel = channel;
    this.entry = entry;
    this.check = check;
    this.onDamage = onDamage;
    this.description = description;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] target, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, target.length);
    if (length == 0) {
      return 0;
    }
    if (ended) {
      return -1;
    }
    int n = channel.read(ByteBuffer.wrap(target, offset, length));
    if (n < 0) {
      ended = true;
      checkEnd();
      return -1;
    }
    read += n;
    if (read > entry.size) {
      ended = true;
      damaged("it is longer than the " + entry.size + " bytes put");
    }
    if (check != null) {
      check.update(target, offset, n);
    }
    return n;
  }

  /**
   * With nothing to check but the length ({@code verify=never}), hands the copy to the kernel:
   * {@link FileChannel#transferTo} uses {@code sendfile} or {@code copy_file_range} when
   * {@code out} is a file or socket stream, so the content never passes through the heap. A check of
   * the content needs its bytes, so otherwise this reads them as {@link #read(byte[], int, int)}
   * does.
   */
  @Override
  public long transferTo(OutputStream out) throws IOException {
    Objects.requireNonNull(out, "out must not be null");
    if (check != null || ended) {
      return super.transferTo(out);
    }
    WritableByteChannel target = Channels.newChannel(out);
    long before = read;
    long position = channel.position();
    long end = channel.size();
    while (position < end) {
      long n = channel.transferTo(position, end - position, target);
      if (n <= 0) {
        break;
      }
      position += n;
      read += n;
    }
    channel.position(position);
    ended = true;
    checkEnd();
    return read - before;
  }

  @Override
  public int available() throws IOException {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(0, entry.size - read));
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private void checkEnd() throws IOException {
    if (read != entry.size) {
      damaged("it has " + read + " bytes, not the " + entry.size + " put");
    }
    if (check != null && !check.matches()) {
      damaged(check.what());
    }
  }

  private void damaged(String why) throws IOException {
    onDamage.accept(why);
    throw new IOException("content " + description + " is damaged: " + why
        + "; the entry was removed from the disk tier");
  }
}
