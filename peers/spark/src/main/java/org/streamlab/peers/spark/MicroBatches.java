package org.streamlab.peers.spark;

import java.util.ArrayList;
import java.util.List;
import org.streamlab.peers.common.Durations;
import org.streamlab.peers.common.Flags;
import org.streamlab.peers.common.InputLine;

/**
 * Cuts a case's input into the micro-batches Spark runs, with StreamLab's rule for
 * {@code --trigger micro-batch:P}: processing time is a virtual clock that starts at 0 and moves
 * only by {@code $advance} lines; a batch ends when an advance moves the clock across a multiple
 * of P (once, however many it crosses) and at end of input. Spark runs no batch without new
 * data, so a batch end with no record in between is no batch here.
 */
final class MicroBatches {
  private MicroBatches() {}

  /** The batches: each a list of indices into {@code records} (the RECORD lines, in arrival order). */
  static List<List<Integer>> cut(List<InputLine> lines, Flags f) {
    if (!f.trigger.startsWith("micro-batch:")) throw new IllegalArgumentException("bad trigger '" + f.trigger + "'");
    long period = Durations.parse(f.trigger.substring("micro-batch:".length()));
    if (period <= 0) throw new IllegalArgumentException("micro-batch period must be positive");
    List<List<Integer>> batches = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    long clock = 0;
    int record = 0;
    for (InputLine l : lines) {
      switch (l.type) {
        case RECORD:
          current.add(record++);
          break;
        case ADVANCE: {
          long next = Math.addExact(clock, l.time);
          if (Math.floorDiv(next, period) > Math.floorDiv(clock, period) && !current.isEmpty()) {
            batches.add(current);
            current = new ArrayList<>();
          }
          clock = next;
          break;
        }
        case WATERMARK:
          break; // Spark has no explicit watermark: skipped (docs/peers.md)
      }
    }
    if (!current.isEmpty()) batches.add(current);
    return batches;
  }
}
