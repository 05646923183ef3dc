package org.streamlab.peers.kafkastreams;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.SessionWindows;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.Stores;
import org.streamlab.peers.common.Case;
import org.streamlab.peers.common.Flags;
import org.streamlab.peers.common.InputLine;
import org.streamlab.peers.common.Inputs;
import org.streamlab.peers.common.JsonValue;
import org.streamlab.peers.common.LateWriter;
import org.streamlab.peers.common.NumberAcc;
import org.streamlab.peers.common.Outcome;
import org.streamlab.peers.common.Panes;
import org.streamlab.peers.common.Runner;

/**
 * Runs StreamLab window cases through Kafka Streams' own windowed aggregation in a
 * TopologyTestDriver (one partition, no broker, no wall clock; in-memory stores, so no RocksDB
 * flush per record). The mapping of StreamLab's flags
 * (docs/peers.md, "Kafka Streams"):
 *
 * <ul>
 *   <li>stream time is the largest timestamp seen, so StreamLab's watermark {@code W = max - D} is
 *       stream time minus D: {@code bounded:D} with allowed lateness L maps to a grace of
 *       {@code D + L} (records are accepted while {@code end + grace > stream time});
 *   <li>{@code final} is {@code suppress(untilWindowCloses(unbounded()))}: one result when stream
 *       time reaches {@code end + grace}; {@code update} is the aggregation's change stream with the
 *       record cache off (one update per record and window), session tombstones left out;
 *   <li>{@code $watermark T} pipes a sentinel record (its own key, left out of the output) at
 *       {@code T + D}, which moves stream time as far as StreamLab moves the watermark; end of input
 *       pipes one far in the future, so suppression releases every window;
 *   <li>sessions are written {@code [first, last + gap)} (Kafka Streams says {@code [first, last]});
 *   <li>{@code --time-domain processing}: a record's timestamp is StreamLab's virtual clock (what
 *       {@code WallclockTimestampExtractor} does with the real clock), each {@code $advance}
 *       pipes a sentinel at the new clock, the grace is L alone;
 *   <li>a record is written to the late file when the dropped-records metric grew by as many
 *       windows as the record belongs to (Kafka Streams has no late side output).
 * </ul>
 *
 * Join cases (a {@code mode} in the flags) go to {@link KafkaStreamsJoin}.
 */
public final class KafkaStreamsRunner {
  /** The sentinel record's key: not JSON, so no real key is equal to it. */
  static final String SENTINEL = "$sentinel";
  /** The end-of-input sentinel's timestamp: later than every window's end plus grace. */
  static final long END_OF_INPUT = Long.MAX_VALUE / 4;

  private KafkaStreamsRunner() {}

  /** Runs a manifest: {@code KafkaStreamsRunner MANIFEST SUMMARY}. */
  public static void main(String[] args) {
    System.exit(Runner.main(args, new Runner.Engine() {
      @Override
      public Outcome run(Case c) throws Exception {
        return KafkaStreamsRunner.run(c);
      }

      @Override
      public Outcome runJoin(Case c) throws Exception {
        return KafkaStreamsJoin.run(c);
      }
    }));
  }

  static Outcome run(Case c) throws Exception {
    Flags f = c.flags;
    boolean processing = f.timeDomain.equals("processing");
    if (!f.timeDomain.equals("event") && !processing) return Outcome.unsupported("unknown time domain " + f.timeDomain);
    if (!f.trigger.equals("continuous"))
      return Outcome.unsupported("Kafka Streams processes record by record: no micro-batch trigger");
    if (f.emit.equals("complete"))
      return Outcome.unsupported("Kafka Streams has no complete output mode (a KTable is queried, not re-emitted)");
    if (f.earlyEvery != null)
      return Outcome.unsupported("Kafka Streams has no early firings beside suppression's time limits");
    if (f.manualWatermark && !processing)
      return Outcome.unsupported("Kafka Streams' stream time always follows the records: no manual watermark");
    if (!f.emit.equals("final") && !f.emit.equals("update"))
      return Outcome.unsupported("unknown emit mode " + f.emit);

    List<InputLine> lines = Inputs.read(c);
    boolean fin = f.emit.equals("final");
    long delay = processing ? 0 : f.delay; // processing time: the watermark is the clock itself
    long grace = Math.addExact(delay, f.allowedLateness);
    String pane = fin ? "ON_TIME" : "UPDATE";

    Serde<NumberAcc> accSerde =
        Serdes.serdeFrom((t, a) -> a == null ? null : a.toBytes(), (t, b) -> NumberAcc.fromBytes(b));
    StreamsBuilder b = new StreamsBuilder();
    KGroupedStream<String, String> grouped = b.stream("in", Consumed.with(Serdes.String(), Serdes.String()))
        .groupByKey(Grouped.with(Serdes.String(), Serdes.String()));

    try (Panes panes = new Panes(c.output); LateWriter late = new LateWriter(c.late)) {
      if (f.kind == Flags.Kind.SESSION) {
        KTable<Windowed<String>, NumberAcc> t = grouped
            .windowedBy(SessionWindows.ofInactivityGapAndGrace(Duration.ofMillis(f.size), Duration.ofMillis(grace)))
            .aggregate(NumberAcc::new, (k, v, acc) -> acc.add(JsonValue.decode(v)), (k, x, y) -> x.merge(y),
                Materialized.<String, NumberAcc>as(
                        Stores.inMemorySessionStore("sessions", Duration.ofMillis(f.size + grace)))
                    .withKeySerde(Serdes.String())
                    .withValueSerde(accSerde));
        if (fin) t = t.suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()));
        t.toStream().foreach((wk, acc) -> {
          if (acc == null || wk.key().equals(SENTINEL)) return; // a merged session's tombstone, or the sentinel
          panes.write(wk.key(), wk.window().start(), wk.window().end() + f.size, acc.render(f.agg), acc.count, pane);
        });
      } else {
        TimeWindows w = TimeWindows.ofSizeAndGrace(Duration.ofMillis(f.size), Duration.ofMillis(grace));
        if (f.kind == Flags.Kind.HOPPING) w = w.advanceBy(Duration.ofMillis(f.advance));
        KTable<Windowed<String>, NumberAcc> t = grouped.windowedBy(w).aggregate(
            NumberAcc::new, (k, v, acc) -> acc.add(JsonValue.decode(v)),
            Materialized.<String, NumberAcc>as(Stores.inMemoryWindowStore(
                    "windows", Duration.ofMillis(f.size + grace), Duration.ofMillis(f.size), false))
                .withKeySerde(Serdes.String())
                .withValueSerde(accSerde));
        if (fin) t = t.suppress(Suppressed.untilWindowCloses(Suppressed.BufferConfig.unbounded()));
        t.toStream().foreach((wk, acc) -> {
          if (acc == null || wk.key().equals(SENTINEL)) return;
          panes.write(wk.key(), wk.window().start(), wk.window().end(), acc.render(f.agg), acc.count, pane);
        });
      }

      Properties p = new Properties();
      p.put(StreamsConfig.APPLICATION_ID_CONFIG, "streamlab-peer");
      p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
      p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0); // every update, not a cached one
      p.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("streamlab-ks").toString());
      try (TopologyTestDriver d = new TopologyTestDriver(b.build(), p, Instant.EPOCH)) {
        TestInputTopic<String, String> in =
            d.createInputTopic("in", Serdes.String().serializer(), Serdes.String().serializer());
        Metric dropped = droppedRecords(d.metrics());
        long streamTime = Long.MIN_VALUE;
        for (InputLine l : lines) {
          switch (l.type) {
            case RECORD: {
              double before = (Double) dropped.metricValue();
              in.pipeInput(l.keyJson, l.value == null ? "" : l.value.encode(), l.time);
              double grew = (Double) dropped.metricValue() - before;
              if (grew > 0 && grew >= f.windowsPerRecord(l.time)) {
                late.write(l.record, streamTime == Long.MIN_VALUE ? null : streamTime - delay);
              }
              streamTime = Math.max(streamTime, l.time);
              break;
            }
            case WATERMARK: {
              if (processing) break; // ignored in processing time, as by streamlab window
              long at = Math.addExact(l.time, delay);
              in.pipeInput(SENTINEL, "", at);
              streamTime = Math.max(streamTime, at);
              break;
            }
            case ADVANCE:
              if (processing) { // the clock is the watermark: stream time follows it
                in.pipeInput(SENTINEL, "", l.clock);
                streamTime = Math.max(streamTime, l.clock);
              }
              break; // processing time moves nothing in an event-time aggregation
          }
        }
        if (fin) in.pipeInput(SENTINEL, "", END_OF_INPUT);
      }
      return Outcome.ok(panes.written(), late.written());
    }
  }

  /** The task's dropped-records-total metric (records a windowed aggregation skipped as too late). */
  static Metric droppedRecords(Map<MetricName, ? extends Metric> metrics) {
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      MetricName n = e.getKey();
      if (n.name().equals("dropped-records-total") && n.group().equals("stream-task-metrics")) return e.getValue();
    }
    throw new IllegalStateException("no dropped-records-total metric");
  }
}
