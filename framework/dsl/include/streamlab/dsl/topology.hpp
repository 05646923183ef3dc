/// @file
/// A built topology: what a Runtime executes, with the topics it reads and writes.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "streamlab/dsl/detail/graph.hpp"
#include "streamlab/dsl/streams_config.hpp"

namespace streamlab {

/// A topology that cannot run as built, such as a join of topics with different partition counts.
class TopologyError : public std::logic_error {
 public:
  /// Builds the error from a message saying what is wrong and how to fix it.
  explicit TopologyError(const std::string& what) : std::logic_error(what) {}
};

/// The dataflow a StreamsBuilder built (Kafka Streams' Topology). It also holds its operators'
/// state, so one Topology object serves one run; to restart after a crash, build the topology
/// again with the same code and let the new Runtime restore the checkpoint.
class Topology {
 public:
  /// Wraps a built graph (called by StreamsBuilder::build()).
  explicit Topology(std::shared_ptr<detail::Graph> graph) : graph_(std::move(graph)) {}

  /// The input topics (streams and tables), in the order they were declared.
  [[nodiscard]] std::vector<std::string> source_topics() const {
    std::vector<std::string> out;
    for (const auto& s : graph_->sources) out.push_back(s.topic);
    return out;
  }
  /// The internal repartition topics, `<application>-<name>-repartition`.
  [[nodiscard]] const std::vector<std::string>& internal_topics() const { return graph_->internal_topics; }
  /// The topics results are written to with `to()`.
  [[nodiscard]] const std::vector<std::string>& output_topics() const { return graph_->output_topics; }
  /// The application's settings.
  [[nodiscard]] const StreamsConfig& config() const { return graph_->config; }

  /// A readable summary: sources, stateful operators, internal and output topics.
  [[nodiscard]] std::string describe() const {
    std::string out = "Topology " + graph_->config.application_id + "\n";
    for (const auto& s : graph_->sources) out += "  source " + s.topic + (s.table ? " (table)\n" : "\n");
    for (const auto& op : graph_->operators) out += "  operator " + op->name() + "\n";
    for (const auto& t : graph_->internal_topics) out += "  repartition " + t + "\n";
    for (const auto& t : graph_->output_topics) out += "  sink " + t + "\n";
    return out;
  }

  /// The graph (for the Runtime).
  [[nodiscard]] detail::Graph& graph() const noexcept { return *graph_; }

 private:
  std::shared_ptr<detail::Graph> graph_;
};

}  // namespace streamlab
