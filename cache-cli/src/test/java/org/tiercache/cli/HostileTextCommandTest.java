package org.tiercache.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.tiercache.cli.CommandRun.Result;

/**
 * Text the command echoes (a key, a file name, a spec, a tier's message) never reaches the terminal
 * with a control character in it: escape sequences and bidirectional overrides are shown escaped.
 */
final class HostileTextCommandTest extends CommandTest {
  /** Recolours the terminal, sets its title, rings the bell; reverses the text after it. */
  private static final String HOSTILE = "\u001b[31mred\u001b]0;pwned\u0007\u009b2J\u202etxt.exe";

  @Test
  void aBadKeyIsEchoedEscaped() throws Exception {
    Result get = tiercache.run("get", HOSTILE);

    assertEquals(2, get.exit(), get::toString);
    assertSafe(get);
    assertTrue(get.stderr().contains("'\\x1b[31mred\\x1b]0;pwned\\x07\\x9b2J\\u202etxt.exe'"),
        get::toString);
  }

  @Test
  void aFileNameIsPrintedEscapedBesideItsKey() throws Exception {
    Path file = Files.writeString(work.resolve("a" + HOSTILE), "content");

    Result put = tiercache.run("put", file.toString());

    assertEquals(0, put.exit(), put::toString);
    assertSafe(put);
    assertTrue(put.stdout().strip().endsWith("  " + work + "/a\\x1b[31mred\\x1b]0;pwned\\x07"
        + "\\x9b2J\\u202etxt.exe"), put::toString);
  }

  @Test
  void aTiersMessageIsShownEscaped() throws Exception {
    CommandRun broken = tiercache.withBrokenTier();
    Path file = Files.writeString(work.resolve("f"), "content");

    Result put = broken.run("put", "--stack", "broken(echo=\"\\u001b[2J\\u202e\\n\\rforged\")",
        file.toString());

    assertEquals(3, put.exit(), put::toString);
    assertSafe(put);
    assertEquals(1, put.stderr().strip().lines().count(), put::toString);
    assertTrue(put.stderr().contains("\\x1b[2J\\u202e"), put::toString);
  }

  @Test
  void aTiersMessageInAnErrorLineIsShownEscaped() throws Exception {
    CommandRun broken = tiercache.withBrokenTier();
    Path file = Files.writeString(work.resolve("f"), "content");

    Result put = broken.run("put", "--stack", "broken(echo=\"\u001b]0;pwned\u0007\") any ;"
        + " memory any", file.toString());

    // Written through to the failing tier (the memory tier ends with the command): exit 3.
    assertEquals(3, put.exit(), put::toString);
    assertSafe(put);
    assertTrue(put.stderr().contains("\\x1b]0;pwned\\x07"),
        put::toString);
  }

  @Test
  void aSpecAndAnOptionAreEchoedEscaped() throws Exception {
    Result spec = tiercache.run("stat", "--stack", "memory(capacity=" + HOSTILE + ")");
    assertEquals(2, spec.exit(), spec::toString);
    assertSafe(spec);

    Result option = tiercache.run("stat", "--" + HOSTILE);
    assertEquals(2, option.exit(), option::toString);
    assertSafe(option);
  }

  @Test
  void statShowsAFolderNameEscapedAndItsJsonReadsBackExactly() throws Exception {
    Path dir = work.resolve("cache" + HOSTILE.replace("/", ""));

    Result stat = tiercache.run("stat", "--dir", dir.toString());
    Result json = tiercache.run("stat", "--json", "--dir", dir.toString());

    assertEquals(0, stat.exit(), stat::toString);
    assertSafe(stat);
    assertEquals(0, json.exit(), json::toString);
    assertSafe(json);
    assertEquals(dir.toString(), new ObjectMapper().readTree(json.stdout()).get("tiers").get(1)
        .get("dir").asText());
  }

  private static void assertSafe(Result result) throws IOException {
    for (String stream : new String[] {result.stdout(), result.stderr()}) {
      for (int i = 0; i < stream.length(); i++) {
        char c = stream.charAt(i);
        boolean allowed = c == '\n' || c == '\t'
            || !(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT);
        int at = i;
        assertTrue(allowed, () -> String.format("U+%04X at %d: %s", (int) c, at, result));
      }
    }
    assertFalse(result.stdout().contains("\u202e") || result.stderr().contains("\u202e"));
  }
}
