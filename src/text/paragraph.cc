// Stages, in order: collect (spacing rules, spans → one text + shaping segments), shape
// (each segment once), measure (per-byte advances), break (total fit for justified text,
// knuth_plass.cc; greedy over ICU opportunities otherwise), finalize (runs, hyphens,
// justification, alignment, vertical metrics).
#include "text/paragraph.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>

#include "text/breaks.h"
#include "text/knuth_plass.h"
#include "text/shape.h"
#include "text/shape_cache.h"
#include "text/spacing.h"
#include "text/utf8.h"

namespace plaquette::text {

namespace {

/// Tolerance on widths: a line measured as the sum of many doubles may exceed the measure
/// by rounding alone, and must still fit.
constexpr double kEps = 1e-6;

/// A run of one span between forced breaks, shaped once for the whole paragraph.
struct Segment {
  std::size_t span = 0;
  std::size_t begin = 0, end = 0;  ///< byte range in the paragraph text
  Shaped shaped;                   ///< clusters relative to begin
};

/// A line before finalization: [begin, end) with trailing spaces already trimmed.
struct LineRange {
  std::size_t begin = 0, end = 0;
  double width = 0;  ///< natural width, the added hyphen included
  bool forced = false, overfull = false;
  bool hyphen = false;  ///< ends at a hyphenation point: draw a hyphen after `end`
  double ratio = 0;     ///< justified: adjustment ratio of its spaces (and glyphs, expanded)
  double scale = 1;     ///< justified: horizontal scale of its glyphs (font expansion)
  /// Starts inside a ligature split by the previous line's hyphen (Layout::Split at begin).
  bool split_start = false;
};

/// A hyphenation point inside a ligature ("ef|fi|cace" in Lato's "ffi"), as TeX's
/// discretionary: the characters of the cluster on each side of the break shaped again,
/// so that no ligature glyph is cut in two; unbroken, the ligature stays.
struct Split {
  std::size_t cluster_begin = 0, cluster_end = 0;  ///< the ligature's bytes in the text
  Shaped pre;   ///< [cluster_begin, break), ending the line before the hyphen
  Shaped post;  ///< [break, cluster_end), starting the next line; clusters from the break
};

/// TeX's \hyphenpenalty: a hyphen costs as much as a slightly loose line.
constexpr double kHyphenPenalty = 50;
/// Ragged text: the stretch each line end has, as a fraction of the measure. A line an
/// eighth of the measure short has ratio 1, badness 100: as costly as a justified line
/// stretched by all its stretch.
constexpr double kRaggedStretch = 1.0 / 8;
/// Justified spaces grow by half and shrink by a third of their width: the ratios of
/// TeX's Computer Modern (fontdimen 3 and 4 over fontdimen 2), which Lato's spacing suits.
constexpr double kSpaceStretch = 0.5;
constexpr double kSpaceShrink = 1.0 / 3.0;
/// Ragged text: cost of a last line shorter than the rule (two words or 15 %). It equals a
/// line at ratio ~4.6 (badness 100 r^3, demerits ~1e4 r^6 = 1e8), so the rule yields rather
/// than leave a line more than about 58 % short of the measure: a small label breaks as
/// "Nb habitants / (estim.)", not "Nb / habitants (estim.)", but still as "Montant / des
/// dépenses". Justified text keeps KpOptions' default, above any lines within tolerance.
constexpr double kRaggedShortLastLineDemerits = 1e8;
/// Emergency pass: a line may stretch its spaces up to 20 times their stretchability
/// before total fit gives up and the paragraph is filled greedily.
constexpr double kEmergencyRatio = 20;

class Layout {
 public:
  Layout(const std::vector<Span>& spans, const ParagraphOptions& opt)
      : spans_(spans), opt_(opt), rules_(opt.locale.rules()) {}

  Paragraph run() {
    collect();
    shape_segments();
    measure();
    const bool justify = opt_.align == Align::justify;
    bool fallback = false, run_exceeded = false;
    std::vector<LineRange> ranges = break_total_fit(justify, run_exceeded);
    if (justify) {
      fallback = ranges.empty() && !text_.empty();
    } else {
      // Ragged text must not take more lines than greedy filling: its frame was drawn
      // for that many. Total fit only chooses among breaks of that length or fewer.
      std::vector<LineRange> greedy = break_lines();
      if (ranges.empty() || ranges.size() > greedy.size()) {
        ranges = std::move(greedy);
        run_exceeded = false;
      }
    }
    if (ranges.empty()) ranges = break_lines();
    Paragraph p = finalize(ranges);
    p.greedy_fallback = fallback;
    p.hyphen_run_exceeded = run_exceeded;
    return p;
  }

 private:
  /// Concatenates the usable spans into one valid UTF-8 text (ICU needs the whole context
  /// to find breaks across span boundaries) and cuts it into segments at forced breaks.
  void collect() {
    std::vector<std::string> texts;
    for (const Span& span : spans_) texts.push_back(utf8_sanitize(span.text));
    apply_spacing(texts, opt_.locale, opt_.french_space);
    for (std::size_t s = 0; s < spans_.size(); ++s) {
      const Span& span = spans_[s];
      if (!span.font || !(span.size > 0) || !std::isfinite(span.size)) continue;
      const std::string& clean = texts[s];
      const std::size_t base = text_.size();
      text_ += clean;
      span_at_.resize(text_.size(), static_cast<int>(s));
      std::size_t seg_begin = 0;
      for (std::size_t i = 0; i <= clean.size();) {
        const std::size_t brk = i < clean.size() ? hard_break_length(clean, i) : 0;
        if (i == clean.size() || brk > 0) {
          if (i > seg_begin) segments_.push_back({s, base + seg_begin, base + i, {}});
          if (i == clean.size()) break;
          i += brk;
          seg_begin = i;
        } else {
          std::size_t len = 0;
          utf8_decode(clean, i, len);
          i += len;
        }
      }
    }
  }

  void shape_segments() {
    for (Segment& seg : segments_) {
      const Span& span = spans_[seg.span];
      std::string_view piece(text_.data() + seg.begin, seg.end - seg.begin);
      seg.shaped = shape_cached(*span.font, span.size, piece, opt_.locale.tag(), span.tracking,
                                span.ligatures);
      narrow_spaces(seg, piece);
    }
  }

  /// U+202F wider than the style's fraction of the word space is drawn that wide: Lato's is
  /// as wide as its word space, so the thin space before ":" or inside « » would not be
  /// thin. Only the advance changes; the text keeps U+202F for copy and paste.
  void narrow_spaces(Segment& seg, std::string_view piece) const {
    static constexpr std::string_view kNarrow = "\u202F";
    if (!(opt_.narrow_space > 0) || piece.find(kNarrow) == std::string_view::npos) return;
    const Span& span = spans_[seg.span];
    const double target = opt_.narrow_space * shape_cached(*span.font, span.size, " ", "").width;
    for (display::Glyph& g : seg.shaped.glyphs) {
      if (piece.substr(g.cluster_begin, g.cluster_end - g.cluster_begin) != kNarrow) continue;
      const double own = g.x_advance - span.tracking;
      if (own > target) {
        g.x_advance = target + span.tracking;
        seg.shaped.width -= own - target;
      }
    }
  }

  /// Per-byte tables, so that any candidate line is measured in O(1) instead of reshaped:
  /// advance prefix sums at cluster starts, and which bytes may end or stretch a line.
  void measure() {
    const std::size_t n = text_.size();
    std::vector<double> advance(n + 1, 0.0);
    in_segment_.assign(n, false);
    cluster_start_.assign(n + 1, false);
    inside_cluster_.assign(n + 1, false);
    tracking_at_.assign(n + 1, 0.0);
    for (const Segment& seg : segments_) {
      std::fill(in_segment_.begin() + seg.begin, in_segment_.begin() + seg.end, true);
      for (const display::Glyph& g : seg.shaped.glyphs) {
        const std::size_t b = seg.begin + g.cluster_begin;
        advance[b] += g.x_advance;
        cluster_start_[b] = true;
        tracking_at_[b] = spans_[seg.span].tracking;
        for (std::size_t k = b + 1; k < seg.begin + g.cluster_end; ++k) inside_cluster_[k] = true;
      }
    }
    cum_.assign(n + 1, 0.0);
    for (std::size_t i = 0; i < n; ++i) cum_[i + 1] = cum_[i] + advance[i];

    stretchable_.assign(n, false);
    for (std::size_t i = 0; i < n; ++i) {
      if (text_[i] != ' ' || !in_segment_[i]) continue;
      // In French, the space before ":" or after "«" is a fixed no-break space.
      stretchable_[i] = !(rule_has(rules_.no_line_start, next_nonspace(i)) ||
                          rule_has(rules_.no_line_end, prev_nonspace(i)));
    }
  }

  /// Whether U+00AD SOFT HYPHEN starts at byte i.
  bool is_soft_hyphen(std::size_t i) const {
    return i + 1 < text_.size() && text_[i] == '\xC2' && text_[i + 1] == '\xAD';
  }

  /// The first character after the spaces starting at i (0 at the end).
  char32_t next_nonspace(std::size_t i) const {
    while (i < text_.size() && text_[i] == ' ') ++i;
    if (i >= text_.size()) return 0;
    std::size_t len = 0;
    return utf8_decode(text_, i, len);
  }

  /// The last character before the spaces ending at i (0 at the start).
  char32_t prev_nonspace(std::size_t i) const {
    while (i > 0 && text_[i - 1] == ' ') --i;
    if (i == 0) return 0;
    std::size_t start = i - 1;
    while (start > 0 && (static_cast<unsigned char>(text_[start]) & 0xC0) == 0x80) --start;
    std::size_t len = 0;
    return utf8_decode(text_, start, len);
  }

  /// Whether a line may end at `pos` (an ICU opportunity) under our extra rules.
  bool allowed(std::size_t pos) const {
    if (pos < text_.size() && inside_cluster_[pos]) return false;  // HarfBuzz merged it
    // After U+00AD the line ends before it, with a drawn hyphen (break_total_fit).
    if (pos >= 2 && is_soft_hyphen(pos - 2)) return false;
    if (pos > 0 && pos < text_.size() && text_[pos - 1] == ' ') {
      if (rule_has(rules_.no_line_start, next_nonspace(pos)) ||
          rule_has(rules_.no_line_end, prev_nonspace(pos))) {
        return false;
      }
    }
    return true;
  }

  /// End of the visible part of [begin, end): without trailing spaces or break characters.
  std::size_t trim(std::size_t begin, std::size_t end) const {
    while (end > begin && (text_[end - 1] == ' ' || !in_segment_[end - 1])) --end;
    return end;
  }

  /// Natural width of [begin, end) (already trimmed). The tracking after the last character
  /// is not part of it: it would push right-aligned and centred text off its edge.
  double width(std::size_t begin, std::size_t end) const {
    if (end <= begin) return 0;
    std::size_t last = end - 1;
    while (last > begin && !cluster_start_[last]) --last;
    return cum_[end] - cum_[begin] - tracking_at_[last];
  }

  /// Greedy filling: each line takes as many break opportunities as fit in the measure.
  std::vector<LineRange> break_lines() const {
    std::vector<LineRange> lines;
    std::vector<BreakOpportunity> breaks = line_breaks(text_, opt_.locale.tag());
    std::size_t start = 0;
    bool have_fit = false;
    LineRange fit;
    for (std::size_t k = 0; k < breaks.size();) {
      const BreakOpportunity& br = breaks[k];
      const bool last = br.pos == text_.size();
      if (!br.hard && !last && !allowed(br.pos)) {
        ++k;
        continue;
      }
      const std::size_t end = trim(start, br.pos);
      if (end == start && !br.hard && !last) {
        ++k;  // only spaces so far (leading spaces): not a line of its own
        continue;
      }
      const double w = width(start, end);
      if (w <= opt_.width + kEps) {
        fit = {start, end, w, br.hard, false};
        if (br.hard || last) {
          lines.push_back(fit);
          start = br.pos;
          have_fit = false;
        } else {
          fit.end = br.pos;  // remembered untrimmed: the next line starts there
          have_fit = true;
        }
        ++k;
      } else if (have_fit) {
        // The previous opportunity was the last that fitted: end the line there and
        // measure this opportunity again from the new line start.
        start = fit.end;
        fit.end = trim(fit.begin, fit.end);
        lines.push_back(fit);
        have_fit = false;
      } else {
        lines.push_back({start, end, w, br.hard, true});
        start = br.pos;
        ++k;
      }
    }
    return lines;
  }

  /// Advance of the hyphen added after byte `pos` (the font of the character before it),
  /// without tracking: the line ends there.
  double hyphen_width(std::size_t pos) const {
    const Span& span = spans_[span_at_[pos - 1]];
    return shape_cached(*span.font, span.size, "-", opt_.locale.tag()).width;
  }

  /// Total fit: the paragraph as boxes, glue (spaces) and penalties (hyphens, other break
  /// opportunities, forced breaks), broken by knuth_plass(). Justified text: spaces stretch
  /// and shrink, words are hyphenated. Ragged text: spaces are fixed and every line has the
  /// same stretch at its end, so the cost measures how ragged the lines are. Empty when no
  /// feasible breaks exist even in an emergency pass. `run_exceeded`: the hyphen-run rule
  /// had to be dropped to find any.
  std::vector<LineRange> break_total_fit(bool justify, bool& run_exceeded) {
    const std::size_t n = text_.size();
    // What may happen at each byte: the ICU opportunities we allow, and hyphenation points
    // (a typed U+00AD is one, ending the line before it; the dictionary's in justified text).
    std::vector<char> soft(n + 1, 0), hard(n + 1, 0), hyph(n + 1, 0);
    for (const BreakOpportunity& br : line_breaks(text_, opt_.locale.tag())) {
      if (br.hard || br.pos == n)
        hard[br.pos] = 1;
      else if (allowed(br.pos))
        soft[br.pos] = 1;
    }
    for (std::size_t i = 1; i + 1 < n; ++i)
      if (is_soft_hyphen(i) && in_segment_[i - 1] && span_at_[i - 1] == span_at_[i]) hyph[i] = 1;
    if (justify && opt_.hyphenate) {
      for (const Segment& seg : segments_) {
        std::string_view piece(text_.data() + seg.begin, seg.end - seg.begin);
        for (std::size_t h :
             hyphenation_points(piece, opt_.locale, opt_.hyphenation, opt_.hyphen_exceptions)) {
          const std::size_t pos = seg.begin + h;
          if (pos >= seg.end || span_at_[pos - 1] != span_at_[pos]) continue;
          if (!inside_cluster_[pos] || add_split(seg, pos)) hyph[pos] = 1;
        }
      }
    }

    struct Mark {
      std::size_t end = 0, next = 0;  ///< the line ends at `end`, the next starts at `next`
      bool hyphen = false, forced = false;
    };
    std::vector<KpItem> items;
    std::vector<Mark> marks;  // per item
    auto push = [&](KpItem it, Mark m) {
      items.push_back(it);
      marks.push_back(m);
    };
    std::size_t box_start = 0;
    auto flush_box = [&](std::size_t end) {
      if (end > box_start) push({KpItem::box, cum_[end] - cum_[box_start]}, {});
      box_start = end;
    };
    // Where each word of the current paragraph (between forced breaks) starts, for the
    // last-line rule: the last line should hold the last `last_line_words` of them.
    std::size_t chunk_start = 0;
    std::vector<std::size_t> word_starts;
    auto last_line_min = [&](std::size_t end) {
      double w = opt_.last_line_fraction * opt_.width;
      if (opt_.last_line_words > 0) {
        const std::size_t k = static_cast<std::size_t>(opt_.last_line_words);
        const std::size_t from =
            word_starts.size() >= k ? word_starts[word_starts.size() - k] : chunk_start;
        if (end > from) w = std::max(w, width(from, end));
      }
      return w;
    };
    auto push_forced = [&](std::size_t end, std::size_t next) {
      push({KpItem::glue, 0, 1e6}, {});  // fill the line: it is not justified
      KpItem f{KpItem::penalty, 0, 0, 0, -kInfinitePenalty};
      f.last_line_min = last_line_min(end);
      push(f, {end, next, false, true});
      chunk_start = next;
      word_starts.clear();
    };
    for (std::size_t i = 0; i < n;) {
      if (!in_segment_[i]) {  // a forced break: its characters up to the opportunity
        // (the opportunity after a previous break character may be at i itself: start past)
        std::size_t j = i + 1;
        while (j < n && !hard[j]) ++j;
        flush_box(trim(box_start, i));
        push_forced(trim(0, i), j);
        box_start = j;
        i = j;
        continue;
      }
      if (text_[i] == ' ') {
        std::size_t j = i;
        while (j < n && text_[j] == ' ' && in_segment_[j]) ++j;
        bool stretchy = true;
        for (std::size_t k = i; k < j; ++k) stretchy = stretchy && stretchable_[k];
        if (!stretchy) {  // a fixed space, part of the box around it
          i = j;
          continue;
        }
        flush_box(i);
        const double w = cum_[j] - cum_[i];
        if (!soft[j] && !hard[j]) push({KpItem::penalty, 0, 0, 0, kInfinitePenalty}, {});
        if (justify)
          push({KpItem::glue, w, w * kSpaceStretch, w * kSpaceShrink}, {i, j});
        else
          push({KpItem::glue, w, 0, 0}, {i, j});
        if (j < n) word_starts.push_back(j);
        box_start = j;
        i = j;
        continue;
      }
      if (i > 0 && i > box_start && (soft[i] || hyph[i]) && text_[i - 1] != ' ') {
        flush_box(i);
        if (soft[i]) {
          push({KpItem::penalty, 0, 0, 0, 0}, {i, i});
        } else if (auto sp = splits_.find(i); sp != splits_.end()) {
          // The box before holds the whole ligature: broken here, the line ends with the
          // first fragment instead, and the next one starts with the second.
          const Split& s = sp->second;
          const double ligature = cum_[i] - cum_[s.cluster_begin];
          push({KpItem::penalty, s.pre.width + hyphen_width(i) - ligature, 0, 0, kHyphenPenalty,
                true, s.post.width},
               {i, i, true});
        } else {
          // A typed soft hyphen: the line ends before it, the next starts after it.
          const std::size_t next = is_soft_hyphen(i) ? i + 2 : i;
          push({KpItem::penalty, hyphen_width(i), 0, 0, kHyphenPenalty, true}, {i, next, true});
        }
      }
      ++i;
    }
    flush_box(trim(box_start, n));
    push_forced(trim(0, n), n);

    KpOptions kp;
    kp.width = opt_.width;
    kp.max_hyphen_run = opt_.max_hyphen_run;
    // TeX's \finalhyphendemerits (a hyphen on the line before the last) stands for the house
    // rule "never divide a paragraph's last word": its tail would end the paragraph alone.
    // The last-line rule says so outright when it counts words, the last ones whole on the
    // last line; a hyphen before them then costs what any hyphen costs. Without it, TeX's.
    if (opt_.last_line_words > 0) kp.final_hyphen_demerits = 0;
    const double expansion = justify ? expansion_limit() : 0;
    kp.expansion = expansion;
    if (!justify) {
      // Ragged: every line may fall short of the measure; its cost grows with the cube of
      // the shortfall over an eighth of the measure (TeX's ragged right uses a few ems).
      kp.line_stretch = opt_.width * kRaggedStretch;
      kp.max_ratio = std::numeric_limits<double>::max();
      kp.short_last_line_demerits = kRaggedShortLastLineDemerits;
    }
    std::vector<std::size_t> breaks = knuth_plass(items, kp);
    if (breaks.empty() && justify) {
      kp.max_ratio = kEmergencyRatio;
      kp.emergency = true;
      breaks = knuth_plass(items, kp);
    }
    if (breaks.empty() && kp.max_hyphen_run > 0) {
      // Nothing fits without a longer run of hyphens: the least bad with one.
      kp.max_hyphen_run = 0;
      breaks = knuth_plass(items, kp);
    }
    std::vector<LineRange> lines;
    std::size_t start = 0;
    std::size_t from_item = 0;  // first item of the current line
    int run = 0;
    run_exceeded = false;
    bool split_start = false;
    for (std::size_t b : breaks) {
      const Mark& m = marks[b];
      LineRange r;
      r.begin = start;
      r.end = trim(start, std::max(start, m.end));
      r.hyphen = m.hyphen;
      r.forced = m.forced && m.next < n;
      r.split_start = split_start;
      const auto sp = r.hyphen ? splits_.find(r.end) : splits_.end();
      if (sp != splits_.end()) {
        // Up to the ligature, then its first fragment (tracking included) and the hyphen.
        const Split& s = sp->second;
        r.width = cum_[s.cluster_begin] - cum_[r.begin] + s.pre.width + hyphen_width(r.end);
      } else {
        r.width = width(r.begin, r.end) + (m.hyphen ? hyphen_width(r.end) : 0);
      }
      if (split_start) r.width += splits_.at(r.begin).post.width;
      split_start = sp != splits_.end();
      // The glue of the line, for its adjustment ratio (the glue it starts with vanished).
      double stretch = 0, shrink = 0, glue = 0;
      std::size_t k = from_item;
      while (k < b && items[k].kind != KpItem::box) ++k;
      for (; k < b; ++k) {
        if (items[k].kind != KpItem::glue) continue;
        stretch += items[k].stretch;
        shrink += items[k].shrink;
        glue += items[k].width;
      }
      // Font expansion: the glyphs (all but the stretchable spaces) stretch and shrink too.
      const double glyphs = expansion * (r.width - glue);
      // A line ending a paragraph (or at "\n") is set at its natural width, unless total fit
      // shrank it (TeX does too: its spaces and glyphs give shrink, the fill none).
      const bool shrunk_end = m.forced && r.width > opt_.width + kEps;
      r.ratio = justify && (!m.forced || shrunk_end)
                    ? kp_ratio(r.width, stretch + glyphs, shrink + glyphs, opt_.width)
                    : 0;
      r.scale = glyph_scale(r.ratio, expansion);
      run = m.hyphen ? run + 1 : 0;
      if (opt_.max_hyphen_run > 0 && run > opt_.max_hyphen_run) run_exceeded = true;
      lines.push_back(r);
      start = m.next;
      from_item = b + 1;
    }
    return lines;
  }

  /// The style's font expansion, within what the breaker and backends expect.
  double expansion_limit() const {
    return std::isfinite(opt_.expansion) ? std::clamp(opt_.expansion, 0.0, 0.1) : 0;
  }

  /// The glyph scale of a line at adjustment ratio r: 1 + r × expansion, rounded to the
  /// style's step (pdfTeX's, so that a page uses few scales) and within ±expansion (a line
  /// looser than ratio 1 stretches its spaces beyond their stretch, never its glyphs).
  double glyph_scale(double r, double expansion) const {
    if (!(expansion > 0) || !std::isfinite(r) || r == 0) return 1;
    double x = std::clamp(r, -1.0, 1.0) * expansion;
    const double step = opt_.expansion_step;
    if (step > 0 && std::isfinite(step)) x = std::round(x / step) * step;
    return 1 + std::clamp(x, -expansion, expansion);
  }

  /// Records the hyphenation point `pos`, inside a cluster of `seg`, as a Split; false when
  /// the cluster cannot be split there: it holds a combining mark (a letter and its accent
  /// stay together), or another point of the same cluster already splits it.
  bool add_split(const Segment& seg, std::size_t pos) {
    std::size_t cb = pos;
    while (cb > seg.begin && !cluster_start_[cb]) --cb;
    std::size_t ce = pos;
    while (ce < seg.end && inside_cluster_[ce]) ++ce;
    for (const auto& [at, s] : splits_) {
      if (s.cluster_begin == cb) return false;
    }
    for (std::size_t i = cb; i < ce;) {
      std::size_t len = 0;
      if (u_getCombiningClass(static_cast<UChar32>(utf8_decode(text_, i, len))) != 0) return false;
      i += len;
    }
    const Span& span = spans_[seg.span];
    auto reshape = [&](std::size_t from, std::size_t to) {
      return shape_cached(*span.font, span.size, std::string_view(text_).substr(from, to - from),
                          opt_.locale.tag(), span.tracking, span.ligatures);
    };
    Split s{cb, ce, reshape(cb, pos), reshape(pos, ce)};
    if (s.pre.glyphs.empty() || s.post.glyphs.empty()) return false;
    splits_.emplace(pos, std::move(s));
    return true;
  }

  /// A run under construction, with what finalization needs to know about its text.
  struct Piece {
    PlacedRun placed;
    std::size_t begin = 0;  ///< byte offset of placed.run.text in text_
    std::size_t span = 0;
  };

  /// The runs of [begin, end): one per segment overlapping it, glyphs re-sliced from the
  /// segment's shaping, clusters rebased to the run's own text. A line that starts or ends
  /// inside a ligature (`lead`, `tail`) takes the fragment of it shaped again instead.
  std::vector<Piece> slice(std::size_t begin, std::size_t end, const Split* lead,
                           const Split* tail) const {
    std::vector<Piece> pieces;
    for (const Segment& seg : segments_) {
      const std::size_t lo = std::max(begin, seg.begin);
      const std::size_t hi = std::min(end, seg.end);
      if (lo >= hi) continue;
      const Span& span = spans_[seg.span];
      Piece piece;
      piece.begin = lo;
      piece.span = seg.span;
      PlacedRun& pr = piece.placed;
      pr.tag = span.tag;
      pr.font = span.font;
      pr.run.size = span.size;
      pr.run.color = span.color;
      pr.run.text = text_.substr(lo, hi - lo);
      const auto& glyphs = seg.shaped.glyphs;
      auto& out = pr.run.glyphs;
      const auto clip = [&](uint32_t e) { return std::min<uint32_t>(e, hi - lo); };
      if (lead && lo == begin) {
        for (display::Glyph g : lead->post.glyphs) {  // clusters already from the break
          g.cluster_end = clip(g.cluster_end);
          out.push_back(g);
        }
      }
      const bool cut = tail && hi == end && tail->cluster_begin >= lo;
      const std::size_t stop = cut ? tail->cluster_begin : hi;
      auto it = std::partition_point(glyphs.begin(), glyphs.end(), [&](const auto& g) {
        return seg.begin + g.cluster_begin < lo;
      });
      for (; it != glyphs.end() && seg.begin + it->cluster_begin < stop; ++it) {
        display::Glyph g = *it;
        g.cluster_begin = static_cast<uint32_t>(seg.begin + g.cluster_begin - lo);
        g.cluster_end = static_cast<uint32_t>(std::min(seg.begin + g.cluster_end, hi) - lo);
        out.push_back(g);
      }
      if (cut) {
        const auto shift = static_cast<uint32_t>(tail->cluster_begin - lo);
        for (display::Glyph g : tail->pre.glyphs) {
          g.cluster_begin += shift;
          g.cluster_end = clip(g.cluster_end + shift);
          out.push_back(g);
        }
      }
      if (!pr.run.glyphs.empty()) pieces.push_back(std::move(piece));
    }
    return pieces;
  }

  /// Whether glyph i of a piece is the last glyph of a stretchable space's cluster (the
  /// one justification widens).
  bool is_stretchable_space(const Piece& piece, std::size_t i) const {
    const auto& glyphs = piece.placed.run.glyphs;
    const bool last_of_cluster =
        i + 1 == glyphs.size() || glyphs[i + 1].cluster_begin != glyphs[i].cluster_begin;
    // The hyphen added at a line break is past the piece's text.
    const std::size_t at = piece.begin + glyphs[i].cluster_begin;
    return last_of_cluster && at < stretchable_.size() && stretchable_[at];
  }

  /// Spreads the missing width over the line's stretchable spaces by widening their
  /// glyphs' advances, so that backends draw justified text like any other. Returns the
  /// drawn width: the measure, or the natural width when there is no space to stretch.
  double stretch(std::vector<Piece>& pieces, double natural, double& space_change) const {
    std::vector<display::Glyph*> spaces;
    for (Piece& piece : pieces) {
      auto& glyphs = piece.placed.run.glyphs;
      for (std::size_t i = 0; i < glyphs.size(); ++i)
        if (is_stretchable_space(piece, i)) spaces.push_back(&glyphs[i]);
    }
    if (spaces.empty()) return natural;
    const double extra = (opt_.width - natural) / static_cast<double>(spaces.size());
    double change = 0;
    for (display::Glyph* g : spaces) {
      if (g->x_advance > 0) change += extra / g->x_advance;
      g->x_advance += extra;
    }
    space_change = change / static_cast<double>(spaces.size());
    return opt_.width;
  }

  Line finalize_line(const LineRange& r, bool last_line) const {
    Line line;
    line.width = r.width;
    line.forced = r.forced;
    line.overfull = r.overfull;
    line.hyphenated = r.hyphen;
    line.ratio = r.ratio;
    const auto tail = r.hyphen ? splits_.find(r.end) : splits_.end();
    std::vector<Piece> pieces =
        slice(r.begin, r.end, r.split_start ? &splits_.at(r.begin) : nullptr,
              tail != splits_.end() ? &tail->second : nullptr);
    if (r.hyphen && !pieces.empty()) {
      // The hyphen joins the last run, in its span's font. It is drawn as "-" but its text is
      // U+00AD SOFT HYPHEN, as ISO 32000-1 §14.8.2.2.3 asks for a hyphen added at a line
      // break: readers then copy and extract "sensibiliser", not "sensi-biliser".
      Piece& tail = pieces.back();
      const Span& span = spans_[tail.span];
      Shaped h = shape_cached(*span.font, span.size, "-", opt_.locale.tag(), span.tracking);
      display::TextRun& run = tail.placed.run;
      static constexpr std::string_view kSoftHyphen = "\u00AD";
      for (display::Glyph g : h.glyphs) {
        g.cluster_begin = static_cast<uint32_t>(run.text.size());
        g.cluster_end = g.cluster_begin + static_cast<uint32_t>(kSoftHyphen.size());
        run.glyphs.push_back(g);
      }
      run.text += kSoftHyphen;
    }
    if (!pieces.empty()) {
      // Same rule as width(): no tracking after the line's last character.
      Piece& tail = pieces.back();
      tail.placed.run.glyphs.back().x_advance -= spans_[tail.span].tracking;
    }

    double drawn = line.width;
    // Total fit may also shrink spaces: a justified line can be naturally wider than the
    // measure, and is drawn at the measure.
    const bool justify = opt_.align == Align::justify &&
                         ((!last_line && !r.forced) || r.ratio < 0) && !r.overfull &&
                         std::fabs(line.width - opt_.width) > kEps;
    if (justify && r.scale != 1) {
      // Font expansion: every glyph but the stretchable spaces (they take the rest) is set
      // that much wider or narrower; the backends scale the outlines (TextRun::scale).
      for (Piece& piece : pieces) {
        auto& glyphs = piece.placed.run.glyphs;
        piece.placed.run.scale = r.scale;
        for (std::size_t i = 0; i < glyphs.size(); ++i) {
          if (is_stretchable_space(piece, i)) continue;
          drawn += glyphs[i].x_advance * (r.scale - 1);
          glyphs[i].x_advance *= r.scale;
          glyphs[i].x_offset *= r.scale;
        }
      }
      line.scale = r.scale;
    }
    if (justify) drawn = stretch(pieces, drawn, line.space_change);

    double offset = 0;
    if (opt_.align == Align::center) offset = (opt_.width - drawn) / 2;
    if (opt_.align == Align::right) offset = opt_.width - drawn;
    // An overfull line starts at the left edge whatever the alignment: the caller reports
    // it, and text pushed left of the box would overlap its neighbours.
    double x = std::max(0.0, offset);
    for (Piece& piece : pieces) {
      PlacedRun& pr = piece.placed;
      pr.run.origin = {x, 0};
      for (const display::Glyph& g : pr.run.glyphs) x += g.x_advance;
      line.ascent = std::max(line.ascent, pr.font->ascender() * pr.run.size);
      line.descent = std::max(line.descent, -pr.font->descender() * pr.run.size);
      line.runs.push_back(std::move(pr));
    }
    if (line.runs.empty() && r.begin < span_at_.size()) {
      // A blank line keeps the height of the text it stands in.
      const Span& span = spans_[span_at_[r.begin]];
      line.ascent = span.font->ascender() * span.size;
      line.descent = -span.font->descender() * span.size;
    }
    line.drawn_width = drawn;
    return line;
  }

  Paragraph finalize(const std::vector<LineRange>& ranges) const {
    Paragraph p;
    for (std::size_t i = 0; i < ranges.size(); ++i) {
      Line line = finalize_line(ranges[i], i + 1 == ranges.size());
      p.max_line_width = std::max(p.max_line_width, line.drawn_width);
      if (p.lines.empty()) {
        line.baseline = line.ascent;
      } else {
        const Line& prev = p.lines.back();
        line.baseline =
            prev.baseline + (opt_.leading > 0 ? opt_.leading : prev.descent + line.ascent);
      }
      p.lines.push_back(std::move(line));
    }
    if (!p.lines.empty()) p.height = p.lines.back().baseline + p.lines.back().descent;
    return p;
  }

  const std::vector<Span>& spans_;
  const ParagraphOptions& opt_;
  const LanguageRules& rules_;  // of opt_.locale
  std::string text_;            // every usable span, sanitized, concatenated
  std::vector<int> span_at_;    // span index of each byte of text_
  std::vector<Segment> segments_;
  std::vector<double> cum_;          // cum_[i]: advance of all clusters starting before i
  std::vector<double> tracking_at_;  // tracking of the cluster starting at i
  std::vector<bool> in_segment_;     // false for forced-break characters
  std::vector<bool> cluster_start_;
  std::vector<bool> inside_cluster_;     // a line cannot end here
  std::vector<bool> stretchable_;        // a plain space that justification may widen
  std::map<std::size_t, Split> splits_;  // hyphenation points inside ligatures, by byte
};

}  // namespace

Paragraph layout_paragraph(const std::vector<Span>& spans, const ParagraphOptions& opt) {
  return Layout(spans, opt).run();
}

}  // namespace plaquette::text
