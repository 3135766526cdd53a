package org.tiercache.cli.internal;

import java.util.Iterator;
import java.util.Map;

/**
 * Writes the JSON that {@code --json} prints, from maps (objects, in their iteration order), lists
 * (arrays), strings, numbers, booleans and {@code null}; anything else is written as its
 * {@code toString()}. A dozen lines do not justify a JSON library on the module path.
 */
public final class Json {
  private Json() {}

  /**
   * Writes a value as JSON, indented by two spaces.
   *
   * @param value a map, list, string, number, boolean or {@code null}
   * @return the JSON text, without a final line break
   */
  public static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(value, out, "");
    return out.toString();
  }

  /**
   * Writes a flat object as JSON on one line, for output of one object per line (JSON Lines), which
   * a script reads as it comes and which never needs the whole listing in memory.
   *
   * @param object names to strings, numbers, booleans or {@code null}
   * @return the JSON text, on one line, without a line break
   * @throws IllegalArgumentException if a value is a map or a list
   */
  public static String writeLine(Map<String, ?> object) {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, ?> e : object.entrySet()) {
      Object value = e.getValue();
      if (value instanceof Map || value instanceof Iterable) {
        throw new IllegalArgumentException("a line holds a flat object, '" + e.getKey()
            + "' is " + value);
      }
      if (out.length() > 1) {
        out.append(',');
      }
      string(e.getKey(), out);
      out.append(':');
      write(value, out, "");
    }
    return out.append('}').toString();
  }

  private static void write(Object value, StringBuilder out, String indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
      out.append(value);
    } else if (value instanceof Double d) {
      out.append(d.isNaN() || d.isInfinite() ? "null" : d.toString());
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      String inner = indent + "  ";
      out.append("{\n");
      Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        out.append(inner);
        string(String.valueOf(e.getKey()), out);
        out.append(": ");
        write(e.getValue(), out, inner);
        out.append(it.hasNext() ? ",\n" : "\n");
      }
      out.append(indent).append('}');
    } else if (value instanceof Iterable<?> list) {
      Iterator<?> it = list.iterator();
      if (!it.hasNext()) {
        out.append("[]");
        return;
      }
      String inner = indent + "  ";
      out.append("[\n");
      while (it.hasNext()) {
        out.append(inner);
        write(it.next(), out, inner);
        out.append(it.hasNext() ? ",\n" : "\n");
      }
      out.append(indent).append(']');
    } else {
      string(value.toString(), out);
    }
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          // Escaped as JSON allows, so a parser reads the same text back, while a terminal shows
          // the JSON without acting on a control or bidirectional character inside a string.
          if (c < 0x20 || Shown.isHostile(s, i)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }
}
