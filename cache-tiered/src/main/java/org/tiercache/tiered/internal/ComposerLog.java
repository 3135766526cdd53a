package org.tiercache.tiered.internal;

/**
 * The one logger name of the whole composer, the exported {@code TieredCache}'s, so that users
 * configure one logger for the stack and its machinery. A name rather than the class, so that this
 * package does not depend on the exported one (a test checks the two agree).
 */
public final class ComposerLog {
  /** {@code org.tiercache.tiered.TieredCache}. */
  public static final String NAME = "org.tiercache.tiered.TieredCache";

  private ComposerLog() {}
}
