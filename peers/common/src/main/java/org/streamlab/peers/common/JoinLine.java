package org.streamlab.peers.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * One record of a join input ({@code streamlab join}'s: {@code "$source": "left"} or
 * {@code "right"} on every record, control lines as for windows), in arrival order.
 */
public final class JoinLine {
  /** True for the left side (the stream), false for the right (the table, or the second stream). */
  public final boolean left;
  /** The original object without {@code $source}, as a row carries it. */
  public final ObjectNode record;
  /** The original object as read, for the unmatched output. */
  public final ObjectNode original;
  /** The key's compact JSON text. */
  public final String keyJson;
  /** The event time (ms). */
  public final long time;

  private JoinLine(boolean left, ObjectNode record, ObjectNode original, String keyJson, long time) {
    this.left = left;
    this.record = record;
    this.original = original;
    this.keyJson = keyJson;
    this.time = time;
  }

  /**
   * The records of a join case's input, in arrival order. Control lines are left out (no engine
   * here has an explicit watermark for a join), and so are the lines {@code streamlab join} makes
   * dead letters (no or another {@code $source}, no key, an unparseable time).
   */
  public static List<JoinLine> read(Case c) throws IOException {
    JoinFlags f = c.join;
    List<JoinLine> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(c.input, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.isBlank()) continue;
        JsonNode n;
        try {
          n = Inputs.JSON.readTree(line);
        } catch (IOException e) {
          continue;
        }
        if (!(n instanceof ObjectNode) || n.has("$watermark") || n.has("$advance")) continue;
        ObjectNode o = (ObjectNode) n;
        String side = o.path("$source").asText("");
        if (!side.equals("left") && !side.equals("right")) continue;
        JsonNode k = o.get(f.keyField);
        if (k == null) continue;
        long t;
        try {
          t = Times.parse(o.get(f.timeField));
        } catch (RuntimeException e) {
          continue;
        }
        ObjectNode rec = o.deepCopy();
        rec.remove("$source");
        out.add(new JoinLine(side.equals("left"), rec, o, Inputs.JSON.writeValueAsString(k), t));
      }
    }
    return out;
  }
}
