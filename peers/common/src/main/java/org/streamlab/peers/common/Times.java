package org.streamlab.peers.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Event times as StreamLab reads and writes them: integer milliseconds or ISO-8601 in, ISO-8601 UTC out. */
public final class Times {
  private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

  private Times() {}

  /** The event time of a JSON value (integer ms, integral double, ISO string or digit string); throws when unparseable. */
  public static long parse(JsonNode v) {
    if (v == null || v.isNull()) throw new IllegalArgumentException("missing time");
    if (v.isIntegralNumber()) return v.asLong();
    if (v.isNumber()) {
      double d = v.asDouble();
      if (d != Math.rint(d)) throw new IllegalArgumentException("non-integral time");
      return (long) d;
    }
    if (v.isTextual()) return parse(v.asText());
    throw new IllegalArgumentException("unparseable time");
  }

  /** The event time of a string: ISO-8601 with {@code Z} or an offset, or integer milliseconds. */
  public static long parse(String s) {
    if (!s.isEmpty() && s.chars().allMatch(c -> Character.isDigit(c) || c == '-')) return Long.parseLong(s);
    return OffsetDateTime.parse(s).toInstant().toEpochMilli();
  }

  /** ISO-8601 UTC with {@code Z}, milliseconds only when non-zero: StreamLab's output form. */
  public static String format(long ms) {
    Instant t = Instant.ofEpochMilli(ms);
    String base = SECONDS.format(t.atOffset(ZoneOffset.UTC));
    long frac = Math.floorMod(ms, 1000L);
    return frac == 0 ? base + "Z" : base + String.format(".%03dZ", frac);
  }
}
