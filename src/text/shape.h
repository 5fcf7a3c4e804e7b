// Shaping: UTF-8 text in one font and size → positioned glyphs, with HarfBuzz.
#pragma once

#include <string_view>
#include <vector>

#include "display/display.h"
#include "text/font.h"

namespace plaquette::text {

/// Glyphs of one shaped piece of text, and their total advance.
struct Shaped {
  std::vector<display::Glyph> glyphs;  ///< visual (= logical, LTR) order; points
  double width = 0;                    ///< sum of x_advance, points
};

/// Shapes `utf8` left to right in `font` at `size_pt`, for language `lang` (BCP 47, e.g.
/// "fr"; empty means undetermined), with kerning on and, when `ligatures`, the font's
/// standard and contextual ligatures and contextual alternates (liga, clig, calt;
/// discretionary ligatures stay off). A ligature is one glyph whose cluster spans its
/// characters. `tracking_pt` is added after each cluster. Glyph clusters are byte ranges of
/// `utf8`; invalid bytes shape as U+FFFD and keep their own byte range.
/// Thread-safe: it only reads the font.
Shaped shape(const Font& font, double size_pt, std::string_view utf8, std::string_view lang,
             double tracking_pt = 0, bool ligatures = true);

}  // namespace plaquette::text
