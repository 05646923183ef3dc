// Where a command writes a stream it was asked for with an `--output`-style flag.
#pragma once

#include <fstream>
#include <iostream>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>

namespace streamlab::cli {

/// Opens `path` for writing: nullptr for an empty path (the stream is not wanted), std::cout
/// for "-", else a file kept alive by `holder`.
/// @throws std::runtime_error naming the path when it cannot be opened.
inline std::ostream* open_output(const std::string& path, std::unique_ptr<std::ofstream>& holder) {
  if (path.empty()) return nullptr;
  if (path == "-") return &std::cout;
  holder = std::make_unique<std::ofstream>(path);
  if (!*holder) throw std::runtime_error("cannot open '" + path + "' for writing");
  return holder.get();
}

}  // namespace streamlab::cli
