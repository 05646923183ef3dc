package org.streamlab.peers.common;

import com.fasterxml.jackson.databind.JsonNode;

/** A numeric field's value: an integer JSON number (exact) or any other number (a double). */
public final class JsonValue {
  /** True for an integer JSON number that fits 64 bits. */
  public boolean isInt;
  /** The value when {@link #isInt}. */
  public long asLong;
  /** The value as a double (always set). */
  public double asDouble;

  /** For serializers. */
  public JsonValue() {}

  /** The value of a JSON number node; throws for anything else (StreamLab: a dead letter). */
  public static JsonValue of(JsonNode n) {
    if (n == null || !n.isNumber()) throw new IllegalArgumentException("non-numeric value");
    JsonValue v = new JsonValue();
    v.isInt = n.isIntegralNumber() && n.canConvertToLong();
    v.asLong = v.isInt ? n.asLong() : 0;
    v.asDouble = n.asDouble();
    return v;
  }

  /** A compact text form ("i:123" or "d:<bits>") for engines that carry values as strings. */
  public String encode() {
    return isInt ? "i:" + asLong : "d:" + Double.doubleToRawLongBits(asDouble);
  }

  /** Reads {@link #encode}'s form; null for an empty string (a count has no value). */
  public static JsonValue decode(String s) {
    if (s == null || s.isEmpty()) return null;
    JsonValue v = new JsonValue();
    if (s.startsWith("i:")) {
      v.isInt = true;
      v.asLong = Long.parseLong(s.substring(2));
      v.asDouble = (double) v.asLong;
    } else {
      v.asDouble = Double.longBitsToDouble(Long.parseLong(s.substring(2)));
    }
    return v;
  }
}
