#include "text/knuth_plass.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>

namespace plaquette::text {

namespace {

/// Width, stretch and shrink summed from the start of the paragraph; `boxes`: the part of
/// the width that is not glue (what font expansion widens or narrows).
struct Sums {
  double width = 0, stretch = 0, shrink = 0, boxes = 0;
};

/// A feasible break: where it is, how the paragraph up to it is best broken.
struct Node {
  std::size_t position = 0;  ///< index of the break item (0 for the paragraph start)
  int line = 0;              ///< lines before this break
  int fitness = 1;           ///< fitness class of the line ending here
  bool flagged = false;      ///< the line ends with a hyphen
  bool forced = true;        ///< a forced break (or the paragraph start): a paragraph begins
  int hyphens = 0;           ///< lines ending with a hyphen in a row, this one included
  Sums after;                ///< sums at the start of the next line (glue after it dropped)
  double demerits = 0;       ///< total, from the paragraph start
  const Node* previous = nullptr;
};

/// TeX's fitness classes: 0 tight, 1 decent, 2 loose, 3 very loose. Adjacent lines more
/// than one class apart look uneven, hence the fitness demerits.
int fitness_class(double r) {
  if (r < -0.5) return 0;
  if (r <= 0.5) return 1;
  if (r <= 1) return 2;
  return 3;
}

/// TeX's badness, 100 r³, not capped at TeX's 10000, so that in an emergency pass a very
/// loose line still compares worse than a slightly less loose one.
double badness(double r) { return 100 * std::fabs(r * r * r); }

/// Badness of a line with no glue in an emergency pass: above any line with glue up to the
/// emergency ratio (100 × 20³ = 800000), so it is a last resort.
constexpr double kNoGlueBadness = 1e7;

/// Hyphen runs longer than this share one candidate slot per fitness class (a limit above
/// it is then not exact, which no typographer asks for).
constexpr int kMaxRun = 8;

}  // namespace

double kp_ratio(double natural, double stretch, double shrink, double width) {
  // 1e-9 pt: sums of many doubles may miss an exact fit by rounding alone.
  if (std::fabs(natural - width) < 1e-9) return 0;
  if (natural < width)
    return stretch > 0 ? (width - natural) / stretch : std::numeric_limits<double>::infinity();
  return shrink > 0 ? (width - natural) / shrink : -std::numeric_limits<double>::infinity();
}

std::vector<std::size_t> knuth_plass(const std::vector<KpItem>& items, const KpOptions& opt) {
  std::vector<std::unique_ptr<Node>> nodes;  // owns every node; `active` points into it
  std::vector<Node*> active;
  nodes.push_back(std::make_unique<Node>());
  active.push_back(nodes.back().get());

  Sums sum;  // up to (not including) the current item
  for (std::size_t i = 0; i < items.size(); ++i) {
    const KpItem& it = items[i];
    bool legal = false;
    if (it.kind == KpItem::penalty) legal = it.cost < kInfinitePenalty;
    if (it.kind == KpItem::glue) legal = i > 0 && items[i - 1].kind == KpItem::box;
    if (legal) {
      const double penalty = it.kind == KpItem::penalty ? it.cost : 0;
      const bool forced = penalty <= -kInfinitePenalty;
      const bool flagged = it.kind == KpItem::penalty && it.flagged;
      const double extra = it.kind == KpItem::penalty ? it.width : 0;
      // The best way to reach this break per fitness class, as in the paper.
      struct Candidate {
        const Node* from = nullptr;
        double demerits = std::numeric_limits<double>::infinity();
      };
      // Per fitness class and length of the hyphen run ending here: a shorter run may lead
      // to a cheaper paragraph later, so both are kept (run 0 when this break is no hyphen).
      Candidate best[4][kMaxRun + 1];
      for (std::size_t a = 0; a < active.size();) {
        Node* n = active[a];
        const double natural = sum.width - n->after.width + extra;
        const double expand = opt.expansion * (sum.boxes - n->after.boxes + extra);
        const double r =
            kp_ratio(natural, sum.stretch - n->after.stretch + opt.line_stretch + expand,
                     sum.shrink - n->after.shrink + expand, opt.width);
        const int hyphens = flagged ? n->hyphens + 1 : 0;
        const bool run_ok = !flagged || opt.max_hyphen_run <= 0 || hyphens <= opt.max_hyphen_run;
        // An emergency pass accepts lines with nothing to stretch (a long word alone):
        // better than no paragraph; the caller leaves such a line unjustified.
        const bool no_glue = std::isinf(r) && r > 0 && opt.emergency;
        if (((r >= -1 && r <= opt.max_ratio) || no_glue) && run_ok) {
          const double b = no_glue ? kNoGlueBadness : badness(r);
          double d = (opt.line_penalty + b) * (opt.line_penalty + b);
          if (penalty >= 0)
            d += penalty * penalty;
          else if (!forced)
            d -= penalty * penalty;
          if (flagged && n->flagged) d += opt.double_hyphen_demerits;
          // A hyphen on the line before the last: forced is the paragraph's end here.
          if (forced && n->flagged) d += opt.final_hyphen_demerits;
          // The last line of a paragraph of several lines: not shorter than the rule.
          if (forced && !n->forced && natural < it.last_line_min - 1e-9)
            d += opt.short_last_line_demerits;
          const int fc = fitness_class(r);
          if (std::abs(fc - n->fitness) > 1) d += opt.fitness_demerits;
          d += n->demerits;
          Candidate& c = best[fc][opt.max_hyphen_run > 0 ? std::min(hyphens, kMaxRun) : 0];
          if (d < c.demerits) c = {n, d};
        }
        // Too long from here on (lines only get longer), or closed by a forced break.
        if (r < -1 || forced) {
          active.erase(active.begin() + static_cast<std::ptrdiff_t>(a));
        } else {
          ++a;
        }
      }
      // Sums after this break: skip the glue and penalties that vanish at a line start; the
      // next line begins with the post-break width, if any.
      Sums after = sum;
      if (it.kind == KpItem::penalty) {
        after.width -= it.post_width;
        after.boxes -= it.post_width;
      }
      for (std::size_t j = i; j < items.size(); ++j) {
        const KpItem& x = items[j];
        if (x.kind == KpItem::box) break;
        if (x.kind == KpItem::penalty && x.cost <= -kInfinitePenalty && j > i) break;
        if (x.kind == KpItem::glue) {
          after.width += x.width;
          after.stretch += x.stretch;
          after.shrink += x.shrink;
        }
      }
      for (int fc = 0; fc < 4; ++fc) {
        for (int h = 0; h <= kMaxRun; ++h) {
          const Candidate& c = best[fc][h];
          if (!c.from) continue;
          auto node = std::make_unique<Node>();
          node->position = i;
          node->line = c.from->line + 1;
          node->fitness = fc;
          node->flagged = flagged;
          node->forced = forced;
          node->hyphens = flagged ? c.from->hyphens + 1 : 0;
          node->after = after;
          node->demerits = c.demerits;
          node->previous = c.from;
          active.push_back(node.get());
          nodes.push_back(std::move(node));
        }
      }
      if (active.empty()) return {};  // no way past this point
    }
    if (it.kind == KpItem::box || it.kind == KpItem::glue) sum.width += it.width;
    if (it.kind == KpItem::box) sum.boxes += it.width;
    if (it.kind == KpItem::glue) {
      sum.stretch += it.stretch;
      sum.shrink += it.shrink;
    }
  }

  // Every surviving node ends at the final forced break; take the cheapest.
  const Node* best = nullptr;
  for (const Node* n : active)
    if (n->position + 1 == items.size() && (!best || n->demerits < best->demerits)) best = n;
  std::vector<std::size_t> breaks;
  for (const Node* n = best; n && n->previous; n = n->previous) breaks.push_back(n->position);
  return {breaks.rbegin(), breaks.rend()};
}

}  // namespace plaquette::text
