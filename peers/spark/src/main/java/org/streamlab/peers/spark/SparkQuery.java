package org.streamlab.peers.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.session_window;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_millis;
import static org.apache.spark.sql.functions.window;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.execution.streaming.MemoryStream;
import org.apache.spark.sql.streaming.OutputMode;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.streamlab.peers.common.Case;
import org.streamlab.peers.common.Flags;
import org.streamlab.peers.common.InputLine;
import org.streamlab.peers.common.Inputs;
import org.streamlab.peers.common.JsonValue;
import org.streamlab.peers.common.NumberAcc;
import org.streamlab.peers.common.Outcome;
import org.streamlab.peers.common.Panes;
import org.streamlab.peers.common.Times;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Runs a group of cases as one Spark Structured Streaming query: a MemoryStream fed micro-batch
 * by micro-batch ({@link MicroBatches}), {@code withWatermark("ts", D)}, one branch per distinct
 * window of the group ({@code window()}, tagged with the branch's number, the branches unioned
 * before one {@code groupBy(tag, window, key)}), or one {@code session_window()}, in output mode
 * append ({@code final}), update or complete, into a {@code foreachBatch} sink. docs/peers.md,
 * "Spark", gives the mapping and the documented differences.
 *
 * <p>Why groups: a micro-batch costs Spark about 0.35 s of CPU whatever it holds, its no-data
 * batch included (docs/peers.md, "Measured": 194 s for the full run's 521 micro-batches), so
 * the cases that share an input, a watermark delay, a trigger and an output mode (the window
 * kinds of one dataset and scenario, and the allowed-lateness variants Spark has no setting
 * for) share their micro-batches. A branch's windows, its watermark and its late rows are those
 * of a query with that branch alone: the watermark depends only on the input, and the tag keeps
 * the branches' groups apart.
 *
 * <p>Spark decides which events each window holds and when it is emitted; the aggregate holds
 * {@code count(*)} and {@code collect_list(struct(seq, value))}, and the runner folds the
 * collected values in arrival order with StreamLab's number rules ({@link NumberAcc}), so a
 * {@code sum} over doubles is not changed by the order in which Spark adds its partial sums.
 */
final class SparkQuery {
  /** The key of the end-of-input record (never a JSON text, so never a real key). */
  static final String END_KEY = "\u0000end-of-input";
  /** The event time of the end-of-input record: 4000-01-01T00:00:00Z, later than any real input. */
  static final long END_TIME = 64_060_588_800_000L;

  private final SparkSession spark;
  private final List<Case> cases;
  /** The group's shared flags (those of its first case). */
  private final Flags f;
  /** Distinct window specs, in the order of their branch tags. */
  private final List<String> specs = new ArrayList<>();

  SparkQuery(SparkSession spark, List<Case> cases) {
    this.spark = spark;
    this.cases = cases;
    this.f = cases.get(0).flags;
    for (Case c : cases) {
      if (!specs.contains(c.flags.windowSpec)) specs.add(c.flags.windowSpec);
    }
  }

  /** Why Spark cannot express the case, or null. */
  static String unsupported(Flags f) {
    if (f.manualWatermark) return "Spark derives its watermark from withWatermark (max event time - delay) only: no manual watermark";
    if (!f.timeDomain.equals("event")) return "Spark's processing-time windows read the machine clock (current_timestamp), not the input's $advance clock";
    if (f.earlyEvery != null) return "Spark has no early firings: a query emits at micro-batch ends only";
    if (f.timeField == null) return "an event-time case needs time_field";
    if (f.trigger.equals("continuous")) {
      return "Spark runs micro-batches (its continuous mode has no aggregations); one micro-batch per record "
          + "would take a third of a second each: use --trigger micro-batch:P";
    }
    if (f.kind == Flags.Kind.SESSION && f.emit.equals("update")) {
      return "Spark does not support update output mode with session_window (it rejects the query)";
    }
    if (!f.emit.equals("final") && !f.emit.equals("update") && !f.emit.equals("complete")) return "bad emit '" + f.emit + "'";
    return null;
  }

  /**
   * The cases that one query can run together: same input and reading flags, watermark delay,
   * trigger and output mode; windows of every kind but session share a query (one branch each),
   * a session window has a query of its own. Allowed lateness and the aggregate's kind are not
   * part of it: Spark has no allowed lateness, and the runner renders each case's aggregate.
   */
  static String groupKey(Case c) {
    Flags x = c.flags;
    return String.join("\u0001", c.input.toString(), String.valueOf(x.timeField), String.valueOf(x.keyField),
        String.valueOf(x.aggField), Long.toString(x.delay), x.trigger, x.emit,
        x.kind == Flags.Kind.SESSION ? x.windowSpec : "windows");
  }

  private Column windowOf(String spec) {
    Flags x = null;
    for (Case c : cases) {
      if (c.flags.windowSpec.equals(spec)) x = c.flags;
    }
    switch (x.kind) {
      case TUMBLING: return window(col("ts"), x.size + " milliseconds");
      case HOPPING: return window(col("ts"), x.size + " milliseconds", x.advance + " milliseconds");
      default: return session_window(col("ts"), x.size + " milliseconds");
    }
  }

  /** Runs the query and writes every case's files; returns each case's outcome by id. */
  Map<String, Outcome> run() throws Exception {
    List<InputLine> lines = Inputs.read(cases.get(0));
    List<InputLine> records = new ArrayList<>();
    for (InputLine l : lines) {
      if (l.type == InputLine.Type.RECORD) records.add(l);
    }
    List<List<Integer>> batches = MicroBatches.cut(lines, f);
    boolean session = f.kind == Flags.Kind.SESSION;

    MemoryStream<SparkEvent> source = MemoryStream.apply(Encoders.bean(SparkEvent.class), spark.sqlContext());
    Dataset<Row> events = source.toDF()
        .withColumn("ts", timestamp_millis(col("tsMs")))
        .withWatermark("ts", f.delay + " milliseconds");
    RelationalGroupedDataset grouped;
    if (session) {
      grouped = events.withColumn("tag", lit(0)).groupBy(col("tag"), windowOf(specs.get(0)).as("w"), col("key"));
    } else {
      Dataset<Row> branches = null;
      for (int i = 0; i < specs.size(); i++) {
        Dataset<Row> b = events.select(lit(i).as("tag"), windowOf(specs.get(i)).as("w"), col("key"), col("seq"),
            col("value"), col("ts"));
        branches = branches == null ? b : branches.unionAll(b);
      }
      grouped = branches.groupBy(col("tag"), col("w"), col("key"));
    }
    Dataset<Row> table = grouped.agg(count(lit(1)).as("n"), collect_list(struct(col("seq"), col("value"))).as("vals"));

    OutputMode mode;
    switch (f.emit) {
      case "final": mode = OutputMode.Append(); break;
      case "update": mode = OutputMode.Update(); break;
      default: mode = OutputMode.Complete(); break;
    }
    Map<Long, List<Row>> emitted = new TreeMap<>();
    Path checkpoint = Files.createTempDirectory("streamlab-spark-");
    StreamingQuery q = table.writeStream()
        .outputMode(mode)
        .option("checkpointLocation", checkpoint.toString())
        .foreachBatch((VoidFunction2<Dataset<Row>, Long>) (ds, id) -> {
          List<Row> rows = ds.collectAsList();
          synchronized (emitted) {
            emitted.put(id, rows);
          }
        })
        .start();
    long[] watermarkAt = new long[records.size()];
    try {
      long lastProgress = -1;
      for (int b = 0; b < batches.size(); b++) {
        List<SparkEvent> data = new ArrayList<>();
        for (int i : batches.get(b)) {
          InputLine r = records.get(i);
          data.add(new SparkEvent(i, r.time, r.keyJson, r.value == null ? "" : r.value.encode()));
        }
        // append mode: the end of input raises the watermark past every window, so all fire.
        if (b == batches.size() - 1 && f.emit.equals("final")) data.add(new SparkEvent(-1, END_TIME, END_KEY, ""));
        source.addData(CollectionConverters.asScala(data).toSeq());
        q.processAllAvailable();
        long wm = Long.MIN_VALUE;
        for (StreamingQueryProgress p : q.recentProgress()) {
          if (p.batchId() <= lastProgress) continue;
          lastProgress = p.batchId();
          if (p.numInputRows() > 0 && wm == Long.MIN_VALUE) wm = Instant.parse(p.eventTime().get("watermark")).toEpochMilli();
        }
        for (int i : batches.get(b)) watermarkAt[i] = wm;
      }
      if (q.exception().isDefined()) throw q.exception().get();
    } finally {
      q.stop();
      deleteTree(checkpoint);
    }
    Map<String, Outcome> out = new LinkedHashMap<>();
    for (Case c : cases) out.put(c.id, write(c, specs.indexOf(c.flags.windowSpec), records, emitted, watermarkAt));
    return out;
  }

  /**
   * Writes one case's panes batch by batch (ordered by window end, start, key within one) from its
   * branch's rows, and the records no window of that branch took.
   */
  private static Outcome write(Case c, int tag, List<InputLine> records, Map<Long, List<Row>> emitted,
      long[] watermarkAt) throws IOException {
    String pane;
    switch (c.flags.emit) {
      case "final": pane = "ON_TIME"; break;
      case "update": pane = "UPDATE"; break;
      default: pane = "COMPLETE"; break;
    }
    Set<Long> taken = new HashSet<>();
    long lateCount = 0;
    try (Panes out = new Panes(c.output); BufferedWriter late = Files.newBufferedWriter(c.late, StandardCharsets.UTF_8)) {
      for (List<Row> rows : emitted.values()) {
        List<Row> sorted = new ArrayList<>();
        for (Row r : rows) {
          if (r.getInt(0) == tag && !END_KEY.equals(r.getString(2))) sorted.add(r);
        }
        sorted.sort(Comparator.<Row>comparingLong(r -> millis(r, "end"))
            .thenComparingLong(r -> millis(r, "start"))
            .thenComparing(r -> r.getString(2), KeyOrder.INSTANCE));
        for (Row r : sorted) {
          List<Row> vals = new ArrayList<>(r.getList(4));
          vals.sort(Comparator.comparingLong(v -> v.getLong(0)));
          NumberAcc acc = new NumberAcc();
          for (Row v : vals) {
            acc.add(JsonValue.decode(v.getString(1)));
            taken.add(v.getLong(0));
          }
          long n = r.getLong(3);
          if (n != acc.count) throw new IllegalStateException("count(*) " + n + " but " + acc.count + " values collected");
          out.write(r.getString(2), millis(r, "start"), millis(r, "end"), acc.render(c.flags.agg), n, pane);
        }
      }
      for (int i = 0; i < records.size(); i++) {
        if (taken.contains((long) i)) continue;
        // "$late": {"watermark": W at the start of the record's batch, "record": its number among
        // the input's records (0-based, arrival order)}, so a test can tell duplicates apart.
        ObjectNode r = records.get(i).record.deepCopy();
        r.putObject("$late").put("watermark", Times.format(watermarkAt[i])).put("record", i);
        late.write(Inputs.JSON.writeValueAsString(r));
        late.write('\n');
        lateCount++;
      }
      return Outcome.ok(out.written(), lateCount);
    }
  }

  private static long millis(Row r, String field) {
    Object t = r.getStruct(1).getAs(field);
    return t instanceof Instant ? ((Instant) t).toEpochMilli() : ((java.sql.Timestamp) t).getTime();
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) return;
    try (var walk = Files.walk(p)) {
      walk.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    }
  }
}
