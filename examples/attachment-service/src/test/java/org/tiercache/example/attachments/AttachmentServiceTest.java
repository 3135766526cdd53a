package org.tiercache.example.attachments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tiercache.api.CacheException;
import org.tiercache.api.ContentKey;
import org.tiercache.tiered.TieredCache;

/**
 * The service in process: one fetch for many concurrent requests, no wrong content cached, and the
 * cache's meters in the registry.
 */
final class AttachmentServiceTest {
  private static final byte[] INVOICE = "invoice 2026-11".getBytes(StandardCharsets.UTF_8);
  private static final ContentKey KEY = ContentKey.sha256(INVOICE);

  @TempDir Path cacheDir;
  private final MeterRegistry registry = new SimpleMeterRegistry();

  private double meter(String name, String... tags) {
    return registry.get(name).tag("cache", AttachmentService.CACHE_NAME).tags(tags)
        .functionCounter().count();
  }

  @Test
  void concurrentRequestsForOneAttachmentReachTheOriginOnce() throws Exception {
    AtomicInteger fetches = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    Origin slow = key -> {
      fetches.incrementAndGet();
      release.await();
      return INVOICE.clone();
    };
    ExecutorService requests = Executors.newFixedThreadPool(4);
    try (AttachmentService service =
        new AttachmentService(TieredCache.seedDefaults(cacheDir).build(), slow, registry)) {
      List<Future<ByteBuffer>> answers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        answers.add(requests.submit(() -> service.attachment(KEY)));
      }
      release.countDown();
      for (Future<ByteBuffer> answer : answers) {
        ByteBuffer content = answer.get();
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        assertArrayEquals(INVOICE, bytes);
      }
      assertEquals(1, fetches.get(), "requests that came while the fetch ran waited for it");
      assertArrayEquals(INVOICE, service.cache().getBytes(KEY));
    } finally {
      requests.shutdownNow();
    }
  }

  @Test
  void contentThatDoesNotMatchItsKeyIsRefusedAndNotCached() {
    Origin lying = key -> "something else".getBytes(StandardCharsets.UTF_8);
    try (AttachmentService service =
        new AttachmentService(TieredCache.seedDefaults(cacheDir).build(), lying,
            registry)) {
      assertThrows(CacheException.class, () -> service.attachment(KEY));
      assertNull(service.cache().get(KEY));
    }
  }

  @Test
  void anAttachmentTheOriginDoesNotHaveIsNull() {
    try (AttachmentService service =
        new AttachmentService(TieredCache.seedDefaults(cacheDir).build(), key -> null,
            registry)) {
      assertNull(service.attachment(KEY));
    }
  }

  @Test
  void theRegistryShowsTheStacksHitsItsTiersAndTheFetchesTimed() {
    try (AttachmentService service = new AttachmentService(
        TieredCache.seedDefaults(cacheDir).build(), key -> INVOICE.clone(), registry)) {
      service.attachment(KEY);
      service.attachment(KEY);
      service.attachment(KEY);

      assertEquals(2, meter("cache.gets", "position", "stack", "result", "hit"));
      assertEquals(1, meter("cache.gets", "position", "stack", "result", "miss"));
      assertEquals(2, meter("cache.gets", "tier", "memory", "position", "0", "result", "hit"));
      assertEquals(INVOICE.length, registry.get("cache.content.size")
          .tags("tier", "memory", "position", "0").gauge().value());
      assertEquals(1, registry.get("cache.loads").tags("result", "success").timer().count(),
          "one fetch, timed");
    }
  }
}
