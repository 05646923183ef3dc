// Where a command writes a stream it was asked for with an `--output`-style flag.
#pragma once

#include <cerrno>
#include <cstring>
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

/// Flushes `out` (and closes it when it is a file) and checks that every write reached it, so a
/// full disk or /dev/full is an error, never lost results with exit status 0. Does nothing for
/// nullptr.
/// @throws std::runtime_error naming `flag` and `path` (`-` is standard output).
inline void finish_output(const std::string& flag, const std::string& path, std::ostream* out) {
  if (out == nullptr) return;
  errno = 0;
  out->flush();
  if (auto* file = dynamic_cast<std::ofstream*>(out)) file->close();
  if (!out->fail()) return;
  const std::string where = path == "-" ? "standard output" : "'" + path + "'";
  throw std::runtime_error(flag + ": cannot write to " + where +
                           (errno != 0 ? std::string(": ") + std::strerror(errno) : "") +
                           "; the output is incomplete");
}

}  // namespace streamlab::cli
