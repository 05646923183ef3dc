package org.streamlab.peers.kafkastreams;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.JoinWindows;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.StreamJoined;
import org.apache.kafka.streams.kstream.ValueJoiner;
import org.apache.kafka.streams.state.BuiltInDslStoreSuppliers;
import org.streamlab.peers.common.Case;
import org.streamlab.peers.common.JoinFlags;
import org.streamlab.peers.common.JoinLine;
import org.streamlab.peers.common.Outcome;

/**
 * Runs {@code streamlab join --mode window} cases through Kafka Streams' windowed stream-stream
 * join in a TopologyTestDriver (docs/peers.md, "Kafka Streams: the stream-stream join"):
 * {@code KStream.join/leftJoin/outerJoin(KStream, JoinWindows.ofTimeDifferenceAndGrace(d, g))}
 * with {@code d = --within} and {@code g = --grace} (default 0), the window stores in memory
 * and the throttle of the left/outer join's unmatched output off (its interval is read on the
 * wall clock, which the driver does not move), so every record that arrives at stream time
 * emits the unmatched records whose window has closed.
 *
 * <p>Kafka Streams has no watermark: a record's window closes when the stream time (the largest
 * timestamp of both sides) passes {@code t + d + g}, and a late record is not dropped, it pairs
 * with what the other side's store still keeps. The case's {@code --watermark} is therefore not
 * mapped; the differences are documented in docs/peers.md and asserted in
 * tests/peers/kafka_streams_window_join_test.cpp. The end of input pipes a left sentinel far in
 * the future (its own key, left out of the output), which closes every window.
 *
 * <p>Values in the topology are the record's position in the input, so a row is written from the
 * original objects: {@code time} is the later of the two times (a one-sided row: its record's).
 * {@code late} gets the left records that produced no row, each with {@code "$unmatched": {}}.
 */
final class KafkaStreamsWindowJoin {
  private KafkaStreamsWindowJoin() {}

  static Outcome run(Case c) throws Exception {
    JoinFlags f = c.join;
    if (f.within == null) return Outcome.unsupported("a window join needs --within");
    List<JoinLine> lines = JoinLine.read(c);
    long grace = f.grace == null ? 0 : f.grace;
    JoinWindows windows =
        JoinWindows.ofTimeDifferenceAndGrace(Duration.ofMillis(f.within), Duration.ofMillis(grace));

    StreamsBuilder b = new StreamsBuilder();
    KStream<String, String> left = b.stream("left", Consumed.with(Serdes.String(), Serdes.String()));
    KStream<String, String> right = b.stream("right", Consumed.with(Serdes.String(), Serdes.String()));
    ValueJoiner<String, String, String> joiner =
        (l, r) -> (l == null ? "" : l) + "," + (r == null ? "" : r);
    StreamJoined<String, String, String> joined =
        StreamJoined.with(Serdes.String(), Serdes.String(), Serdes.String());
    KStream<String, String> rows = switch (f.type) {
      case "left" -> left.leftJoin(right, joiner, windows, joined);
      case "outer" -> left.outerJoin(right, joiner, windows, joined);
      default -> left.join(right, joiner, windows, joined);
    };

    boolean[] used = new boolean[lines.size()];
    long[] written = {0, 0};
    try (BufferedWriter out = Files.newBufferedWriter(c.output, StandardCharsets.UTF_8);
        BufferedWriter unmatched = Files.newBufferedWriter(c.late, StandardCharsets.UTF_8)) {
      rows.foreach((k, v) -> {
        if (k.equals(KafkaStreamsRunner.SENTINEL)) return;
        String[] lr = v.split(",", -1);
        JoinLine l = lr[0].isEmpty() ? null : lines.get(Integer.parseInt(lr[0]));
        JoinLine r = lr[1].isEmpty() ? null : lines.get(Integer.parseInt(lr[1]));
        if (l != null) used[Integer.parseInt(lr[0])] = true;
        KafkaStreamsJoin.write(out, row(l, r));
        written[0]++;
      });

      Properties p = KafkaStreamsJoin.properties("streamlab-peer-window-join");
      p.put(StreamsConfig.DSL_STORE_SUPPLIERS_CLASS_CONFIG,
          BuiltInDslStoreSuppliers.InMemoryDslStoreSuppliers.class);
      p.put(StreamsConfig.InternalConfig.EMIT_INTERVAL_MS_KSTREAMS_OUTER_JOIN_SPURIOUS_RESULTS_FIX, 0L);
      KafkaStreamsJoin.drive(b.build(), p, lines);
      written[1] = KafkaStreamsJoin.writeUnmatchedLeft(lines, used, unmatched);
    }
    return Outcome.ok(written[0], written[1]);
  }

  /** A row in {@code streamlab join}'s window-mode format: the later time, either side may be null. */
  static String row(JoinLine l, JoinLine r) {
    long t = l == null ? r.time : r == null ? l.time : Math.max(l.time, r.time);
    return KafkaStreamsJoin.row(l, r, t);
  }
}
