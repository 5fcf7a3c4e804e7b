// Line break opportunities (UAX #14) from ICU's line BreakIterator (internal header).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace plaquette::text {

/// A place where a line may (or, when hard, must) end: a byte offset into the text.
struct BreakOpportunity {
  std::size_t pos = 0;
  bool hard = false;  ///< after a mandatory break (LF, CR, U+2028…)
};

/// The break opportunities of valid UTF-8 text, in increasing order, excluding 0 and
/// including text.size() for non-empty text. The ICU iterator is built once per locale and
/// thread (BreakIterator is not thread-safe, and building one costs a rule-data load).
std::vector<BreakOpportunity> line_breaks(std::string_view utf8, const std::string& locale);

}  // namespace plaquette::text
