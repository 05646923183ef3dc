package org.streamlab.peers.common;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One input line in arrival order: a record, a {@code $watermark} mark or an {@code $advance} of processing time. */
public final class InputLine {
  /** What the line is. */
  public enum Type { RECORD, WATERMARK, ADVANCE }

  /** What the line is. */
  public final Type type;
  /** RECORD: the original object. */
  public final ObjectNode record;
  /** RECORD: the key's compact JSON text ({@code null} without a key field). */
  public final String keyJson;
  /** RECORD: the event time; WATERMARK: the mark; ADVANCE: the duration (ms). */
  public final long time;
  /** RECORD: the aggregated value (null for count). */
  public final JsonValue value;
  /** The virtual processing-time clock after this line (it starts at 0 and moves only by {@code $advance}). */
  public final long clock;

  InputLine(Type type, ObjectNode record, String keyJson, long time, JsonValue value, long clock) {
    this.type = type;
    this.record = record;
    this.keyJson = keyJson;
    this.time = time;
    this.value = value;
    this.clock = clock;
  }
}
