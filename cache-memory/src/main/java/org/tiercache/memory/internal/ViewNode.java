package org.tiercache.memory.internal;

import java.nio.ByteBuffer;
import org.tiercache.api.ContentKey;

/**
 * The node of content of {@link Node#VIEW_FROM} bytes or more: it keeps a read-only view of its
 * array, made with the node (so that the two are allocated, and copied by the collector, side by
 * side), and a hit hands out a duplicate of it, which reads the view's fields and never the
 * array's header (see {@link Node#VIEW_FROM} for why that matters). The kept view is never handed
 * out, so its position and limit never change. Its field fills the four bytes a {@link Node}
 * leaves free: the node stays 48 bytes, plus the view's 56.
 */
final class ViewNode extends Node {
  private final ByteBuffer view;

  ViewNode(ContentKey key, byte[] content, long writeNanos, int hash) {
    super(key, content, writeNanos, hash);
    this.view = ByteBuffer.wrap(content).asReadOnlyBuffer();
  }

  @Override
  ByteBuffer view() {
    return view.duplicate();
  }
}
