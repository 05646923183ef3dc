#include "streamlab/generators/writer.hpp"

#include <stdexcept>
#include <string>

namespace streamlab::datasets {

WriteSummary write_events(Generator& generator, std::uint64_t count, std::ostream& out) {
  WriteSummary summary;
  Fnv1a64 hash;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string line = generator.next();
    line += '\n';
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    if (!out) throw std::runtime_error("writing the dataset failed (disk full or output closed?)");
    hash.update(line);
    if (i == 0) summary.first = generator.last_time();
    summary.last = generator.last_time();
    summary.bytes += line.size();
    ++summary.events;
  }
  out.flush();
  summary.fnv1a64 = hash.value();
  return summary;
}

}  // namespace streamlab::datasets
