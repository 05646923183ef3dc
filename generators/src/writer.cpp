#include "streamlab/generators/writer.hpp"

#include <stdexcept>
#include <string>

#include "streamlab/checked_time.hpp"

namespace streamlab::datasets {

WriteSummary write_events(Generator& generator, std::uint64_t count, std::ostream& out) {
  WriteSummary summary;
  Fnv1a64 hash;
  for (std::uint64_t i = 0; i < count; ++i) {
    std::string line = generator.next();
    if (!is_valid_event_time(generator.last_time()))
      throw std::runtime_error("event " + std::to_string(i + 1) +
                               " would fall after 9999-12-31T23:59:59.999Z: use fewer --events, a higher "
                               "--rate or an earlier --start");
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
