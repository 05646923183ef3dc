#include "streamlab/text_input.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include "streamlab/error.hpp"

namespace streamlab {

void check_readable_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw InputError(InputLocation{path.string(), 0, ""}, "is a directory, not a file");
  const std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError(InputLocation{path.string(), 0, ""},
                     std::string("cannot open the file: ") + std::strerror(errno));
  }
}

void check_read_to_end(const std::istream& in, const std::string& source, std::int64_t line) {
  if (in.bad())
    throw InputError(InputLocation{source, line, ""}, "read error: the input stopped before its end");
}

}  // namespace streamlab
