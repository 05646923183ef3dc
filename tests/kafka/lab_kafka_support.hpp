/// @file
/// Helpers of the tests that run the labs' reference topologies in Kafka mode and compare them
/// with the simulator harness the graded lab tests use.
#pragma once

#include <gtest/gtest.h>
#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "../labs/support/harness.hpp"
#include "kafka_test_support.hpp"
#include "streamlab/kafka/kafka_run.hpp"
#include "streamlab/kafka/kafka_sink.hpp"
#include "streamlab/kafka/kafka_source.hpp"
#include "streamlab/kafka/shutdown_signal.hpp"
#include "streamlab/streamlab.hpp"
#include "test_cluster.hpp"
#include "thread_stacks.hpp"

namespace streamlab::kafka::test {

/// Output records of `topic` as (key, value) pairs, in order.
using Output = std::vector<std::pair<std::string, std::string>>;

inline Output simulator_output(const labtest::RunResult& run, const std::string& topic) {
  Output out;
  if (const auto it = run.topics.find(topic); it != run.topics.end()) {
    for (const auto& r : it->second) out.emplace_back(r.key.value_or(""), r.value);
  }
  return out;
}

/// Everything in each of `topics` (one partition each), in offset order, read by one consumer
/// (one group join); every read is bounded.
inline std::map<std::string, Output> kafka_outputs(const std::string& bootstrap,
                                                   const std::vector<std::string>& topics) {
  auto options = source_options(bootstrap, topics.front(), "lab-read-outputs");
  options.topics = topics;
  options.stop_at_end = true;
  KafkaSource source(options);
  const auto got = drain(source, 1'000'000, std::chrono::seconds{20});
  EXPECT_TRUE(got.ended);
  std::map<std::string, Output> out;
  for (const auto& r : got.records) {
    out[r.source.topic].emplace_back(r.record.key.value_or(""), r.record.value);
  }
  return out;
}

/// The topics a run of `topology` writes: its outputs, the late output and the dead letters.
inline std::vector<std::string> written_topics(const Topology& topology) {
  std::vector<std::string> out = topology.output_topics();
  out.push_back(topology.config().late_topic());
  out.push_back(topology.config().dead_letter_topic());
  return out;
}

/// Creates the input topics with their scenario's partitions (plus `empty_partitions` each) and
/// every topic `topology` writes with one partition.
inline void create_topics(TestCluster& cluster, const Topology& topology,
                          const std::map<std::string, std::int32_t>& partitions,
                          std::int32_t empty_partitions) {
  for (const auto& [topic, n] : partitions) cluster.create_topic(topic, n + empty_partitions);
  for (const auto& t : written_topics(topology)) cluster.create_topic(t, 1);
  for (const auto& t : topology.internal_topics()) cluster.create_topic(t, 1);
}

/// Writes `events[from, to)` to their partitions. A record's Kafka timestamp is its place in the
/// whole arrival sequence, which starts at the first arrival (librdkafka reads 0 as "now").
inline void produce_in_arrival_order(const std::string& bootstrap, const std::vector<labtest::Event>& events,
                                     std::size_t from, std::size_t to) {
  KafkaSinkOptions sink_options;
  sink_options.client = ClientConfig{bootstrap, {}, std::chrono::seconds{5}};
  KafkaSink sink(sink_options);
  const Timestamp first = events.empty() ? Timestamp{} : events.front().arrival;
  for (std::size_t i = from; i < to; ++i) {
    const auto& e = events[i];
    const auto arrival_order = first + Duration{static_cast<std::int64_t>(i)};
    sink.write_to_partition(e.topic, e.partition, Record{e.key, e.value, arrival_order, {}});
  }
  sink.flush();
  ASSERT_EQ(sink.stats().failed, 0);
}

/// A bounded run of consumer group `group` with short sessions, so a rebalance settles quickly.
inline KafkaRunOptions bounded_run(const std::string& bootstrap, const std::string& group) {
  KafkaRunOptions options;
  options.client.bootstrap_servers = bootstrap;
  options.client.connect_timeout = std::chrono::seconds{5};
  options.client.properties = {{"session.timeout.ms", "3000"}, {"heartbeat.interval.ms", "500"}};
  options.group_id = group;
  options.stop_at_end = true;
  return options;
}

/// How long the instances of a scale-out test may run before the test takes them for stuck: a
/// run takes 3 to 25 s on a loaded host; this leaves the stacks and a stop time within CTest's
/// 120 s.
inline constexpr std::chrono::seconds kInstanceDeadline{75};

/// Runs `instances` scale-out instances of the topology `build` makes, in one group at once, to
/// the end of the input, and returns their reports; each instance's exception fails the test.
/// The instances are threads named `instance-N` (as gdb shows them), each with its own consumer,
/// producer and topology, as separate processes would have; they start together, so the group
/// rebalances while they run. When one is still running after `deadline`, the test fails with
/// every thread's stack (thread_stacks()) rather than meet CTest's timeout silently; the
/// instances are then asked to stop, and if one still runs 10 s later the process ends, since a
/// stuck thread can be neither joined nor left running over the test's objects.
inline std::vector<KafkaRunReport> run_scale_out_instances(
    const StreamsConfig& config, const std::function<void(StreamsBuilder&)>& build,
    const std::string& bootstrap, int instances, bool exactly_once = false,
    std::chrono::seconds deadline = kInstanceDeadline) {
  const auto n = static_cast<std::size_t>(instances);
  std::vector<KafkaRunReport> reports(n);
  std::vector<std::string> errors(n);
  std::vector<bool> ended(n, false);
  std::mutex mutex;
  std::condition_variable changed;
  ShutdownSignal stop;
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < n; ++i) {
    threads.emplace_back([&, i] {
      pthread_setname_np(pthread_self(), ("instance-" + std::to_string(i)).c_str());
      try {
        Topology topology = build_topology(config, build);
        auto options = bounded_run(bootstrap, config.application_id);
        options.scale_out = true;
        options.exactly_once = exactly_once;
        options.shutdown = &stop;
        reports[i] = run_on_kafka(topology, options);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
      const std::lock_guard lock(mutex);
      ended[i] = true;
      changed.notify_all();
    });
  }
  {
    std::unique_lock lock(mutex);
    const auto all_ended = [&] { return std::all_of(ended.begin(), ended.end(), [](bool e) { return e; }); };
    if (!changed.wait_for(lock, deadline, all_ended)) {
      std::string running;
      for (std::size_t i = 0; i < n; ++i) {
        if (!ended[i]) running += (running.empty() ? "instance-" : ", instance-") + std::to_string(i);
      }
      ADD_FAILURE() << running << " still running after " << deadline.count()
                    << " s; the stacks of every thread:\n"
                    << thread_stacks();
      stop.request();
      if (!changed.wait_for(lock, std::chrono::seconds{10}, all_ended)) {
        std::printf(
            "[  FAILED  ] the instances did not stop within 10 s of a shutdown request: ending the "
            "process\n");
        std::fflush(stdout);
        std::_Exit(1);
      }
    }
  }
  for (auto& t : threads) t.join();
  for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(errors[i], "") << "instance " << i;
  return reports;
}

/// The first `n` arrivals of `file` (keyed by `key_field`) under a shipped scenario.
inline std::vector<labtest::Event> arrivals(const std::string& topic, const std::string& file,
                                            std::optional<std::string> key_field, const std::string& scenario,
                                            std::int32_t& partitions, std::size_t n = 1'000'000) {
  auto events = labtest::scenario_events(topic, file, scenario, partitions, std::move(key_field));
  if (events.size() > n) events.resize(n);
  return events;
}

/// `(key, value)` pairs sorted and without repeats.
inline Output distinct(Output records) {
  std::sort(records.begin(), records.end());
  records.erase(std::unique(records.begin(), records.end()), records.end());
  return records;
}

}  // namespace streamlab::kafka::test
