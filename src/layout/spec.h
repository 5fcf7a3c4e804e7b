// The layout language, parsed: page geometry, palette, fonts, styles and blocks.
// Everything about how the brochure looks lives in the layout file; nothing of it in C++.
// The language is documented, key by key, in layouts/README.md.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/diag.h"
#include "display/display.h"
#include "expr/expr.h"

namespace plaquette::layout {

/// A length as written: points, or a fraction of the parent box ("50%").
struct Length {
  double value = 0;       ///< points, or a fraction 0..1 when relative
  bool relative = false;  ///< true for percentages
  /// Resolves against the size of the parent box along the same axis.
  double resolve(double parent) const { return relative ? value * parent : value; }
};

/// A named CMYK colour of the palette.
struct Colour {
  display::Cmyk cmyk;
  SourcePos pos;
};

/// Text case transformation applied after bindings are expanded.
enum class TextCase { none, upper };

/// What a text does when it does not fit its frame.
enum class Fit { none, shrink };

/// Horizontal alignment of the lines of a paragraph.
enum class HAlign { left, center, right, justify };

/// Vertical placement of content inside a fixed-height frame.
enum class VAlign { top, middle, bottom };

/// A text style; every field is resolved (inheritance already applied).
struct Style {
  std::string name;
  std::string font;          ///< key into Layout::fonts
  std::string strong_font;   ///< font for **strong** spans (defaults to font)
  double size = 9;           ///< points
  double leading = 11;       ///< baseline-to-baseline distance, points
  double tracking = 0;       ///< letter spacing in 1/1000 em
  std::string color;         ///< palette name (required on a style without a parent)
  std::string strong_color;  ///< colour of **strong** spans (defaults to color)
  HAlign align = HAlign::left;
  TextCase text_case = TextCase::none;
  double space_after = 0;  ///< extra space after each paragraph, points
  bool hyphenate = true;   ///< justified text may split words (names never: see README)
  bool ligatures = true;   ///< the font's ligatures and contextual alternates (liga, clig, calt)
  // Hyphenation fragment lengths in characters; 0 takes the language's default
  // (text::LanguageRules::hyphenation).
  int hyphen_min_word = 0;         ///< shortest word split
  int hyphen_left = 0;             ///< characters kept before a hyphen
  int hyphen_right = 0;            ///< characters carried after a hyphen
  char32_t french_space = 0x202F;  ///< French space before : ; ! ? » (U+202F or U+00A0)
  int hyphen_max_run = 2;          ///< most lines in a row ending with a hyphen; 0: no limit
  std::vector<std::string> hyphen_exceptions;  ///< words split only at their "=" marks
  int last_line_words = 2;           ///< a paragraph's last line holds at least this many words
  double last_line_fraction = 0.15;  ///< ... and this fraction of the measure
  double narrow_space = 0.5;         ///< U+202F at most this fraction of the word space; 0: as is
  double expansion = 0.02;           ///< justified text: glyphs up to ±this fraction wider; 0: off
  double expansion_step = 0.005;     ///< the step of the glyph scales of font expansion
  Fit fit = Fit::none;               ///< shrink: smaller sizes, in steps, until the text fits
  double min_size = 0;               ///< smallest size `fit: shrink` may use, points
  double fit_step = 0.5;             ///< size step of `fit: shrink`, points
  bool keep_with_next = false;       ///< a heading: must not end a stack
  SourcePos pos;
};

/// Where a block sits inside its parent box. Unset fields take defaults described per key.
struct Frame {
  std::optional<Length> x, y, width, height;
  std::optional<int> col, span;  ///< grid placement, 1-based column and column count
};

/// Which sides of a shape run into the bleed when they touch the trim edge.
struct BleedSides {
  bool top = false, right = false, bottom = false, left = false;
  bool any() const { return top || right || bottom || left; }
};

struct BlockUnit;

/// Which items of a list are taken, and in which order: `where` (a condition on each item,
/// bound to its `as` name), `sort` (a key per item, numbers or texts; stable), `order`
/// and `limit`. On pages and blocks repeated over a list, and on computed lists.
struct ListQuery {
  std::optional<expr::Expr> where;
  std::optional<expr::Expr> sort;
  bool descending = false;           ///< `order: descending`
  std::optional<std::size_t> limit;  ///< at most this many items (after filter and sort)
  /// The names its expressions refer to, but the item's own name.
  std::vector<std::string> names(const std::string& as) const;
  /// True when it may leave out items.
  bool filters() const { return where.has_value() || limit.has_value(); }
};

/// The properties of one kind of block (a text's style and template, a chart's values and
/// colours...): each kind defines its own, read and used by its unit in src/layout/blocks/.
struct BlockProps {
  virtual ~BlockProps() = default;
};

/// One block of the layout: what every kind has, and its kind's own properties.
struct Block {
  const BlockUnit* unit = nullptr;  ///< its kind: how it is read and placed (blocks/blocks.h)
  std::string name;                 ///< for messages; defaults to its path in the layout
  SourcePos pos;
  Frame frame;
  bool on_trim = false;  ///< page-level only: the frame is relative to the trim, not the margins
  BleedSides bleed;      ///< for the kinds that run into the bleed (a rect's `bleed:`)
  std::shared_ptr<const BlockProps> props;  ///< the kind's own properties (read by its unit)
  std::vector<Block> children;              ///< of the kinds that hold blocks
  std::optional<expr::Expr> when;           ///< shown only when this condition holds

  /// Its `type:` as the layout names it ("text", "chart"...).
  std::string_view type() const;
  /// The kind's properties, as the unit that read them defined them.
  template <class P>
  const P& as() const {
    return static_cast<const P&>(*props);
  }
};

/// Crop marks drawn outside the bleed.
struct Marks {
  bool enabled = true;
  double offset = 0;  ///< distance from the trim edge to the start of a mark
  double length = 0;
  double weight = 0.25;
};

/// Page geometry shared by every page.
struct PageGeometry {
  double width = 0, height = 0;  ///< trim size
  double bleed = 0;
  double margin_top = 0, margin_right = 0, margin_bottom = 0, margin_left = 0;
  int columns = 12;
  double gutter = 0;
  Marks marks;
  /// 100 % K text and rules overprint (ExtGState /OP /op true, /OPM 1) instead of knocking
  /// out the colours below them.
  bool overprint_black = false;
  /// CMYK output profile (ICC): the PDF/X output intent, and the source of proof colours;
  /// resolved against the layout's folder.
  std::string output_profile;
  SourcePos output_profile_pos;
  /// false: the PDF names the profile's registered printing condition (FOGRA39…) without
  /// embedding it; the profile must be one of a registered condition.
  bool embed_output_profile = true;
  SourcePos embed_output_profile_pos;
};

/// One page: an optional background colour and its blocks. With `over`, the page (or the
/// run of `pages`) is laid out once per item of a bound list.
struct PageSpec {
  std::string name;
  std::string background;  ///< palette name; painted over trim and bleed
  std::vector<Block> blocks;
  SourcePos pos;
  std::string over;  ///< binding path of the list repeated over; empty: one page
  SourcePos over_pos;
  std::string as = "item";         ///< the item's name in the page's templates
  ListQuery query;                 ///< which items of `over`, in which order
  std::vector<PageSpec> pages;     ///< a run of pages repeated together (then no blocks)
  std::optional<expr::Expr> when;  ///< laid out only when this condition holds (per item)
};

/// Document information, as templates.
struct DocInfo {
  std::string title, subject, author, keywords;
  SourcePos title_pos, subject_pos, author_pos, keywords_pos;
};

/// A named value of the layout's `computed:` section: an expression evaluated where the
/// name is used (per item, when it names a repeat's item).
/// Or a list: the items of `over` that its query takes (`{over, as, where, sort, order,
/// limit}`), e.g. the projects of the département in scope.
struct Computed {
  Computed() = default;
  Computed(std::string n, expr::Expr e) : name(std::move(n)), expr(std::move(e)) {}
  std::string name;
  expr::Expr expr;
  bool is_list = false;  ///< a list taken from `over` by `query`, not `expr`
  std::string over;      ///< binding path of the list
  SourcePos over_pos;
  std::string as = "item";
  ListQuery query;
  /// The names it refers to (its expression's, or its list's and query's).
  std::vector<std::string> names() const;
};

/// A whole layout file.
struct Layout {
  std::string path;  ///< the layout file
  std::string dir;   ///< its folder: fonts and catalogs resolve from here
  DocInfo info;
  PageGeometry page;
  std::map<std::string, Colour> palette;
  std::map<std::string, std::string> fonts;  ///< key → resolved file path
  std::map<std::string, SourcePos> font_pos;
  /// Other files the layout names (a map's `shapes`): resolved path, where it is named, and
  /// what it is for messages. Read when the pages are laid out, like fonts.
  struct NamedFile {
    std::string path;
    SourcePos pos;
    std::string what;
  };
  std::vector<NamedFile> files;
  std::map<std::string, Style> styles;
  std::vector<PageSpec> pages;
  double ink_limit = 3.0;  ///< total area coverage limit of palette colours (300 %)
  /// The layout files it `extends` (each resolved, with where it is named), base first.
  std::vector<std::pair<std::string, SourcePos>> bases;
  std::vector<Computed> computed;  ///< in the order written
};

/// Parses a layout file; returns nothing when it has errors (all of them recorded).
std::optional<Layout> load_layout(const std::string& path, Diagnostics& diags);

/// Same, from text in memory; `path` names it in messages and anchors relative font paths.
std::optional<Layout> load_layout_string(std::string_view text, const std::string& path,
                                         Diagnostics& diags);

/// Parses a length: "12mm", "9pt", "1.5cm", "50%", or a bare number of points.
/// Returns false when the text is not a length.
bool parse_length(const std::string& text, Length& out);

}  // namespace plaquette::layout
