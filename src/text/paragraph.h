// Paragraph layout: styled spans → shaped, broken, aligned lines of glyph runs.
#pragma once

#include <string>
#include <vector>

#include "display/display.h"
#include "text/font.h"
#include "text/hyphenate.h"

namespace plaquette::text {

/// A piece of text in one style. Text is UTF-8; invalid bytes are drawn as U+FFFD.
struct Span {
  std::string text;
  const Font* font = nullptr;  ///< required; a span without a font is skipped
  double size = 10;            ///< points
  double tracking = 0;         ///< extra space after each character, points
  bool ligatures = true;       ///< the font's ligatures and contextual alternates (shape())
  display::Cmyk color;
  int tag = 0;  ///< opaque, given back on runs so the caller can map text to its data source
};

/// Horizontal alignment of the lines in the measure.
enum class Align { left, center, right, justify };

/// The measure and the rules of a paragraph.
struct ParagraphOptions {
  double width = 0;    ///< measure, points
  double leading = 0;  ///< baseline to baseline, points; <= 0: ascent + descent of lines
  Align align = Align::left;
  Locale locale = "fr";  ///< selects line-break rules, spacing, hyphenation (locale.h)
  /// Justified paragraphs may split words (dictionary of the locale, see hyphenate.h).
  bool hyphenate = true;
  HyphenRules hyphenation;  ///< minimum word length, characters kept on each side
  /// French: the space before : ; ! ? », after « (U+202F narrow or U+00A0 no-break).
  char32_t french_space = 0x202F;
  /// Width of U+202F NARROW NO-BREAK SPACE as a fraction of the font's word space, used
  /// where the font's own glyph is wider (Lato's is as wide as its word space). The text
  /// keeps U+202F; only the advance changes. <= 0: the font's glyph as it is.
  double narrow_space = 0.5;
  /// Font expansion of justified text, as pdfTeX's with microtype's defaults: a line's
  /// glyphs may be set up to this fraction wider or narrower (0.02: ±2 %), which total fit
  /// counts as stretch and shrink besides the spaces', so that spaces vary less. A line set
  /// at adjustment ratio r scales its glyphs by 1 + r × expansion, rounded to
  /// `expansion_step` and within ±expansion; its spaces take the rest. Ragged text is never
  /// stretched, so never expanded. 0: off (spaces only).
  double expansion = 0.02;
  double expansion_step = 0.005;
  /// Most consecutive lines ending with a hyphen (total fit keeps to it unless nothing
  /// else fits, then Paragraph::hyphen_run_exceeded is set). <= 0: no limit.
  int max_hyphen_run = 2;
  /// The last line of a paragraph of several lines holds at least this many words and
  /// this fraction of the measure, whichever is longer (a cost in total fit, not a rule
  /// that can fail).
  int last_line_words = 2;
  double last_line_fraction = 0.15;
  /// Words hyphenated only where written (see hyphenate.h): "ta=ble", "Hauts-de-France".
  std::vector<std::string> hyphen_exceptions;
};

/// A text run placed on a line.
struct PlacedRun {
  display::TextRun run;        ///< origin.x from the line's left edge, origin.y = 0 (baseline);
                               ///< run.font is 0: map `font` to the document's font index
  int tag = 0;                 ///< Span::tag of the span the run came from
  const Font* font = nullptr;  ///< the span's font
};

/// One line of a paragraph.
struct Line {
  std::vector<PlacedRun> runs;
  double width = 0;         ///< natural width (before justification), trailing spaces excluded
  double drawn_width = 0;   ///< width as drawn: the measure for a justified line, else width
  double ascent = 0;        ///< max over runs, points
  double descent = 0;       ///< max over runs, points, positive
  double baseline = 0;      ///< from the paragraph top: first line's ascent, then + leading
  bool overfull = false;    ///< a single unbreakable piece is wider than the measure
  bool forced = false;      ///< ends with a forced break ("\n")
  bool hyphenated = false;  ///< ends inside a word: the last run ends with an added "-"
  /// Justified lines: the adjustment ratio (0 natural, 1 stretched by all their stretch,
  /// -1 shrunk by all their shrink), the stretch being their spaces' and, with font
  /// expansion, their glyphs' (as pdfTeX reports it); 0 for other lines, but a last line
  /// total fit shrank into the measure (negative).
  double ratio = 0;
  /// Horizontal scale of the line's glyphs (font expansion; 1: none); also in its runs.
  double scale = 1;
  /// Justified lines: how much their stretchable spaces differ from their natural width,
  /// as a fraction of it (mean over the line's spaces; + wider, - narrower); 0 otherwise.
  double space_change = 0;
};

/// A laid-out paragraph.
struct Paragraph {
  std::vector<Line> lines;
  double max_line_width = 0;  ///< widest drawn line (a justified line counts as the measure)
  double height = 0;          ///< last baseline + last descent
  /// Justified, but total-fit found no feasible breaks (a word wider than the measure):
  /// the lines were filled greedily instead. Callers should say so.
  bool greedy_fallback = false;
  /// More than ParagraphOptions::max_hyphen_run lines in a row end with a hyphen: nothing
  /// else fitted. Callers should say so.
  bool hyphen_run_exceeded = false;
};

/// Lays out spans in a measure: the locale's spacing rules (spacing.h), UAX #14 line
/// breaking with the locale's rules (never inside a number grouped with no-break spaces; in
/// French never before ; : ! ? » % € nor after «, even with a plain space), "\n" as a
/// forced break, alignment. Every paragraph is broken by total fit (Knuth–Plass): justified
/// text with hyphenation, its spaces stretched or shrunk so that every line but the last
/// fills the measure; ragged text with fixed spaces and the raggedness of its line ends as
/// the cost (as TeX sets ragged-right text), never in more lines than greedy filling
/// would take. Both keep to the hyphen-run and last-line rules above; U+00AD typed in the
/// text is a hyphenation point in both. Each span is shaped once.
/// Thread-safe: ICU iterators are per thread and fonts are read-only.
Paragraph layout_paragraph(const std::vector<Span>& spans, const ParagraphOptions& opt);

}  // namespace plaquette::text
