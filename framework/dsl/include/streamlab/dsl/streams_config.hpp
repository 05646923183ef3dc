/// @file
/// Settings of a topology that change its results: its name and its watermark strategy.
#pragma once

#include <string>

#include "streamlab/engine/watermark.hpp"

namespace streamlab {

/// Settings of one application (Kafka Streams' StreamsConfig, trimmed to what matters here).
struct StreamsConfig {
  /// Names the application: prefix of its internal topics (`<id>-<name>-repartition`), its late
  /// output (`<id>-late`) and its dead letters (`<id>-dead-letters`).
  std::string application_id{"streamlab"};
  /// How source partitions generate watermarks; the topology's watermark is the minimum over
  /// its stream partitions (table changelogs do not hold it back).
  WatermarkStrategy watermark{WatermarkStrategy::bounded(Duration{0})};

  /// The late-output topic: `<application_id>-late`.
  [[nodiscard]] std::string late_topic() const { return application_id + "-late"; }
  /// The dead-letter topic: `<application_id>-dead-letters`.
  [[nodiscard]] std::string dead_letter_topic() const { return application_id + "-dead-letters"; }
};

}  // namespace streamlab
