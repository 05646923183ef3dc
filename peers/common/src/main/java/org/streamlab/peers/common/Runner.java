package org.streamlab.peers.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The main loop every JVM runner shares: {@code RUNNER MANIFEST SUMMARY}. It reads the manifest,
 * runs each case through the engine, and writes one summary line per case (peers/README.md).
 */
public final class Runner {
  /** One engine: runs a case, writing its panes and late records. */
  public interface Engine {
    /** Runs one case; returns ok or unsupported, throws on failure. */
    Outcome run(Case c) throws Exception;

    /** Runs one join case ({@link Case#join}); an engine without a join runner reports it unsupported. */
    default Outcome runJoin(Case c) throws Exception {
      return Outcome.unsupported("this runner has no stream-table join");
    }

    /** Called once with every window case (the flags parsed) before run(): an engine may run them in batches here. */
    default void prepare(List<Case> cases) throws Exception {}
  }

  private Runner() {}

  /** Runs every case of {@code args[0]} and writes the summary to {@code args[1]}; returns the exit status. */
  public static int main(String[] args, Engine engine) {
    if (args.length != 2) {
      System.err.println("usage: RUNNER MANIFEST SUMMARY");
      return 2;
    }
    List<Case> cases = new ArrayList<>();
    try {
      JsonNode m = Inputs.JSON.readTree(Path.of(args[0]).toFile());
      if (!m.isArray()) throw new IOException("the manifest is not a JSON array");
      for (JsonNode c : m) cases.add(new Case(c));
    } catch (IOException e) {
      System.err.println("bad manifest " + args[0] + ": " + e.getMessage());
      return 2;
    }
    int status = 0;
    try {
      List<Case> good = new ArrayList<>();
      for (Case c : cases) {
        if (c.flags != null) good.add(c);
      }
      engine.prepare(good);
    } catch (Exception e) {
      e.printStackTrace(); // each case then runs on its own
    }
    try (BufferedWriter s = Files.newBufferedWriter(Path.of(args[1]), StandardCharsets.UTF_8)) {
      for (Case c : cases) {
        ObjectNode line = Inputs.JSON.createObjectNode();
        line.put("id", c.id);
        long t0 = System.nanoTime();
        try {
          if (c.flags == null && c.join == null) throw new IllegalArgumentException("bad flags: " + c.flagError);
          Outcome o = c.join != null ? engine.runJoin(c) : engine.run(c);
          line.put("status", o.status);
          if (o.reason != null) line.put("reason", o.reason);
          if (o.status.equals("ok")) {
            line.put("panes", o.panes);
            line.put("late", o.late);
          }
        } catch (Throwable e) {
          status = 1;
          line.put("status", "error");
          line.put("reason", e.toString());
          e.printStackTrace();
        }
        line.put("millis", (System.nanoTime() - t0) / 1_000_000);
        s.write(Inputs.JSON.writeValueAsString(line));
        s.write('\n');
        s.flush();
      }
    } catch (IOException e) {
      System.err.println("cannot write " + args[1] + ": " + e.getMessage());
      return 1;
    }
    return status;
  }
}
