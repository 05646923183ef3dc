/// @file
/// Rules every reader of a text input file shares: what a readable input is, and the byte order
/// mark some editors write at the start of a file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <string>
#include <string_view>

namespace streamlab {

/// The UTF-8 byte order mark (U+FEFF) some editors write at the start of a text file.
inline constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

/// Removes a UTF-8 byte order mark from the start of `first_line`; readers call it on line 1
/// only, so that a file saved by such an editor reads like any other.
inline void skip_byte_order_mark(std::string& first_line) {
  if (first_line.starts_with(kByteOrderMark)) first_line.erase(0, kByteOrderMark.size());
}

/// Checks that `path` names a file that can be read: not a directory, and openable.
/// @throws InputError (line 0) naming the path and what is wrong with it.
void check_readable_file(const std::filesystem::path& path);

/// Checks that a stream read to its end stopped at the end and not at a read error (`bad()`,
/// such as EIO or EISDIR), so that a failed read never looks like a short input.
/// @throws InputError (line `line`, the last line read) naming `source`.
void check_read_to_end(const std::istream& in, const std::string& source, std::int64_t line);

}  // namespace streamlab
