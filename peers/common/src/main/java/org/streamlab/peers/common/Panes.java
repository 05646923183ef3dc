package org.streamlab.peers.common;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes panes in {@code streamlab window}'s format, one JSON object per line, fields in its order. */
public final class Panes implements Closeable {
  private final BufferedWriter out;
  private long written;

  /** Opens (truncates) a pane file. */
  public Panes(Path path) throws IOException {
    out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
  }

  /** Writes one pane: {@code keyJson} and {@code valueJson} are JSON text; the window is {@code [start, end)}. */
  public void write(String keyJson, long start, long end, String valueJson, long count, String pane) {
    try {
      out.write("{\"key\":" + keyJson + ",\"window_start\":\"" + Times.format(start) + "\",\"window_end\":\""
          + Times.format(end) + "\",\"value\":" + valueJson + ",\"count\":" + count + ",\"pane\":\"" + pane
          + "\"}\n");
      written++;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Panes written so far. */
  public long written() {
    return written;
  }

  /** A double as JSON text (Java's shortest repr that reads back to the same double). */
  public static String jsonDouble(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d)) return "null";
    return Double.toString(d);
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
