package org.streamlab.peers.spark;

import org.apache.spark.sql.SparkSession;
import org.streamlab.peers.common.Runner;

/**
 * StreamLab's Spark Structured Streaming peer runner: {@code SparkRunner MANIFEST SUMMARY}
 * (peers/README.md). One SparkSession serves every case: {@code local[1]}, one shuffle
 * partition, no UI, UTC, so start-up is paid once and the results do not depend on threads.
 */
public final class SparkRunner {
  private SparkRunner() {}

  /** Runs every case of the manifest. */
  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder()
        .master("local[1]")
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
        .getOrCreate();
    spark.sparkContext().setLogLevel("ERROR");
    int status;
    try {
      status = Runner.main(args, c -> new SparkCase(spark, c).run());
    } finally {
      spark.stop();
    }
    System.exit(status);
  }
}
