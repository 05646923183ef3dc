// `streamlab trace --mode ...`: the join counterpart of the window trace. cmd_trace.cpp declares
// the flags; this runs the join job with an observer and writes its timeline or its picture.
#pragma once

#include <string>

#include <CLI/CLI.hpp>

#include "join_flags.hpp"
#include "window_flags.hpp"

namespace streamlab::cli {

/// The picture options of a trace (`--format`, `--key`, `--title`).
struct TracePictureFlags {
  std::string format{"text"};
  std::string key;
  std::string title;
  std::string label_field;
};

/// Traces the join that `join` selects over `shared`'s input, fields, watermark and outputs, and
/// returns the exit status. A window-only flag given to `cmd` is a usage error naming it.
int run_join_trace(const CLI::App& cmd, const WindowFlags& shared, const JoinFlags& join,
                   const TracePictureFlags& picture);

/// The usage error for a join-only flag given without `--mode`, or an empty string.
std::string join_flag_without_mode(const CLI::App& cmd);

}  // namespace streamlab::cli
