// Readers of laid-out lines, shared by the paragraph and justification tests.
#pragma once

#include <string>

#include "text/paragraph.h"

namespace plaquette::text::test_util {

/// The text of a line, its runs joined.
inline std::string text_of(const Line& line) {
  std::string s;
  for (const PlacedRun& r : line.runs) s += r.run.text;
  return s;
}

/// Right edge of the last glyph, from the line's left edge.
inline double right_edge(const Line& line) {
  if (line.runs.empty()) return 0;
  const display::TextRun& last = line.runs.back().run;
  double x = last.origin.x;
  for (const auto& g : last.glyphs) x += g.x_advance;
  return x;
}

}  // namespace plaquette::text::test_util
