package org.streamlab.peers.spark;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.spark.sql.SparkSession;
import org.streamlab.peers.common.Case;
import org.streamlab.peers.common.Outcome;
import org.streamlab.peers.common.Runner;

/**
 * StreamLab's Spark Structured Streaming peer runner: {@code SparkRunner MANIFEST SUMMARY}
 * (peers/README.md). One SparkSession serves every case: {@code local[N]} for N queries at once
 * ({@link #threads}), one shuffle partition (one task a stage), no UI, UTC, so start-up is paid
 * once and the results do not depend on threads. The cases that can share a query
 * ({@link SparkQuery#groupKey}) run together in {@link #prepare}.
 */
public final class SparkRunner implements Runner.Engine {
  private final SparkSession spark;
  /** What prepare() ran: each case's outcome, or the failure of its group. */
  private final Map<String, Outcome> done = new HashMap<>();
  private final Map<String, Exception> failed = new HashMap<>();

  private SparkRunner(SparkSession spark) {
    this.spark = spark;
  }

  @Override
  public void prepare(List<Case> cases) {
    Map<String, List<Case>> groups = new LinkedHashMap<>();
    for (Case c : cases) {
      if (SparkQuery.unsupported(c.flags) == null) groups.computeIfAbsent(SparkQuery.groupKey(c), k -> new ArrayList<>()).add(c);
    }
    // Queries are independent (each its own source, state and sink), so several run at once;
    // each one's results do not depend on the others or on the threads.
    ExecutorService pool = Executors.newFixedThreadPool(threads());
    try {
      List<Future<?>> running = new ArrayList<>();
      for (List<Case> g : groups.values()) {
        running.add(pool.submit(() -> {
          try {
            Map<String, Outcome> o = new SparkQuery(spark, g).run();
            synchronized (done) {
              done.putAll(o);
            }
          } catch (Exception e) {
            synchronized (done) {
              for (Case c : g) failed.put(c.id, e);
            }
          }
        }));
      }
      for (Future<?> r : running) {
        try {
          r.get();
        } catch (InterruptedException | ExecutionException e) {
          throw new IllegalStateException(e);
        }
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Queries run at once: STREAMLAB_PEERS_THREADS, default 2 (the project's machines have 2 cores). */
  static int threads() {
    String t = System.getenv("STREAMLAB_PEERS_THREADS");
    return t == null || t.isBlank() ? 2 : Math.max(1, Integer.parseInt(t.trim()));
  }

  @Override
  public Outcome run(Case c) throws Exception {
    String why = SparkQuery.unsupported(c.flags);
    if (why != null) return Outcome.unsupported(why);
    if (failed.containsKey(c.id)) throw failed.get(c.id);
    Outcome o = done.get(c.id);
    return o != null ? o : new SparkQuery(spark, List.of(c)).run().get(c.id);
  }

  /** Runs every case of the manifest. */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder()
        .master("local[" + threads() + "]")
        .appName("streamlab-peer")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "1")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.datetime.java8API.enabled", "true")
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.sql.streaming.noDataMicroBatches.enabled", "true")
        .config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
        .config("spark.sql.streaming.stateStore.maintenanceInterval", "10m")
        .config("spark.sql.streaming.metricsEnabled", "false")
        // A micro-batch's CPU (docs/peers.md, "Where a micro-batch's CPU goes"): checkpoints
        // through Hadoop's FileSystem API on NioLocalFileSystem (the default FileContext API
        // runs a readlink process per rename, Hadoop a chmod process per file), and plans and
        // expressions interpreted: compiling their generated code (Janino) cost more than
        // interpreting the few rows a batch holds.
        .config("spark.sql.streaming.checkpointFileManagerClass",
            "org.apache.spark.sql.execution.streaming.FileSystemBasedCheckpointFileManager")
        .config("spark.hadoop.fs.file.impl", NioLocalFileSystem.class.getName())
        .config("spark.sql.codegen.wholeStage", "false")
        .config("spark.sql.codegen.factoryMode", "NO_CODEGEN")
        .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    int status;
    try {
      status = Runner.main(args, new SparkRunner(spark));
    } finally {
      spark.stop();
    }
    System.exit(status);
  }
}
