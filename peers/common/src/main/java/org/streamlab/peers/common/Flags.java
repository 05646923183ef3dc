package org.streamlab.peers.common;

import com.fasterxml.jackson.databind.JsonNode;

/** One case's window flags, spelled and defaulted as {@code streamlab window}'s (peers/README.md). */
public final class Flags {
  /** Window kinds. */
  public enum Kind { TUMBLING, HOPPING, SESSION }

  /** Aggregations. */
  public enum Agg { COUNT, SUM, AVG, MIN, MAX }

  /** The window kind. */
  public Kind kind;
  /** Tumbling and hopping: the size; session: the gap (ms). */
  public long size;
  /** Hopping: the advance (ms); tumbling: the size; session: 0. */
  public long advance;
  /** The aggregation. */
  public Agg agg = Agg.COUNT;
  /** The aggregated field (null for count). */
  public String aggField;
  /** True for {@code --watermark manual}. */
  public boolean manualWatermark;
  /** The bounded out-of-orderness delay D (ms). */
  public long delay;
  /** Allowed lateness L (ms). */
  public long allowedLateness;
  /** {@code final}, {@code update} or {@code complete}. */
  public String emit = "final";
  /** {@code continuous} or {@code micro-batch:P}. */
  public String trigger = "continuous";
  /** {@code event} or {@code processing}. */
  public String timeDomain = "event";
  /** The event-time field (null for processing time). */
  public String timeField;
  /** The key field (null: one null key). */
  public String keyField;
  /** {@code --early-every}, or null. */
  public String earlyEvery;
  /** The raw window spec, for messages. */
  public String windowSpec;

  /** Reads a manifest case's {@code flags} object. */
  public static Flags of(JsonNode f) {
    Flags x = new Flags();
    x.windowSpec = text(f, "window", null);
    if (x.windowSpec == null) throw new IllegalArgumentException("flags.window is required");
    String[] w = x.windowSpec.split(":", 2);
    if (w.length != 2) throw new IllegalArgumentException("bad window '" + x.windowSpec + "'");
    switch (w[0]) {
      case "tumbling":
        x.kind = Kind.TUMBLING;
        x.size = x.advance = Durations.parse(w[1]);
        break;
      case "hopping": {
        String[] sa = w[1].split(",", 2);
        if (sa.length != 2) throw new IllegalArgumentException("hopping takes SIZE,ADVANCE");
        x.kind = Kind.HOPPING;
        x.size = Durations.parse(sa[0]);
        x.advance = Durations.parse(sa[1]);
        break;
      }
      case "session":
        x.kind = Kind.SESSION;
        x.size = Durations.parse(w[1]);
        break;
      default: throw new IllegalArgumentException("bad window kind '" + w[0] + "'");
    }
    String agg = text(f, "agg", "count");
    String[] a = agg.split(":", 2);
    x.agg = Agg.valueOf(a[0].toUpperCase(java.util.Locale.ROOT));
    if (x.agg != Agg.COUNT) {
      if (a.length != 2 || a[1].isEmpty()) throw new IllegalArgumentException(a[0] + " needs a field");
      x.aggField = a[1];
    }
    String wm = text(f, "watermark", "bounded:0s");
    if (wm.equals("manual")) {
      x.manualWatermark = true;
    } else if (wm.startsWith("bounded:")) {
      x.delay = Durations.parse(wm.substring("bounded:".length()));
    } else {
      throw new IllegalArgumentException("bad watermark '" + wm + "'");
    }
    x.allowedLateness = Durations.parse(text(f, "allowed_lateness", "0s"));
    x.emit = text(f, "emit", "final");
    x.trigger = text(f, "trigger", "continuous");
    x.timeDomain = text(f, "time_domain", "event");
    x.timeField = text(f, "time_field", null);
    x.keyField = text(f, "key_field", null);
    x.earlyEvery = text(f, "early_every", null);
    return x;
  }

  private static String text(JsonNode f, String name, String dflt) {
    JsonNode v = f.get(name);
    return v == null || v.isNull() ? dflt : v.asText();
  }

  /** How many of the windows a record at {@code t} belongs to ({@code [k*A, k*A+S)} containing t; 1 for sessions). */
  public int windowsPerRecord(long t) {
    if (kind == Kind.SESSION) return 1;
    long last = Math.floorDiv(t, advance);
    int n = 0;
    for (long k = last; k * advance + size > t; k--) n++;
    return n;
  }
}
