package org.tiercache.redis.internal;

/**
 * The server refused a transaction for want of memory ({@code maxmemory} reached under
 * {@code noeviction}, or under a {@code volatile-*} policy with nothing left to evict): it discarded
 * the whole transaction, so nothing of it was written. The refusal the server gave is the cause.
 */
final class ServerFullException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ServerFullException(RuntimeException refusal) {
    super("the server refused the transaction for want of memory: " + refusal.getMessage(),
        refusal);
  }
}
