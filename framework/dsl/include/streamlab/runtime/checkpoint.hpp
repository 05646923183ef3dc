/// @file
/// A checkpoint: operator state, watermarks, source offsets and accounting at one point of a run.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "streamlab/record.hpp"
#include "streamlab/runtime/accounting.hpp"

namespace streamlab {

/// Everything a run needs to continue after a crash as if it had not crashed.
struct Checkpoint {
  std::int64_t id{0};       ///< 1 for the first checkpoint of a run, then counting.
  std::int64_t records{0};  ///< Input records processed before it.
  std::map<TopicPartition, std::int64_t>
      next_offsets;           ///< Per partition, the first offset not yet processed.
  nlohmann::json operators;   ///< Per operator name, its snapshot (windows, tables, keyed state, timers).
  nlohmann::json watermarks;  ///< The runtime's watermark tracker and clock.
  Accounting accounting;      ///< The counts so far.
};

/// The JSON form of a checkpoint (what a file store writes).
void to_json(nlohmann::json& j, const Checkpoint& c);
/// Reads the JSON form of a checkpoint.
void from_json(const nlohmann::json& j, Checkpoint& c);

/// Where checkpoints are kept between a crash and a restart.
class CheckpointStore {
 public:
  virtual ~CheckpointStore() = default;
  /// Keeps `checkpoint` as the latest one.
  virtual void save(const Checkpoint& checkpoint) = 0;
  /// The latest checkpoint saved, if any.
  [[nodiscard]] virtual std::optional<Checkpoint> latest() const = 0;
};

/// Keeps the latest checkpoint in memory: survives a Runtime, not the process (tests, simulator).
class InMemoryCheckpointStore final : public CheckpointStore {
 public:
  /// Keeps `checkpoint`.
  void save(const Checkpoint& checkpoint) override {
    latest_ = checkpoint;
    ++saves_;
  }
  /// The latest checkpoint.
  [[nodiscard]] std::optional<Checkpoint> latest() const override { return latest_; }
  /// How many checkpoints were saved.
  [[nodiscard]] std::int64_t saves() const noexcept { return saves_; }

 private:
  std::optional<Checkpoint> latest_;
  std::int64_t saves_{0};
};

/// Keeps the latest checkpoint in a JSON file, replaced atomically (write then rename).
class FileCheckpointStore final : public CheckpointStore {
 public:
  /// A store writing to `path`.
  explicit FileCheckpointStore(std::string path) : path_(std::move(path)) {}
  /// Writes `checkpoint` to the file.
  /// @throws std::runtime_error naming the path when it cannot be written.
  void save(const Checkpoint& checkpoint) override;
  /// Reads the file, or std::nullopt when it does not exist.
  /// @throws InputError naming the file when it is not a valid checkpoint.
  [[nodiscard]] std::optional<Checkpoint> latest() const override;

 private:
  std::string path_;
};

}  // namespace streamlab
