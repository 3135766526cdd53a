package org.tiercache.redis.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each script carries the parts of {@code common.lua} it uses and no others (Lua defines a
 * script's functions on every run, issue 14): what a script calls is defined before it, what it
 * never calls is left out. That the linked scripts run is shown by every test against a server.
 */
final class ScriptLinkTest {
  private static final List<Script> ALL = List.of(Script.GET, Script.GET_ALL, Script.PUT,
      Script.CONTAINS, Script.REMOVE, Script.EVICT_EXPIRED, Script.CLEAR, Script.OCCUPANCY,
      Script.RECONCILE, Script.LIST, Script.RECLAIM);
  private static final Pattern FUNCTION = Pattern.compile("(?m)^local function (\\w+)\\(");

  @Test
  void everyFunctionAScriptCallsIsDefinedBeforeTheCall() {
    for (Script script : ALL) {
      String text = script.text();
      Matcher defined = FUNCTION.matcher(text);
      while (defined.find()) {
        // Nothing is defined twice, so each definition stands for one paragraph of common.lua.
        assertFalse(text.indexOf("local function " + defined.group(1) + "(", defined.end())
            >= 0, script + " defines " + defined.group(1) + " twice");
      }
      for (String function : List.of("wellFormed", "notAfter", "isExpired", "sizeOf",
          "microsOf", "recountUnderWay", "counted", "account", "drop", "nextTick", "record",
          "look", "health", "bytesHeld", "evictTo", "expiredIds")) {
        int call = firstCall(text, function);
        if (call >= 0) {
          int definition = text.indexOf("local function " + function + "(");
          assertTrue(definition >= 0 && definition < call,
              script + " calls " + function + " without defining it first");
        }
      }
    }
  }

  @Test
  void aScriptLeavesOutWhatItNeverCalls() {
    String occupancy = Script.OCCUPANCY.text();
    assertTrue(occupancy.contains("local function look("), "occupancy's health() needs look()");
    assertTrue(occupancy.contains("local function recountUnderWay("), "and look() this");
    assertFalse(occupancy.contains("local function drop("), "occupancy drops nothing");
    assertFalse(occupancy.contains("local function evictTo("), "nor evicts");
    String put = Script.PUT.text();
    assertTrue(put.contains("local function evictTo("), "put evicts");
    assertTrue(put.contains("local recounting = nil"), "put reads the recount flag itself");
    assertFalse(put.contains("local function bytesHeld("), "put reads the counter itself");
    assertFalse(put.contains("local function microsOf("), "put is given its micros");
    assertTrue(put.startsWith("-- The common path of put.lua"),
        "put's common path runs before any definition");
    assertTrue(put.indexOf("-- Shared by every script") > put.indexOf("local fastTick"),
        "then the keys and arguments every script reads, before put.lua's own text");
    assertTrue(Script.GET.text().startsWith("-- The hit path of get.lua"),
        "get's hit path runs before any definition");
  }

  // Where the code (not a comment, not a definition) first calls the function, or -1.
  private static int firstCall(String text, String function) {
    Matcher call = Pattern.compile("(?<![\\w.])" + function + "\\(").matcher(text);
    while (call.find()) {
      int lineStart = text.lastIndexOf('\n', call.start()) + 1;
      String before = text.substring(lineStart, call.start());
      if (!before.contains("--") && !before.endsWith("local function ")) {
        return call.start();
      }
    }
    return -1;
  }
}
