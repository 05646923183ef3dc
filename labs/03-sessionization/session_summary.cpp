// Lab 03, part 1: write add_click() and merge_sessions() (see session_summary.hpp and README.md).
#include "session_summary.hpp"

#include "streamlab/labs/not_implemented.hpp"

namespace lab03 {

void add_click(SessionStats& /*stats*/, const Click& /*click*/) {
  throw streamlab::labs::NotImplemented("labs/03-sessionization/session_summary.cpp: lab03::add_click");
}

void merge_sessions(SessionStats& /*into*/, const SessionStats& /*other*/) {
  throw streamlab::labs::NotImplemented("labs/03-sessionization/session_summary.cpp: lab03::merge_sessions");
}

}  // namespace lab03
