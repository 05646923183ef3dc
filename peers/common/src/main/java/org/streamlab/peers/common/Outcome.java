package org.streamlab.peers.common;

/** What running one case gave: ok with counts, or unsupported with a reason. */
public final class Outcome {
  /** "ok" or "unsupported". */
  public final String status;
  /** Why unsupported, or null. */
  public final String reason;
  /** Panes and late records written. */
  public final long panes, late;

  private Outcome(String status, String reason, long panes, long late) {
    this.status = status;
    this.reason = reason;
    this.panes = panes;
    this.late = late;
  }

  /** The case ran. */
  public static Outcome ok(long panes, long late) {
    return new Outcome("ok", null, panes, late);
  }

  /** The engine cannot express the case. */
  public static Outcome unsupported(String reason) {
    return new Outcome("unsupported", reason, 0, 0);
  }
}
