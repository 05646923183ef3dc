package org.streamlab.peers.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;

/**
 * One manifest case: an input, where its panes and late records go, and its flags. A case whose
 * flags have a {@code mode} is a join case ({@code streamlab join}'s flags, read by
 * {@link JoinFlags}): its {@code output} gets rows, its {@code late} the unmatched records.
 */
public final class Case {
  /** The case's id (unique in the manifest). */
  public final String id;
  /** JSONL input in arrival order. */
  public final Path input;
  /** Pane JSONL output. */
  public final Path output;
  /** Late records output. */
  public final Path late;
  /** The window flags (null when they did not parse: {@link #flagError} says why). */
  public final Flags flags;
  /** Why the flags did not parse, or null. */
  public final String flagError;
  /** A join case's flags, or null for a window case. */
  public final JoinFlags join;

  Case(JsonNode c) {
    id = c.path("id").asText();
    input = Path.of(c.path("input").asText());
    output = Path.of(c.path("output").asText());
    late = Path.of(c.path("late").asText());
    Flags f = null;
    JoinFlags j = null;
    String err = null;
    try {
      if (c.path("flags").has("mode")) {
        j = JoinFlags.of(c.path("flags"));
      } else {
        f = Flags.of(c.path("flags"));
      }
    } catch (RuntimeException e) {
      err = e.getMessage();
    }
    flags = f;
    join = j;
    flagError = err;
  }
}
