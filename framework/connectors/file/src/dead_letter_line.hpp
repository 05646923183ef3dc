// How the JSON jobs (`streamlab window`, `streamlab join`) write a dead letter.
#pragma once

#include <ostream>
#include <string>

#include "streamlab/runtime/accounting.hpp"

namespace streamlab::connectors::file {

/// Writes the dead letter `letter` of the input named `input_name` as one JSON line
/// `{"line", "raw", "reason", "field"}` (`field` only when one field is to blame) to
/// `dead_letters`; without that stream, as `input:line: field 'x': reason` to `diagnostics`
/// (when there is one).
void write_dead_letter_line(const DeadLetter& letter, const std::string& input_name,
                            std::ostream* dead_letters, std::ostream* diagnostics);

}  // namespace streamlab::connectors::file
