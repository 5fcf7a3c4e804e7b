// Total-fit line breaking (Knuth & Plass, "Breaking Paragraphs into Lines", 1981) over an
// abstract list of boxes, glue and penalties (internal header; paragraph.cc builds the list).
#pragma once

#include <cstddef>
#include <vector>

namespace plaquette::text {

/// A penalty at or above this never breaks; at or below its negation always does.
inline constexpr double kInfinitePenalty = 10000;

/// One element of the paragraph: TeX's box, glue or penalty.
struct KpItem {
  enum Kind { box, glue, penalty } kind = box;
  double width = 0;      ///< points; for a penalty, the width added if the line breaks there
  double stretch = 0;    ///< glue: how much it may grow, points
  double shrink = 0;     ///< glue: how much it may shrink, points
  double cost = 0;       ///< penalty: cost of breaking here (±kInfinitePenalty: never/always)
  bool flagged = false;  ///< penalty: a hyphen (consecutive ones cost extra)
  /// penalty: the width added at the start of the next line if the line breaks here (TeX's
  /// post-break text of a discretionary: the end of a ligature split by a hyphen).
  double post_width = 0;
  /// Forced penalty: the line it ends, when it is not the first of its paragraph, should be
  /// at least this wide (points); a shorter one costs KpOptions::short_last_line_demerits.
  double last_line_min = 0;
};

/// The costs of the search. Defaults are TeX's plain format values unless said otherwise.
struct KpOptions {
  double width = 0;  ///< the measure, points
  /// Largest adjustment ratio a line may have (stretch used / stretch available). TeX's
  /// \tolerance 200 is about 1.26; callers retry looser before giving up.
  double max_ratio = 1.26;
  double line_penalty = 10;  ///< \linepenalty: every line costs this, so fewer lines win
  /// \doublehyphendemerits is 10000 in TeX; the paper's 3000 lets a narrow column break two
  /// lines running with hyphens when the alternative is a loose line, which reads worse.
  double double_hyphen_demerits = 3000;
  double final_hyphen_demerits = 5000;  ///< \finalhyphendemerits: hyphen on the next-to-last line
  double fitness_demerits = 3000;       ///< \adjdemerits is 10000; the paper's value, same reason
  /// Most lines in a row that may end with a hyphen; a break that would make a longer run
  /// is infeasible. <= 0: no limit (the caller's last resort when nothing else fits).
  int max_hyphen_run = 2;
  /// Cost of a last line shorter than its KpItem::last_line_min: more than any set of
  /// lines within tolerance costs, so the rule yields only when nothing else fits.
  double short_last_line_demerits = 1e10;
  /// Stretch every line has besides its glue: ragged text gives its lines this much at the
  /// end (TeX's \rightskip plus), so that the ratio measures raggedness.
  double line_stretch = 0;
  /// Font expansion (pdfTeX's \adjustspacing, microtype's default): the glyphs of a line
  /// may be widened or narrowed by up to this fraction of their width, so every box and
  /// every penalty's width gives the line that much stretch and shrink besides its glue,
  /// and the adjustment ratio is taken over both (0: glue only).
  double expansion = 0;
  /// Also accept lines with no glue at all, at a very high cost (TeX's emergency pass).
  bool emergency = false;
};

/// The chosen breaks: indices into `items` of the glue or penalty each line ends at, in
/// order; the last is the final item. Empty when no set of breaks keeps every line within
/// [-1, max_ratio] (a box wider than the measure, or too little glue). The list must end
/// with a forced break (penalty -kInfinitePenalty).
std::vector<std::size_t> knuth_plass(const std::vector<KpItem>& items, const KpOptions& opt);

/// The adjustment ratio of a line of natural width `natural` with that much stretch and
/// shrink, in a measure `width`: 0 when it fits exactly; < -1 when it cannot fit.
double kp_ratio(double natural, double stretch, double shrink, double width);

}  // namespace plaquette::text
