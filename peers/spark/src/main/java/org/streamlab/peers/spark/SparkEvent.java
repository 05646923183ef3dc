package org.streamlab.peers.spark;

import java.io.Serializable;

/**
 * One input record as the MemoryStream carries it (a Java bean for {@code Encoders.bean}): its
 * arrival number, event time, key and aggregated value.
 */
public class SparkEvent implements Serializable {
  private static final long serialVersionUID = 1L;
  private long seq;
  private long tsMs;
  private String key;
  private String value;

  /** For the bean encoder. */
  public SparkEvent() {}

  /** An event: arrival number, event time (ms), key JSON text, value ({@code JsonValue.encode}, "" for count). */
  public SparkEvent(long seq, long tsMs, String key, String value) {
    this.seq = seq;
    this.tsMs = tsMs;
    this.key = key;
    this.value = value;
  }

  /** Arrival number among the case's records (0-based). */
  public long getSeq() {
    return seq;
  }

  /** Sets the arrival number. */
  public void setSeq(long seq) {
    this.seq = seq;
  }

  /** Event time, milliseconds since the epoch. */
  public long getTsMs() {
    return tsMs;
  }

  /** Sets the event time. */
  public void setTsMs(long tsMs) {
    this.tsMs = tsMs;
  }

  /** The key's compact JSON text. */
  public String getKey() {
    return key;
  }

  /** Sets the key. */
  public void setKey(String key) {
    this.key = key;
  }

  /** The aggregated value in {@code JsonValue.encode}'s form, "" for count. */
  public String getValue() {
    return value;
  }

  /** Sets the value. */
  public void setValue(String value) {
    this.value = value;
  }
}
