package org.tiercache.example.deflate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheException;
import org.tiercache.api.CacheTier;
import org.tiercache.api.CacheTierProvider;
import org.tiercache.api.ContentKey;
import org.tiercache.api.TierConfig;
import org.tiercache.api.TierDiscovery;

/**
 * What the kit cannot see: content that compresses is kept deflated and comes back exact by every
 * way out, content that does not is kept raw, and the tier is found by its id.
 */
final class DeflateTierTest {

  @Test
  void compressibleContentIsKeptInAFractionOfItsSizeAndComesBackExact() throws Exception {
    byte[] mail = mailBody(64 * 1024);
    ContentKey key = ContentKey.sha256(mail);
    DeflateTier tier = open("capacity=1MB");

    assertTrue(tier.put(key, mail));

    assertEquals(mail.length, tier.sizeBytes(), "sizes count content, not what is kept");
    assertTrue(tier.keptBytes() * 4 < mail.length,
        () -> "64 KiB of text kept in " + tier.keptBytes() + " bytes; expected a quarter or less");
    assertArrayEquals(mail, tier.getBytes(key));
    try (InputStream in = tier.openStream(key)) {
      assertArrayEquals(mail, in.readAllBytes());
    }
    assertEquals(2, tier.stats().hits(), "get and openStream each count as a get");
  }

  @Test
  void incompressibleContentIsKeptRawNeverLarger() {
    byte[] random = new byte[8192];
    new SplittableRandom(1).nextBytes(random);
    DeflateTier tier = open("capacity=1MB");

    tier.put(ContentKey.sha256(random), random);

    assertEquals(random.length, tier.keptBytes());
    assertArrayEquals(random, tier.getBytes(ContentKey.sha256(random)));
  }

  @Test
  void contentBelowTheThresholdIsKeptRaw() {
    byte[] small = mailBody(200);
    DeflateTier tier = open("capacity=1MB threshold=256B");

    tier.put(ContentKey.sha256(small), small);

    assertEquals(small.length, tier.keptBytes());
  }

  @Test
  void aBufferIsDeflatedFromItsPositionWithoutMovingIt() {
    byte[] mail = mailBody(10_000);
    ByteBuffer framed = ByteBuffer.allocate(mail.length + 20);
    framed.position(10);
    framed.put(mail);
    framed.position(10).limit(10 + mail.length);
    ByteBuffer readOnly = framed.asReadOnlyBuffer();
    ContentKey key = ContentKey.sha256(mail);
    DeflateTier tier = open("capacity=1MB");

    tier.put(key, readOnly);

    assertEquals(10, readOnly.position());
    assertArrayEquals(mail, tier.getBytes(key));
    assertTrue(tier.keptBytes() < mail.length);
  }

  @Test
  void theEvictionListenerIsGivenTheInflatedContent() {
    List<byte[]> told = new ArrayList<>();
    byte[] first = mailBody(6000);
    byte[] second = mailBody(6001);
    CacheTier tier = new DeflateTierProvider().create(TierConfig.builder().capacity(10_000)
        .evictionListener((key, content) -> {
          byte[] copy = new byte[content.remaining()];
          content.get(copy);
          told.add(copy);
        }).build());

    tier.put(ContentKey.sha256(first), first);
    tier.put(ContentKey.sha256(second), second);

    assertEquals(1, told.size());
    assertArrayEquals(first, told.get(0));
  }

  @Test
  void theProviderIsFoundByItsIdThroughServiceLoader() {
    CacheTierProvider provider = TierDiscovery.scan().provider("deflate");
    try (CacheTier tier = provider.create(TierConfig.parse("capacity=1MB level=9"))) {
      assertEquals("deflate", tier.id());
    }
  }

  @Test
  void badSettingsAreRefusedNamingTheSettingAndValue() {
    DeflateTierProvider provider = new DeflateTierProvider();
    CacheException level = assertThrows(CacheException.class,
        () -> provider.create(TierConfig.parse("level=11")));
    assertTrue(level.getMessage().contains("'level'") && level.getMessage().contains("'11'"),
        level.getMessage());
    CacheException unknown = assertThrows(CacheException.class,
        () -> provider.create(TierConfig.parse("colour=blue")));
    assertTrue(unknown.getMessage().contains("colour"), unknown.getMessage());
  }

  private static DeflateTier open(String settings) {
    CacheTier tier = new DeflateTierProvider().create(TierConfig.parse(settings));
    assertNotNull(tier);
    return (DeflateTier) tier;
  }

  // Text as mail bodies have it: words repeated with variations, so it compresses as real text does.
  private static byte[] mailBody(int length) {
    String[] words = {"Dear", "customer,", "please", "find", "attached", "the", "invoice", "for",
        "order", "of", "November.", "Kind", "regards,", "accounts", "team", "\n"};
    SplittableRandom random = new SplittableRandom(length);
    StringBuilder text = new StringBuilder(length + 16);
    while (text.length() < length) {
      text.append(words[random.nextInt(words.length)]).append(' ');
    }
    return text.substring(0, length).getBytes(StandardCharsets.US_ASCII);
  }
}
