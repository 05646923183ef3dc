// How the JSON jobs write a dead letter.
#include "dead_letter_line.hpp"

#include <cstdint>

#include <nlohmann/json.hpp>

#include "streamlab/error.hpp"

namespace streamlab::connectors::file {

void write_dead_letter_line(const DeadLetter& letter, const std::string& input_name,
                            std::ostream* dead_letters, std::ostream* diagnostics) {
  const std::int64_t line = letter.offset + 1;  // the JSONL sources number records from offset 0
  if (dead_letters == nullptr) {
    if (diagnostics != nullptr)
      *diagnostics << InputLocation{input_name, line, letter.field}.describe() << ": " << letter.reason
                   << '\n';
    return;
  }
  nlohmann::ordered_json j;
  j["line"] = line;
  j["raw"] = letter.value;
  j["reason"] = letter.reason;
  if (!letter.field.empty()) j["field"] = letter.field;
  // The raw text may hold invalid UTF-8: it is written with replacement characters.
  *dead_letters << j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
}

}  // namespace streamlab::connectors::file
