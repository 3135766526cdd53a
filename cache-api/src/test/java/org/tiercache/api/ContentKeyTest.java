package org.tiercache.api;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class ContentKeyTest {
  private static final String HELLO_SHA256 =
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
  private static final String HELLO_MD5 = "5d41402abc4b2a76b9719d911017c592";

  @Test
  void computesSha256OfBytesAsLowercaseHex() {
    ContentKey key = ContentKey.sha256("hello".getBytes(UTF_8));
    assertEquals(HELLO_SHA256, key.hex());
    assertEquals(DigestAlgorithm.SHA_256, key.algorithm());
  }

  @Test
  void computesMd5LikeTheSeed() {
    assertEquals(HELLO_MD5, ContentKey.compute(DigestAlgorithm.MD5, "hello".getBytes(UTF_8)).hex());
  }

  @Test
  void streamAndBytesGiveTheSameKey() throws IOException {
    byte[] content = new byte[300_000];
    for (int i = 0; i < content.length; i++) {
      content[i] = (byte) (i * 31);
    }
    assertEquals(ContentKey.sha256(content), ContentKey.sha256(new ByteArrayInputStream(content)));
  }

  @Test
  void parsesBareHexAndLabelledText() {
    ContentKey key = ContentKey.of(HELLO_SHA256);
    assertEquals(key, ContentKey.of("sha256:" + HELLO_SHA256));
    assertEquals(key, ContentKey.of(key.toString()));
    assertEquals(DigestAlgorithm.MD5, ContentKey.of(HELLO_MD5).algorithm());
  }

  @Test
  void matchesOnlyItsOwnContent() {
    ContentKey key = ContentKey.of(HELLO_MD5);
    assertTrue(key.matches("hello".getBytes(UTF_8)));
    // The seed served "not hello" under md5("hello"); a key can tell.
    assertFalse(key.matches("not hello".getBytes(UTF_8)));
  }

  @Test
  void keysOfDifferentAlgorithmsAreNotEqual() {
    String sameText = HELLO_MD5;
    assertNotEquals(ContentKey.of(sameText), ContentKey.of(HELLO_SHA256));
    assertEquals(ContentKey.of(sameText).hashCode(), ContentKey.of(sameText).hashCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "abc",
      "../../etc/passwd",
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982",
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98245",
      "2CF24DBA5FB0A30E26E83B2AC5B9E29E1B161E5C1FA7425E73043362938B9824",
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98..",
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b98/x",
      "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b982g",
      "sha1:5d41402abc4b2a76b9719d911017c592",
      "md5:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
  })
  void refusesTextThatIsNotADigestNamingIt(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ContentKey.of(text));
    assertTrue(e.getMessage().contains("'" + text + "'"), e.getMessage());
  }

  @Test
  void explainsUpperCase() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ContentKey.of(HELLO_MD5.toUpperCase(java.util.Locale.ROOT)));
    assertTrue(e.getMessage().contains("upper-case"), e.getMessage());
  }

  @Test
  void refusesNullWithNullPointerException() {
    assertThrows(NullPointerException.class, () -> ContentKey.of(null));
    assertThrows(NullPointerException.class, () -> ContentKey.sha256((byte[]) null));
    assertThrows(NullPointerException.class, () -> ContentKey.of(DigestAlgorithm.MD5, null));
  }

  @Test
  void refusesDigestOfWrongLength() {
    assertThrows(IllegalArgumentException.class,
        () -> ContentKey.ofDigest(DigestAlgorithm.SHA_256, new byte[16]));
  }
}
