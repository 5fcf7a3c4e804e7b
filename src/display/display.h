// The display list: pages of positioned glyph runs and paths in CMYK.
// It is the only thing the backends (PDF, Cairo) see: no YAML, no layout rules here.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "base/diag.h"

namespace plaquette::display {

/// A process colour; each component is 0..1 (1 = 100 % ink).
struct Cmyk {
  double c = 0, m = 0, y = 0, k = 0;
  bool operator==(const Cmyk&) const = default;
};

/// A point in page space: points, origin at the top-left corner of the media box, y down.
struct Point {
  double x = 0, y = 0;
};

/// An axis-aligned rectangle in page space.
struct Rect {
  double x = 0, y = 0, width = 0, height = 0;
  double right() const { return x + width; }
  double bottom() const { return y + height; }
};

/// A font file used by the document; text runs refer to it by index.
struct FontFace {
  std::string path;         ///< TrueType file, as found on disk (absolute or relative to cwd)
  std::string name;         ///< PostScript name, for humans and dumps
  SourcePos named_at = {};  ///< where the layout names the file: what a backend's error cites
};

/// One glyph as HarfBuzz shaped it. Advances and offsets are in points at the run's size.
struct Glyph {
  uint32_t id = 0;             ///< glyph id in the font
  double x_advance = 0;        ///< pen advance after this glyph
  double x_offset = 0;         ///< HarfBuzz offset, added to the pen position
  double y_offset = 0;         ///< HarfBuzz offset, up is positive (font convention)
  uint32_t cluster_begin = 0;  ///< byte range [begin, end) of TextRun::text this glyph came from
  uint32_t cluster_end = 0;
};

/// A shaped run of text on one baseline, in one font, size and colour.
struct TextRun {
  Point origin;     ///< pen position of the first glyph, on the baseline
  int font = 0;     ///< index into Document::fonts
  double size = 0;  ///< font size in points
  Cmyk color;
  std::string text;           ///< the UTF-8 text the glyphs came from (for ToUnicode / copy-paste)
  std::vector<Glyph> glyphs;  ///< in visual order; several glyphs may share one cluster
  bool decorative = false;    ///< a pictogram, not text: left out of copy/paste and extraction
  /// Horizontal scale of the glyph outlines (font expansion of a justified line: 1.005 is
  /// 0.5 % wider). Advances and offsets above are already scaled; only the drawing of each
  /// glyph's shape changes (PDF: Tz; Cairo: the font matrix).
  double scale = 1;
};

/// A path segment: move, line, cubic Bézier or close.
struct PathOp {
  enum Kind { move, line, cubic, close } kind = move;
  Point p1{}, p2{}, p3{};  ///< move/line use p1; cubic uses p1, p2 (controls) and p3 (end)
};

/// A filled and/or stroked vector path.
struct Path {
  std::vector<PathOp> ops;
  bool fill = false;
  Cmyk fill_color;
  bool stroke = false;
  Cmyk stroke_color;
  double stroke_width = 0;
  /// Crop marks: painted in registration colour, on every plate (the colours above say
  /// 100 % of each ink for backends without separations).
  bool registration = false;
};

/// Anything drawn on a page, painted in list order. Consumers walk items with std::visit
/// over an Overloaded set of one handler per kind (no default), so that a new kind does not
/// compile until every backend handles it.
using Item = std::variant<TextRun, Path>;

/// Builds one visitor from lambdas, one per item kind: `std::visit(Overloaded{...}, item)`.
template <class... Handlers>
struct Overloaded : Handlers... {
  using Handlers::operator()...;
};
template <class... Handlers>
Overloaded(Handlers...) -> Overloaded<Handlers...>;

/// One page: media size, the print boxes and what is drawn on it.
struct Page {
  double width = 0, height = 0;  ///< media box size in points
  Rect trim;                     ///< the finished page
  Rect bleed;                    ///< trim plus bleed
  std::vector<Item> items;
};

/// Document information written into the PDF.
struct Metadata {
  std::string title, author, subject, keywords, creator;
  std::string lang;  ///< BCP 47 language tag of the content, e.g. "fr-FR"
  int64_t date = 0;  ///< creation/modification time, seconds since the Unix epoch (UTC)
};

/// A whole document ready for a backend.
struct Document {
  Metadata meta;
  /// CMYK output profile (ICC file, as found on disk) of the print condition. When set, the
  /// PDF is written as PDF/X-1a:2003 with it as its output intent, and proofs convert from
  /// it to the screen; empty writes a plain PDF (and a proof is refused).
  std::string output_profile;
  /// false: the output intent names the profile's registered printing condition (FOGRA39,
  /// in the ICC's registry) without embedding the profile, which PDF/X-1a allows.
  bool embed_output_profile = true;
  /// 100 % K text and paths overprint the colours below them (no white halo when the
  /// plates slip) instead of knocking them out.
  bool overprint_black = false;
  std::vector<FontFace> fonts;
  std::vector<Page> pages;
};

/// Serializes the display list as text, one item per line, coordinates rounded to 0.01 pt.
/// Used for exact-comparison tests.
std::string dump(const Document& doc);

}  // namespace plaquette::display
