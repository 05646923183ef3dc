package org.streamlab.peers.flink;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.datastream.WindowedStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.assigners.EventTimeSessionWindows;
import org.apache.flink.streaming.api.windowing.assigners.SlidingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.assigners.WindowAssigner;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
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
 * Runs StreamLab window cases as Flink DataStream jobs on one MiniCluster in this JVM,
 * parallelism 1, several cases (independent pipelines) per job. The mapping of StreamLab's flags
 * (docs/peers.md, "Flink"):
 *
 * <ul>
 *   <li>{@code bounded:D}: a punctuated watermark generator, one watermark per record that raises
 *       the maximum, {@code max - D - 1} (Flink's watermark is inclusive: a window fires at
 *       {@code W >= end - 1}, StreamLab's at {@code W >= end}); {@code manual}: only
 *       {@code $watermark} lines; {@code {"$watermark": T}} emits {@code T - 1};
 *   <li>tumbling, hopping, session: {@code TumblingEventTimeWindows}, {@code SlidingEventTimeWindows},
 *       {@code EventTimeSessionWindows}; allowed lateness L: {@code allowedLateness(L)}; the late
 *       file is {@code sideOutputLateData};
 *   <li>{@code final}: the default event-time trigger; a pane is {@code LATE} when the window's
 *       {@code end - 1} is at or behind the watermark the window operator had already passed on
 *       (a firing caused by a record), else {@code ON_TIME} (a firing caused by a watermark);
 *       {@code update}: a trigger that fires on every element and never on time;
 *   <li>end of input: the bounded source ends with the maximum watermark, so every window fires;
 *       {@code $advance} lines move processing time only and are skipped in event time;
 *   <li>{@code --time-domain processing}: Flink's processing-time windows read the machine clock,
 *       so StreamLab's virtual clock is carried as event time instead (Flink's former ingestion
 *       time): a record's timestamp is the clock, each {@code $advance} emits the watermark
 *       {@code clock - 1}; {@code $watermark} lines and the watermark flag are ignored.
 * </ul>
 */
public final class FlinkRunner implements Runner.Engine {
  /** Cases per job (system property streamlab.flink.casesPerJob): independent pipelines in one job graph amortise the job start. */
  static final int CASES_PER_JOB = Integer.getInteger("streamlab.flink.casesPerJob", 24);

  /** Panes and late records collected per pipeline (all in this JVM; parallelism 1). */
  static final Map<Integer, List<Object[]>> PANES = new ConcurrentHashMap<>();
  static final Map<Integer, List<Object[]>> LATE = new ConcurrentHashMap<>();

  private final Map<String, Object> done = new HashMap<>();
  private MiniCluster cluster;
  private int nextPipeline;

  /** Runs a manifest: {@code FlinkRunner MANIFEST SUMMARY}. */
  public static void main(String[] args) throws Exception {
    FlinkRunner r = new FlinkRunner();
    int status;
    try {
      status = Runner.main(args, r);
    } finally {
      if (r.cluster != null) r.cluster.closeAsync().get();
    }
    System.exit(status);
  }

  /** An input line as a Flink element: a record or a control line. */
  public static final class Item {
    /** 0 record, 1 watermark mark, 2 advance. */
    public int kind;
    /** Event time, or the mark. */
    public long ts;
    /** The key's JSON text. */
    public String key;
    /** The value (JsonValue.encode()), empty for count. */
    public String value;
    /** The original record's JSON text. */
    public String raw;

    /** For Flink's POJO serializer. */
    public Item() {}
  }

  /** A fired window's result before its pane kind is known. */
  public static final class PaneOut {
    /** The key's JSON text. */
    public String key;
    /** The window. */
    public long start, end;
    /** The value's JSON text. */
    public String value;
    /** Events in the window. */
    public long count;

    /** For Flink's POJO serializer. */
    public PaneOut() {}
  }

  static String unsupported(Flags f) {
    if (!f.timeDomain.equals("event") && !f.timeDomain.equals("processing")) return "unknown time domain " + f.timeDomain;
    if (!f.trigger.equals("continuous")) return "Flink processes record by record: no micro-batch trigger";
    if (f.emit.equals("complete")) return "Flink has no complete output mode";
    if (f.earlyEvery != null)
      return "Flink's early firings (ContinuousProcessingTimeTrigger) run on the machine clock: not deterministic";
    if (!f.emit.equals("final") && !f.emit.equals("update")) return "unknown emit mode " + f.emit;
    return null;
  }

  @Override
  public void prepare(List<Case> cases) throws Exception {
    List<Case> batch = new ArrayList<>();
    for (Case c : cases) {
      if (unsupported(c.flags) != null) continue;
      batch.add(c);
      if (batch.size() == CASES_PER_JOB) {
        runBatch(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) runBatch(batch);
  }

  @Override
  public Outcome run(Case c) throws Exception {
    String why = unsupported(c.flags);
    if (why != null) return Outcome.unsupported(why);
    if (!done.containsKey(c.id)) runBatch(List.of(c));
    Object o = done.remove(c.id);
    if (o instanceof Exception) throw (Exception) o;
    return (Outcome) o;
  }

  /** Runs the cases as one job; a failed job's cases run again one by one. */
  private void runBatch(List<Case> cases) throws Exception {
    if (cluster == null) cluster = startCluster();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
    env.getConfig().setAutoWatermarkInterval(0); // no periodic watermarks: only the punctuated ones
    Map<String, Integer> ids = new HashMap<>();
    for (Case c : cases) {
      int p = nextPipeline++;
      ids.put(c.id, p);
      PANES.put(p, Collections.synchronizedList(new ArrayList<>()));
      LATE.put(p, Collections.synchronizedList(new ArrayList<>()));
      addPipeline(env, c, p);
    }
    try {
      cluster.executeJobBlocking(env.getStreamGraph().getJobGraph());
    } catch (Exception e) {
      if (cases.size() == 1) {
        done.put(cases.get(0).id, e);
        return;
      }
      for (Case c : cases) runBatch(List.of(c));
      return;
    }
    for (Case c : cases) {
      int p = ids.get(c.id);
      try {
        done.put(c.id, write(c, PANES.remove(p), LATE.remove(p)));
      } catch (Exception e) {
        done.put(c.id, e);
      }
    }
  }

  private static MiniCluster startCluster() throws Exception {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("16m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
    conf.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    MiniCluster m = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(conf)
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(1)
        .build());
    m.start();
    return m;
  }

  private static Outcome write(Case c, List<Object[]> panes, List<Object[]> late) throws Exception {
    try (Panes out = new Panes(c.output); LateWriter lateOut = new LateWriter(c.late)) {
      for (Object[] p : panes) {
        out.write((String) p[0], (Long) p[1], (Long) p[2], (String) p[3], (Long) p[4], (String) p[5]);
      }
      for (Object[] l : late) {
        lateOut.write((ObjectNode) Inputs.JSON.readTree((String) l[0]), (Long) l[1]);
      }
      return Outcome.ok(out.written(), lateOut.written());
    }
  }

  private static void addPipeline(StreamExecutionEnvironment env, Case c, int pipeline) throws Exception {
    Flags f = c.flags;
    List<Item> items = new ArrayList<>();
    for (InputLine l : Inputs.read(c)) {
      Item i = new Item();
      i.kind = l.type == InputLine.Type.RECORD ? 0 : l.type == InputLine.Type.WATERMARK ? 1 : 2;
      i.ts = l.type == InputLine.Type.ADVANCE ? l.clock : l.time; // in processing time a record's time is the clock
      i.key = l.keyJson == null ? "" : l.keyJson;
      i.value = l.value == null ? "" : l.value.encode();
      i.raw = l.record == null ? "" : Inputs.JSON.writeValueAsString(l.record);
      items.add(i);
    }
    long delay = f.delay;
    boolean manual = f.manualWatermark;
    boolean processing = f.timeDomain.equals("processing");
    DataStream<Item> records = env.fromData(items, TypeInformation.of(Item.class))
        .name("case-" + pipeline)
        .assignTimestampsAndWatermarks(WatermarkStrategy.<Item>forGenerator(ctx -> new Punctuated(delay, manual, processing))
            .withTimestampAssigner((i, previous) -> i.kind == 0 ? i.ts : previous))
        .filter(i -> i.kind == 0);

    WindowAssigner<Object, TimeWindow> assigner;
    switch (f.kind) {
      case TUMBLING: assigner = TumblingEventTimeWindows.of(Duration.ofMillis(f.size)); break;
      case HOPPING: assigner = SlidingEventTimeWindows.of(Duration.ofMillis(f.size), Duration.ofMillis(f.advance)); break;
      default: assigner = EventTimeSessionWindows.withGap(Duration.ofMillis(f.size)); break;
    }
    OutputTag<Item> lateTag = new OutputTag<>("late-" + pipeline, TypeInformation.of(Item.class));
    WindowedStream<Item, String, TimeWindow> windowed = records.keyBy(i -> i.key)
        .window(assigner)
        .allowedLateness(Duration.ofMillis(f.allowedLateness))
        .sideOutputLateData(lateTag);
    boolean update = f.emit.equals("update");
    if (update) windowed = windowed.trigger(new EveryElement());
    SingleOutputStreamOperator<PaneOut> fired = windowed.aggregate(new Accumulate(), new ToPane(f.agg));
    fired.process(new Label(pipeline, update)).sinkTo(new DiscardingSink<>());
    fired.getSideOutput(lateTag).process(new CollectLate(pipeline)).sinkTo(new DiscardingSink<>());
  }

  /**
   * Event time: one watermark per record that raises the maximum ({@code max - D - 1}), and one
   * per {@code $watermark} line. Processing time: one per {@code $advance} line, the virtual
   * clock - 1 (records carry the clock as their time, so none is ever late).
   */
  static final class Punctuated implements WatermarkGenerator<Item> {
    private final long delay;
    private final boolean manual;
    private final boolean processing;
    private long max = Long.MIN_VALUE;

    Punctuated(long delay, boolean manual, boolean processing) {
      this.delay = delay;
      this.manual = manual;
      this.processing = processing;
    }

    @Override
    public void onEvent(Item e, long ts, WatermarkOutput out) {
      if (processing) {
        if (e.kind == 2) out.emitWatermark(new Watermark(e.ts - 1));
      } else if (e.kind == 1) {
        out.emitWatermark(new Watermark(e.ts - 1)); // StreamLab's W = T is Flink's T - 1
      } else if (e.kind == 0 && !manual && (max == Long.MIN_VALUE || e.ts > max)) {
        max = e.ts;
        out.emitWatermark(new Watermark(max - delay - 1));
      }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput out) {}
  }

  /** StreamLab's aggregate (NumberAcc) as a Flink AggregateFunction; merge() serves sessions. */
  static final class Accumulate implements AggregateFunction<Item, NumberAcc, NumberAcc> {
    @Override
    public NumberAcc createAccumulator() {
      return new NumberAcc();
    }

    @Override
    public NumberAcc add(Item i, NumberAcc acc) {
      return acc.add(JsonValue.decode(i.value));
    }

    @Override
    public NumberAcc getResult(NumberAcc acc) {
      return acc;
    }

    @Override
    public NumberAcc merge(NumberAcc a, NumberAcc b) {
      return a.merge(b);
    }
  }

  /** The window's result with its bounds. */
  static final class ToPane extends ProcessWindowFunction<NumberAcc, PaneOut, String, TimeWindow> {
    private final Flags.Agg agg;

    ToPane(Flags.Agg agg) {
      this.agg = agg;
    }

    @Override
    public void process(String key, Context ctx, Iterable<NumberAcc> accs, Collector<PaneOut> out) {
      NumberAcc acc = accs.iterator().next();
      PaneOut p = new PaneOut();
      p.key = key;
      p.start = ctx.window().getStart();
      p.end = ctx.window().getEnd();
      p.value = acc.render(agg);
      p.count = acc.count;
      out.collect(p);
    }
  }

  /** Fires on every element (StreamLab's update mode), never on time; state is freed at end + L. */
  static final class EveryElement extends Trigger<Object, TimeWindow> {
    @Override
    public TriggerResult onElement(Object e, long ts, TimeWindow w, TriggerContext ctx) {
      return TriggerResult.FIRE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow w, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow w, TriggerContext ctx) {
      return TriggerResult.CONTINUE;
    }

    @Override
    public boolean canMerge() {
      return true;
    }

    @Override
    public void onMerge(TimeWindow w, OnMergeContext ctx) {}

    @Override
    public void clear(TimeWindow w, TriggerContext ctx) {}
  }

  /** Labels each pane and collects it: LATE when the window was already complete before this firing. */
  static final class Label extends ProcessFunction<PaneOut, String> {
    private final int pipeline;
    private final boolean update;

    Label(int pipeline, boolean update) {
      this.pipeline = pipeline;
      this.update = update;
    }

    @Override
    public void processElement(PaneOut p, Context ctx, Collector<String> out) {
      long w = ctx.timerService().currentWatermark();
      String pane = update ? "UPDATE" : p.end - 1 <= w ? "LATE" : "ON_TIME";
      PANES.get(pipeline).add(new Object[] {p.key, p.start, p.end, p.value, p.count, pane});
    }
  }

  /** Collects the late side output with StreamLab's watermark (Flink's + 1). */
  static final class CollectLate extends ProcessFunction<Item, String> {
    private final int pipeline;

    CollectLate(int pipeline) {
      this.pipeline = pipeline;
    }

    @Override
    public void processElement(Item i, Context ctx, Collector<String> out) {
      long w = ctx.timerService().currentWatermark();
      LATE.get(pipeline).add(new Object[] {i.raw, w == Long.MIN_VALUE ? null : w + 1});
    }
  }
}
