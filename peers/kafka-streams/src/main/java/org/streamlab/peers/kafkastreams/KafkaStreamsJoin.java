package org.streamlab.peers.kafkastreams;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.ValueJoiner;
import org.apache.kafka.streams.state.Stores;
import org.streamlab.peers.common.Case;
import org.streamlab.peers.common.Inputs;
import org.streamlab.peers.common.JoinFlags;
import org.streamlab.peers.common.JoinLine;
import org.streamlab.peers.common.Outcome;
import org.streamlab.peers.common.Times;

/**
 * Runs {@code streamlab join} cases through Kafka Streams' stream-table join in a
 * TopologyTestDriver (docs/peers.md, "Kafka Streams: the stream-table join"):
 *
 * <ul>
 *   <li>{@code --mode as-of-arrival}: {@code KStream.join/leftJoin(KTable)} on a plain
 *       (in-memory, latest value per key) table: each left record is joined on arrival with the
 *       row its key has then;
 *   <li>{@code --mode temporal --grace G}: the table is versioned
 *       ({@code Stores.persistentVersionedKeyValueStore}) and the join has the grace period of
 *       KIP-923 ({@code Joined.withGracePeriod(G)}): a left record waits in a buffer until the
 *       largest left timestamp seen reaches {@code t + G}, then is joined with the version valid
 *       at {@code t}; a zero grace joins on arrival, by version. Kafka Streams has no watermark,
 *       so StreamLab's release on {@code W_R > t} has no equivalent: the case's watermark flag
 *       is ignored, and the result is StreamLab's with {@code --watermark manual} (no control
 *       lines), where only the grace releases;
 *   <li>{@code --mode window}: the stream-stream join, {@link KafkaStreamsWindowJoin};
 *   <li>the end of input pipes a left sentinel far in the future (its own key, left out of the
 *       output), which releases every buffered record, as StreamLab's end of input does.
 * </ul>
 *
 * Values in the topology are the record's position in the input, so a row is written from the
 * original objects. {@code output} gets the rows in emission order ({@code streamlab join}'s row
 * format), {@code late} the left records that produced no row (inner join), in arrival order,
 * each with {@code "$unmatched": {}}: Kafka Streams reports neither them nor unused table rows.
 */
final class KafkaStreamsJoin {
  /** History retention of the versioned table, and the grace when the case gives none: longer than any input. */
  static final Duration FOREVER = Duration.ofDays(3650);

  private KafkaStreamsJoin() {}

  static Outcome run(Case c) throws Exception {
    JoinFlags f = c.join;
    boolean temporal = f.mode.equals("temporal");
    if (f.mode.equals("window")) return KafkaStreamsWindowJoin.run(c);
    if (!f.type.equals("inner") && !f.type.equals("left"))
      return Outcome.unsupported("a stream-table join is inner or left, not " + f.type);
    if (f.history != null)
      return Outcome.unsupported("--history is relative to StreamLab's table watermark, which Kafka Streams has not");

    List<JoinLine> lines = JoinLine.read(c);
    boolean left = f.type.equals("left");
    long grace = f.grace == null ? FOREVER.toMillis() : f.grace;

    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> stream = b.stream("left", Consumed.with(Serdes.String(), Serdes.String()));
    KTable<String, String> table = b.table("right", Consumed.with(Serdes.String(), Serdes.String()),
        temporal ? Materialized.as(Stores.persistentVersionedKeyValueStore("table", FOREVER))
                 : Materialized.as(Stores.inMemoryKeyValueStore("table")));
    ValueJoiner<String, String, String> joiner = (l, r) -> l + "," + (r == null ? "" : r);
    Joined<String, String, String> joined = Joined.with(Serdes.String(), Serdes.String(), Serdes.String());
    if (temporal && grace > 0) joined = joined.withGracePeriod(Duration.ofMillis(grace));
    KStream<String, String> rows = left ? stream.leftJoin(table, joiner, joined) : stream.join(table, joiner, joined);

    boolean[] used = new boolean[lines.size()];
    long[] written = {0, 0};
    try (BufferedWriter out = Files.newBufferedWriter(c.output, StandardCharsets.UTF_8);
        BufferedWriter unmatched = Files.newBufferedWriter(c.late, StandardCharsets.UTF_8)) {
      rows.foreach((k, v) -> {
        if (k.equals(KafkaStreamsRunner.SENTINEL)) return;
        String[] lr = v.split(",", -1);
        int li = Integer.parseInt(lr[0]);
        JoinLine l = lines.get(li);
        JoinLine r = lr[1].isEmpty() ? null : lines.get(Integer.parseInt(lr[1]));
        used[li] = true;
        write(out, row(l, r, l.time));  // a stream-table row has the left's time
        written[0]++;
      });

      drive(b.build(), properties("streamlab-peer-join"), lines);
      written[1] = writeUnmatchedLeft(lines, used, unmatched);
    }
    return Outcome.ok(written[0], written[1]);
  }

  /**
   * A row in {@code streamlab join}'s format: key, time, left, right, right_time. Either side may be
   * null (a window join's outer rows), not both; the key is taken from the one present.
   */
  static String row(JoinLine l, JoinLine r, long time) {
    JoinLine any = l != null ? l : r;
    ObjectNode o = Inputs.JSON.createObjectNode();
    try {
      o.set("key", Inputs.JSON.readTree(any.keyJson));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    o.put("time", Times.format(time));
    if (l == null) o.putNull("left");
    else o.set("left", l.record);
    if (r == null) {
      o.putNull("right");
      o.putNull("right_time");
    } else {
      o.set("right", r.record);
      o.put("right_time", Times.format(r.time));
    }
    try {
      return Inputs.JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The driver's settings shared by both joins: no record cache, a fresh state directory. */
  static Properties properties(String applicationId) throws IOException {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
    p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(applicationId).toString());
    return p;
  }

  /**
   * Pipes {@code lines} into the topics "left" and "right" in arrival order, each value its
   * position in the input, then a left sentinel far in the future (its own key, left out of the
   * output), which releases every buffered record and closes every window.
   */
  static void drive(Topology topology, Properties properties, List<JoinLine> lines) {
    try (TopologyTestDriver d = new TopologyTestDriver(topology, properties, Instant.EPOCH)) {
      TestInputTopic<String, String> inLeft =
          d.createInputTopic("left", Serdes.String().serializer(), Serdes.String().serializer());
      TestInputTopic<String, String> inRight =
          d.createInputTopic("right", Serdes.String().serializer(), Serdes.String().serializer());
      for (int i = 0; i < lines.size(); i++) {
        JoinLine l = lines.get(i);
        (l.left ? inLeft : inRight).pipeInput(l.keyJson, Integer.toString(i), l.time);
      }
      inLeft.pipeInput(KafkaStreamsRunner.SENTINEL, "-1", KafkaStreamsRunner.END_OF_INPUT);
    }
  }

  /** Writes the left records no row used, in arrival order, each with {@code "$unmatched": {}}; returns how many. */
  static long writeUnmatchedLeft(List<JoinLine> lines, boolean[] used, BufferedWriter unmatched) throws IOException {
    long n = 0;
    for (int i = 0; i < lines.size(); i++) {
      JoinLine l = lines.get(i);
      if (!l.left || used[i]) continue;
      ObjectNode o = l.original.deepCopy();
      o.putObject("$unmatched");
      write(unmatched, Inputs.JSON.writeValueAsString(o));
      n++;
    }
    return n;
  }

  /** Writes one line. */
  static void write(BufferedWriter w, String line) {
    try {
      w.write(line);
      w.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
