package org.tiercache.micrometer;

import java.nio.ByteBuffer;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierHealth;
import org.tiercache.api.TierStats;

/**
 * A tier whose statistics a test sets, and which can be told to fail: its operations then throw, as
 * those of a tier whose storage is gone would (its statistics still answer, as the shipped tiers'
 * do), and separately its statistics.
 */
final class ScriptedTier implements CacheTier {
  private volatile TierStats stats = TierStats.EMPTY;
  private volatile boolean failing;
  private volatile boolean statsFailing;
  private volatile TierHealth health = TierHealth.UP;

  void health(TierHealth health) {
    this.health = health;
  }

  @Override
  public TierHealth health() {
    return health;
  }

  void stats(TierStats stats) {
    this.stats = stats;
  }

  void failing(boolean failing) {
    this.failing = failing;
  }

  void statsFailing(boolean statsFailing) {
    this.statsFailing = statsFailing;
  }

  private void check() {
    if (failing) {
      throw new CacheException("scripted tier fails");
    }
  }

  private void checkStats() {
    if (statsFailing) {
      throw new CacheException("scripted tier cannot read its statistics");
    }
  }

  @Override
  public String id() {
    return "scripted";
  }

  @Override
  public ByteBuffer get(ContentKey key) {
    check();
    return null;
  }

  @Override
  public boolean put(ContentKey key, byte[] content) {
    check();
    return false;
  }

  @Override
  public boolean remove(ContentKey key) {
    check();
    return false;
  }

  @Override
  public boolean contains(ContentKey key) {
    check();
    return false;
  }

  @Override
  public void clear() {
    check();
  }

  @Override
  public long evictExpired() {
    check();
    return 0;
  }

  @Override
  public long sizeBytes() {
    return stats().sizeBytes();
  }

  @Override
  public long entryCount() {
    return stats().entryCount();
  }

  @Override
  public long capacityBytes() {
    checkStats();
    return 1 << 20;
  }

  @Override
  public TierStats stats() {
    checkStats();
    return stats;
  }

  @Override
  public void close() {}
}
