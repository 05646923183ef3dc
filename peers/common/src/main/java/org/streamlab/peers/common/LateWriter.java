package org.streamlab.peers.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the records an engine dropped as late: the original object plus {@code "$late"}. */
public final class LateWriter implements Closeable {
  private final BufferedWriter out;
  private long written;

  /** Opens (truncates) a late-records file. */
  public LateWriter(Path path) throws IOException {
    out = Files.newBufferedWriter(path, StandardCharsets.UTF_8);
  }

  /** Writes one dropped record; {@code watermark} is StreamLab's equivalent watermark, or null when the engine has none. */
  public void write(ObjectNode record, Long watermark) {
    ObjectNode o = record.deepCopy();
    ObjectNode late = o.putObject("$late");
    if (watermark != null) late.put("watermark", Times.format(watermark));
    try {
      out.write(Inputs.JSON.writeValueAsString(o));
      out.write('\n');
      written++;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Records written so far. */
  public long written() {
    return written;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
