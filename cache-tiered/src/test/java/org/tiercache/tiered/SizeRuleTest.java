package org.tiercache.tiered;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tiercache.api.CacheConfigurationException;

/** Size rules: half-open ranges, written with units, read back from their string form. */
final class SizeRuleTest {
  @Test
  void belowExcludesTheBoundAndAtLeastIncludesIt() {
    SizeRule below = SizeRule.below("100KB");
    SizeRule atLeast = SizeRule.atLeast("100KB");
    assertTrue(below.accepts(0));
    assertTrue(below.accepts(102_399));
    assertFalse(below.accepts(102_400));
    assertFalse(atLeast.accepts(102_399));
    assertTrue(atLeast.accepts(102_400));
    assertTrue(atLeast.accepts(Long.MAX_VALUE - 1));
  }

  @Test
  void betweenIncludesTheLowerBoundAndExcludesTheUpper() {
    SizeRule rule = SizeRule.between("1KB", "1MB");
    assertFalse(rule.accepts(1023));
    assertTrue(rule.accepts(1024));
    assertTrue(rule.accepts((1 << 20) - 1));
    assertFalse(rule.accepts(1 << 20));
  }

  @Test
  void anyAcceptsEverySizeIncludingEmpty() {
    assertTrue(SizeRule.any().accepts(0));
    assertTrue(SizeRule.any().accepts(Long.MAX_VALUE - 1));
    assertEquals(SizeRule.any(), SizeRule.atLeast(0));
  }

  @Test
  void parseReadsEveryForm() {
    assertEquals(SizeRule.below(102_400), SizeRule.parse("< 100KB"));
    assertEquals(SizeRule.below(102_400), SizeRule.parse("<100kb"));
    assertEquals(SizeRule.atLeast(1 << 20), SizeRule.parse(">= 1MB"));
    assertEquals(SizeRule.between(1024, 2048), SizeRule.parse("1KB..2KB"));
    assertEquals(SizeRule.between(1024, 2048), SizeRule.parse(" 1KB .. 2KB "));
    assertEquals(SizeRule.any(), SizeRule.parse("any"));
    assertEquals(SizeRule.any(), SizeRule.parse("  "));
  }

  @Test
  void toStringIsTheStringFormInBytes() {
    for (SizeRule rule : new SizeRule[] {SizeRule.any(), SizeRule.below("100KB"),
        SizeRule.atLeast("1MB"), SizeRule.between("1KB", "2KB")}) {
      assertEquals(rule, SizeRule.parse(rule.toString()), rule.toString());
    }
    assertEquals("< 102400B", SizeRule.below("100KB").toString());
  }

  @Test
  void malformedRulesAreRefusedNamingTheText() {
    for (String bad : new String[] {"<= 5KB", "> 5KB", "5KB", "5KB..", "2KB..1KB", "< 0", "< lots",
        "any size"}) {
      CacheConfigurationException e =
          assertThrows(CacheConfigurationException.class, () -> SizeRule.parse(bad), bad);
      assertTrue(e.getMessage().contains("'" + bad + "'"), e.getMessage());
    }
  }

  @Test
  void sizesWrittenAsTextAreRefusedAsConfiguration() {
    assertThrows(CacheConfigurationException.class, () -> SizeRule.below("lots"));
    assertThrows(CacheConfigurationException.class, () -> SizeRule.below("0KB"));
    assertThrows(CacheConfigurationException.class, () -> SizeRule.atLeast("5XB"));
    assertThrows(CacheConfigurationException.class, () -> SizeRule.between("2KB", "1KB"));
  }

  @Test
  void emptyRangesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> SizeRule.below(0));
    assertThrows(IllegalArgumentException.class, () -> SizeRule.between(10, 10));
    assertThrows(IllegalArgumentException.class, () -> SizeRule.atLeast(-1));
  }
}
