package org.streamlab.peers.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import org.streamlab.peers.common.Inputs;

/**
 * StreamLab's total order of keys (docs/semantics.md, "Ordering"): null, false, true, numbers
 * (numerically), strings (by UTF-8 bytes), arrays, objects (both by compact JSON text). The
 * runner sorts the panes of one micro-batch with it, as Spark's own row order is its hash order.
 */
final class KeyOrder implements Comparator<String> {
  static final KeyOrder INSTANCE = new KeyOrder();

  private KeyOrder() {}

  private static int rank(JsonNode n) {
    if (n.isNull()) return 0;
    if (n.isBoolean()) return n.asBoolean() ? 2 : 1;
    if (n.isNumber()) return 3;
    if (n.isTextual()) return 4;
    if (n.isArray()) return 5;
    return 6;
  }

  @Override
  public int compare(String a, String b) {
    try {
      JsonNode x = Inputs.JSON.readTree(a);
      JsonNode y = Inputs.JSON.readTree(b);
      int r = Integer.compare(rank(x), rank(y));
      if (r != 0) return r;
      if (x.isNumber()) return Double.compare(x.asDouble(), y.asDouble());
      if (x.isTextual()) {
        return Arrays.compareUnsigned(x.asText().getBytes(StandardCharsets.UTF_8), y.asText().getBytes(StandardCharsets.UTF_8));
      }
      return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
