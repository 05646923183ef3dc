package org.streamlab.peers.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a case's JSONL input the way {@code streamlab window} does: control lines, records with
 * their event time, key and value. Lines that StreamLab would make dead letters are skipped.
 */
public final class Inputs {
  /** The one JSON mapper of the runners. */
  public static final ObjectMapper JSON = new ObjectMapper();

  private Inputs() {}

  /** Every line of the case's input, in arrival order. */
  public static List<InputLine> read(Case c) throws IOException {
    Flags f = c.flags;
    List<InputLine> out = new ArrayList<>();
    boolean processing = f.timeDomain.equals("processing");
    long clock = 0;
    try (BufferedReader r = Files.newBufferedReader(c.input, StandardCharsets.UTF_8)) {
      for (String line; (line = r.readLine()) != null; ) {
        if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
        if (line.isBlank()) continue;
        JsonNode n;
        try {
          n = JSON.readTree(line);
        } catch (IOException e) {
          continue;
        }
        if (!(n instanceof ObjectNode)) continue;
        ObjectNode o = (ObjectNode) n;
        if (o.size() == 1 && o.has("$watermark")) {
          try {
            out.add(new InputLine(InputLine.Type.WATERMARK, null, null, Times.parse(o.get("$watermark")), null, clock));
          } catch (RuntimeException e) {
            // a bad control value: a dead letter
          }
          continue;
        }
        if (o.size() == 1 && o.has("$advance")) {
          JsonNode d = o.get("$advance");
          try {
            long ms = d.isIntegralNumber() ? d.asLong() : Durations.parse(d.asText());
            clock = Math.addExact(clock, ms);
            out.add(new InputLine(InputLine.Type.ADVANCE, null, null, ms, null, clock));
          } catch (RuntimeException e) {
            // a dead letter
          }
          continue;
        }
        if (o.has("$watermark") || o.has("$advance")) continue;
        try {
          // Processing time: the record's time is the virtual clock; the time field is not read.
          long t = processing ? clock : Times.parse(o.get(f.timeField));
          String key = "null";
          if (f.keyField != null) {
            JsonNode k = o.get(f.keyField);
            if (k == null) continue;
            key = JSON.writeValueAsString(k);
          }
          JsonValue v = f.aggField == null ? null : JsonValue.of(o.get(f.aggField));
          out.add(new InputLine(InputLine.Type.RECORD, o, key, t, v, clock));
        } catch (RuntimeException e) {
          // a dead letter
        }
      }
    }
    return out;
  }
}
