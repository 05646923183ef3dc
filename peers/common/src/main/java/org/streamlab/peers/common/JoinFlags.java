package org.streamlab.peers.common;

import com.fasterxml.jackson.databind.JsonNode;

/** One join case's flags, spelled and defaulted as {@code streamlab join}'s (peers/README.md, "Join cases"). */
public final class JoinFlags {
  /** {@code as-of-arrival}, {@code temporal} or {@code window}. */
  public String mode;
  /** {@code inner}, {@code left} or {@code outer}. */
  public String type = "inner";
  /** Temporal and window mode: the grace (ms), or null when absent. */
  public Long grace;
  /** Temporal mode: the history retention (ms), or null (every version kept). */
  public Long history;
  /** Window mode: the largest time difference of a pair (ms), or null. */
  public Long within;
  /** True for {@code --watermark manual}. */
  public boolean manualWatermark;
  /** The bounded out-of-orderness delay D (ms). */
  public long delay;
  /** The event-time field. */
  public String timeField;
  /** The key field. */
  public String keyField;

  /** Reads a manifest case's {@code flags} object. */
  public static JoinFlags of(JsonNode f) {
    JoinFlags x = new JoinFlags();
    x.mode = text(f, "mode", "as-of-arrival");
    if (!x.mode.equals("as-of-arrival") && !x.mode.equals("temporal") && !x.mode.equals("window"))
      throw new IllegalArgumentException("bad join mode '" + x.mode + "'");
    x.type = text(f, "type", "inner");
    String g = text(f, "grace", null);
    if (g != null) x.grace = Durations.parse(g);
    String h = text(f, "history", null);
    if (h != null) x.history = Durations.parse(h);
    String w = text(f, "within", null);
    if (w != null) x.within = Durations.parse(w);
    String wm = text(f, "watermark", "bounded:0s");
    if (wm.equals("manual")) {
      x.manualWatermark = true;
    } else if (wm.startsWith("bounded:")) {
      x.delay = Durations.parse(wm.substring("bounded:".length()));
    } else {
      throw new IllegalArgumentException("bad watermark '" + wm + "'");
    }
    x.timeField = text(f, "time_field", null);
    x.keyField = text(f, "key_field", null);
    if (x.timeField == null || x.keyField == null)
      throw new IllegalArgumentException("a join needs time_field and key_field");
    return x;
  }

  private static String text(JsonNode f, String name, String dflt) {
    JsonNode v = f.get(name);
    return v == null || v.isNull() ? dflt : v.asText();
  }
}
