package org.tiercache.example.attachments;

import java.io.IOException;
import org.tiercache.api.ContentKey;

/** Where attachments really live: a mail store, an object store; slow, so worth caching. */
public interface Origin {

  /**
   * Fetches an attachment by its digest.
   *
   * @param key the attachment's key
   * @return its content, or {@code null} if the origin has no such attachment
   * @throws IOException if the origin cannot be read
   * @throws InterruptedException if the thread is interrupted while waiting for the origin
   */
  byte[] fetch(ContentKey key) throws IOException, InterruptedException;
}
