package org.streamlab.peers.common;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A window's aggregate, computed the way StreamLab's engine computes it (number_accumulator.cpp):
 * an exact integer sum while every value is an integer JSON number and the sum fits 64 bits, a
 * double sum beside it, minimum and maximum both ways, and the count of events. Public fields and
 * a no-argument constructor make it a Flink POJO; {@link #toBytes} and {@link #fromBytes} are its
 * Kafka Streams serde.
 */
public final class NumberAcc {
  /** Events in the window. */
  public long count;
  /** True until a non-integer value arrives. */
  public boolean allInt = true;
  /** True once the integer sum overflowed 64 bits. */
  public boolean intOverflow;
  /** True once a value arrived. */
  public boolean any;
  /** Exact integer sum, minimum and maximum. */
  public long intSum, intMin, intMax;
  /** Double sum, minimum and maximum. */
  public double doubleSum, doubleMin, doubleMax;

  /** An empty aggregate. */
  public NumberAcc() {}

  /** Adds one event: {@code value} is null for {@code count}. */
  public NumberAcc add(JsonValue value) {
    count++;
    if (value == null) return this;
    if (value.isInt) {
      if (!intOverflow) {
        try {
          intSum = Math.addExact(intSum, value.asLong);
        } catch (ArithmeticException e) {
          intOverflow = true;
        }
      }
      intMin = any ? Math.min(intMin, value.asLong) : value.asLong;
      intMax = any ? Math.max(intMax, value.asLong) : value.asLong;
    } else {
      allInt = false;
    }
    doubleSum += value.asDouble;
    doubleMin = any ? Math.min(doubleMin, value.asDouble) : value.asDouble;
    doubleMax = any ? Math.max(doubleMax, value.asDouble) : value.asDouble;
    any = true;
    return this;
  }

  /** Adds another aggregate's events (a session merge); {@code this} comes first. */
  public NumberAcc merge(NumberAcc o) {
    count += o.count;
    if (!o.any) return this;
    if (!any) {
      copyNumbers(o);
      return this;
    }
    allInt = allInt && o.allInt;
    intOverflow = intOverflow || o.intOverflow;
    if (!intOverflow) {
      try {
        intSum = Math.addExact(intSum, o.intSum);
      } catch (ArithmeticException e) {
        intOverflow = true;
      }
    }
    doubleSum += o.doubleSum;
    intMin = Math.min(intMin, o.intMin);
    intMax = Math.max(intMax, o.intMax);
    doubleMin = Math.min(doubleMin, o.doubleMin);
    doubleMax = Math.max(doubleMax, o.doubleMax);
    return this;
  }

  private void copyNumbers(NumberAcc o) {
    allInt = o.allInt;
    intOverflow = o.intOverflow;
    any = o.any;
    intSum = o.intSum;
    intMin = o.intMin;
    intMax = o.intMax;
    doubleSum = o.doubleSum;
    doubleMin = o.doubleMin;
    doubleMax = o.doubleMax;
  }

  /** The pane's {@code value} as JSON text for an aggregation kind. */
  public String render(Flags.Agg kind) {
    boolean exact = allInt && !intOverflow;
    switch (kind) {
      case COUNT: return Long.toString(count);
      case SUM: return exact ? Long.toString(intSum) : Panes.jsonDouble(doubleSum);
      case AVG:
        if (count == 0) return "null";
        return Panes.jsonDouble(exact ? (double) intSum / (double) count : doubleSum / (double) count);
      case MIN: return allInt ? Long.toString(intMin) : Panes.jsonDouble(doubleMin);
      case MAX: return allInt ? Long.toString(intMax) : Panes.jsonDouble(doubleMax);
      default: throw new IllegalStateException();
    }
  }

  /** Serialized form. */
  public byte[] toBytes() {
    try (ByteArrayOutputStream b = new ByteArrayOutputStream(); DataOutputStream o = new DataOutputStream(b)) {
      o.writeLong(count);
      o.writeBoolean(allInt);
      o.writeBoolean(intOverflow);
      o.writeBoolean(any);
      o.writeLong(intSum);
      o.writeLong(intMin);
      o.writeLong(intMax);
      o.writeDouble(doubleSum);
      o.writeDouble(doubleMin);
      o.writeDouble(doubleMax);
      o.flush();
      return b.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Reads {@link #toBytes}'s form; null for null. */
  public static NumberAcc fromBytes(byte[] bytes) {
    if (bytes == null) return null;
    try (DataInputStream i = new DataInputStream(new ByteArrayInputStream(bytes))) {
      NumberAcc a = new NumberAcc();
      a.count = i.readLong();
      a.allInt = i.readBoolean();
      a.intOverflow = i.readBoolean();
      a.any = i.readBoolean();
      a.intSum = i.readLong();
      a.intMin = i.readLong();
      a.intMax = i.readLong();
      a.doubleSum = i.readDouble();
      a.doubleMin = i.readDouble();
      a.doubleMax = i.readDouble();
      return a;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
