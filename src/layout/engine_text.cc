// Text in blocks: measuring a template in a style (with `fit: shrink`), reporting its
// problems, and drawing it; the blocks themselves are under blocks/.
#include <cmath>
#include <cstring>
#include <unordered_map>

#include "layout/engine_impl.h"
#include "text/case.h"
#include "text/shape.h"
#include "text/utf8.h"

namespace plaquette::layout {
namespace {

text::Align to_text_align(HAlign a) {
  switch (a) {
    case HAlign::left:
      return text::Align::left;
    case HAlign::center:
      return text::Align::center;
    case HAlign::right:
      return text::Align::right;
    case HAlign::justify:
      return text::Align::justify;
  }
  return text::Align::left;
}

// Paragraphs laid out by this thread, by everything layout_paragraph reads: the spans
// (text, font, size, tracking, ligatures, colour, tag) and the options. A batch lays out
// the same texts in every edition of a locale, and `fit: shrink` tries sizes again: each
// is laid out once. layout_paragraph is a function of these alone (fonts and dictionaries
// are read-only), so a paragraph from the cache is the same to the bit. Two generations of
// at most half of kParagraphCacheBytes each, as in the shaping cache: what is in use stays,
// one edition's own texts (its figures) age out, memory stays flat. Bounded so that it is
// full early in a batch and the batch's memory stops growing there: at 4 MiB (with the
// shaping cache at 4 MiB) it filled over thousands of editions, 36.4 MiB of peak for 1 000
// editions in three locales against 29.1 at 2 MiB, and batches were no faster.
constexpr std::size_t kParagraphCacheBytes = std::size_t{2} << 20;

class ParagraphCache {
 public:
  const text::Paragraph& get(const std::vector<text::Span>& spans,
                             const text::ParagraphOptions& opt) {
    key_.clear();
    for (const text::Span& s : spans) {
      add(s.text.size());
      key_ += s.text;
      add(s.font ? s.font->serial() : 0);
      add(s.size), add(s.tracking), add(s.ligatures);
      add(s.color.c), add(s.color.m), add(s.color.y), add(s.color.k), add(s.tag);
    }
    add(~std::size_t{0});  // the end of the spans
    add(opt.width), add(opt.leading), add(opt.align), add(opt.hyphenate);
    add(opt.hyphenation.min_word), add(opt.hyphenation.left), add(opt.hyphenation.right);
    add(opt.french_space), add(opt.narrow_space), add(opt.max_hyphen_run);
    add(opt.expansion), add(opt.expansion_step);
    add(opt.last_line_words), add(opt.last_line_fraction);
    add(opt.hyphen_exceptions.size());
    for (const std::string& e : opt.hyphen_exceptions) {
      add(e.size());
      key_ += e;
    }
    key_ += opt.locale.tag();
    if (auto it = young_.find(key_); it != young_.end()) return it->second;
    if (auto it = old_.find(key_); it != old_.end()) {
      auto node = old_.extract(it);
      return insert(std::move(node.key()), std::move(node.mapped()));
    }
    return insert(key_, text::layout_paragraph(spans, opt));
  }

 private:
  template <class T>
  void add(const T& v) {
    char bytes[sizeof(T)];
    std::memcpy(bytes, &v, sizeof(T));
    key_.append(bytes, sizeof(T));
  }
  static std::size_t bytes_of(const std::string& key, const text::Paragraph& p) {
    std::size_t n = key.size() + sizeof(text::Paragraph) + 128;
    for (const text::Line& line : p.lines) {
      n += sizeof(text::Line);
      for (const text::PlacedRun& r : line.runs)
        n += sizeof(text::PlacedRun) + r.run.text.size() +
             r.run.glyphs.size() * sizeof(display::Glyph) + 64;
    }
    return n;
  }
  const text::Paragraph& insert(std::string key, text::Paragraph p) {
    const std::size_t n = bytes_of(key, p);
    if (young_bytes_ + n > kParagraphCacheBytes / 2) {
      old_ = std::move(young_);
      young_ = {};
      young_bytes_ = 0;
    }
    young_bytes_ += n;
    return young_.emplace(std::move(key), std::move(p)).first->second;
  }

  std::string key_;  // reused: a hit allocates nothing
  std::unordered_map<std::string, text::Paragraph> young_, old_;
  std::size_t young_bytes_ = 0;
};

const text::Paragraph& cached_paragraph(const std::vector<text::Span>& spans,
                                        const text::ParagraphOptions& opt) {
  thread_local ParagraphCache cache;
  return cache.get(spans, opt);
}

}  // namespace

std::string code_point_at(const std::string& s, std::size_t i) {
  std::size_t len = 0;
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(text::utf8_decode(s, i, len)));
  return buf;
}

Engine::Para Engine::measure_text(const std::string& tmpl, const SourcePos& pos, const Style& st,
                                  std::optional<HAlign> align, double width, const Env& env) {
  return measure_rich(expand(tmpl, pos, env.scope, ctx, diags), st, align, width, env);
}

Engine::Para Engine::measure_rich(const RichText& rich, const Style& st,
                                  std::optional<HAlign> align, double width, const Env& env) {
  Para out;
  out.leading = st.leading;
  out.width = width;
  out.sources = rich.sources;
  out.source_names = rich.source_names;
  out.size = st.size;
  if (rich.empty()) {
    out.ok = true;
    return out;
  }
  const text::Font* regular = font(st.font, st.pos);
  const text::Font* strong = font(st.strong_font.empty() ? st.font : st.strong_font, st.pos);
  const display::Cmyk* colour_regular = colour(st.color, st.pos, &env);
  const display::Cmyk* colour_strong =
      colour(st.strong_color.empty() ? st.color : st.strong_color, st.pos, &env);
  if (!regular || !strong || !colour_regular || !colour_strong) return out;

  std::vector<text::Span> spans;
  for (const Piece& piece : rich.pieces) {
    text::Span s;
    s.text =
        st.text_case == TextCase::upper ? text::to_upper(piece.text, ctx.language) : piece.text;
    s.font = piece.strong ? strong : regular;
    s.size = st.size;
    s.tracking = st.tracking / 1000.0 * st.size;
    s.ligatures = st.ligatures;
    s.color = piece.strong ? *colour_strong : *colour_regular;
    s.tag = static_cast<int>(spans.size());
    out.span_fonts.push_back(font_index(s.font));
    spans.push_back(std::move(s));
  }
  text::ParagraphOptions opt;
  opt.width = width;
  opt.leading = st.leading;
  opt.align = to_text_align(align.value_or(st.align));
  opt.locale = locale;
  opt.hyphenate = st.hyphenate;
  // The language's fragment lengths, unless the style sets its own.
  opt.hyphenation = locale.rules().hyphenation;
  if (st.hyphen_min_word > 0) opt.hyphenation.min_word = st.hyphen_min_word;
  if (st.hyphen_left > 0) opt.hyphenation.left = st.hyphen_left;
  if (st.hyphen_right > 0) opt.hyphenation.right = st.hyphen_right;
  opt.french_space = st.french_space;
  opt.narrow_space = st.narrow_space;
  opt.max_hyphen_run = st.hyphen_max_run;
  opt.expansion = st.expansion;
  opt.expansion_step = st.expansion_step;
  opt.hyphen_exceptions = st.hyphen_exceptions;
  opt.last_line_words = st.last_line_words;
  opt.last_line_fraction = st.last_line_fraction;
  out.para = cached_paragraph(spans, opt);
  out.no_dictionary = opt.align == text::Align::justify && opt.hyphenate &&
                      !text::has_hyphenation_dictionary(locale);
  out.height = out.para.lines.size() * st.leading;

  // A missing glyph would print as an empty box: name the characters instead.
  std::string missing;
  for (const text::Line& line : out.para.lines)
    for (const text::PlacedRun& r : line.runs)
      for (const display::Glyph& g : r.run.glyphs)
        if (g.id == 0 && missing.size() < 64) {
          std::string cp = code_point_at(r.run.text, g.cluster_begin) + " ";
          if (missing.find(cp) == std::string::npos) missing += cp;
        }
  if (!missing.empty()) {
    out.missing = missing.substr(0, missing.size() - 1);
    out.missing_font = regular->postscript_name();
  }
  for (const text::Line& line : out.para.lines) {
    if (line.overfull) {
      out.overfull = true;
      out.overfull_width = line.width;
      break;
    }
  }
  // A paragraph with a problem is not drawn and not measured further: one report is enough.
  out.ok = missing.empty() && !out.overfull;
  return out;
}

void Engine::report_text(const Para& p, const Block& who, const Env& env) {
  for (std::size_t i = 0; i < p.sources.size(); ++i)
    text_sources.emplace_back(p.sources[i], p.source_names[i]);
  auto notes = [&] {
    for (std::size_t i = 0; i < p.sources.size(); ++i)
      diags.note(p.sources[i], "the text comes from " + p.source_names[i] + ", here");
  };
  if (p.para.greedy_fallback) {
    auto& d = diags.warning(
        who.pos, "block `" + who.name +
                     "`: no good line breaks for its justified "
                     "text (a word is longer than a line); its lines were filled greedily");
    d.hints.push_back("give the block a wider frame, or shorten the longest word");
    notes();
  }
  if (p.no_dictionary && !warned_dictionary) {
    warned_dictionary = true;
    const std::string package = text::hyphenation_package(locale);
    auto& d =
        diags.warning(who.pos, "block `" + who.name + "`: justified text in `" + locale.tag() +
                                   "` is not hyphenated: no hyphenation dictionary "
                                   "for it is installed");
    d.hints.push_back(package.empty()
                          ? "no Debian hyphenation package is known for this language; set "
                            "`hyphenate: false` in the style to silence this"
                          : "install the Debian package `" + package +
                                "` (`make` installs it), or set `hyphenate: false` in the style");
  }
  if (p.para.hyphen_run_exceeded) {
    auto& d = diags.warning(who.pos, "block `" + who.name +
                                         "`: more lines in a row end with a hyphen than its "
                                         "style allows (`hyphenation: {max_run}`): nothing "
                                         "else fitted");
    d.hints.push_back("give the block a wider frame, or reword the paragraph");
    notes();
  }
  if (!p.missing.empty()) {
    auto& d = diags.error(who.pos, "block `" + who.name + "`: font `" + p.missing_font +
                                       "` has no glyph for " + p.missing);
    d.hints.push_back("choose a font that covers these characters, or change the text");
    notes();
  }
  if (p.overfull)
    overflow(who, env, "a word is wider than the frame", p.overfull_width, p.width, p.sources,
             p.source_names);
}

Engine::Para Engine::layout_text(const std::string& tmpl, const SourcePos& pos, const Style& st,
                                 std::optional<HAlign> align, double width, const Env& env,
                                 const Block& who) {
  Para p = measure_text(tmpl, pos, st, align, width, env);
  report_text(p, who, env);
  return p;
}

Engine::Para Engine::layout_fitted(const std::string& tmpl, const SourcePos& pos, const Style& st,
                                   std::optional<HAlign> align, double width, double max_height,
                                   const Env& env, const Block& who) {
  if (st.fit != Fit::shrink) return layout_text(tmpl, pos, st, align, width, env, who);
  // The sizes to choose from: the style's, then one fit_step smaller each, down to the
  // first one under min_size, with the leading in proportion (the arithmetic of the step
  // by step search this replaces, so that the sizes are the same to the bit).
  std::vector<std::pair<double, double>> sizes;  // size, leading
  for (double size = st.size, leading = st.leading;;) {
    sizes.emplace_back(size, leading);
    if (size - st.fit_step < st.min_size - 1e-9) break;
    const double next = size - st.fit_step;
    leading *= next / size;
    size = next;
  }
  const std::size_t last = sizes.size() - 1;
  // Trials are measured only; the size kept is the one reported (its overflow, its
  // missing glyphs): the trials' problems are no one's business.
  const RichText rich = expand(tmpl, pos, env.scope, ctx, diags);
  auto trial = [&](std::size_t k) {
    Style s = st;
    s.size = sizes[k].first;
    s.leading = sizes[k].second;
    return measure_rich(rich, s, align, width, env);
  };
  auto keep = [&](Para p) {
    report_text(p, who, env);
    return p;
  };
  auto fits = [&](const Para& p) {
    return !p.overfull && (max_height < 0 || p.height <= max_height + 0.01);
  };
  auto failed = [](const Para& p) { return !p.ok && !p.overfull; };
  // Bisection over the sizes (a smaller size fits whatever a larger one fits): about 16
  // trial layouts for 10 000 sizes, where trying each in turn took minutes on long texts.
  Para first = trial(0);
  if (fits(first) || last == 0 || failed(first)) return keep(std::move(first));
  Para smallest = trial(last);
  if (!fits(smallest) || failed(smallest)) return keep(std::move(smallest));
  std::size_t lo = 0, hi = last;  // lo does not fit, hi does
  Para best = std::move(smallest);
  while (hi - lo > 1) {
    const std::size_t mid = lo + (hi - lo) / 2;
    Para p = trial(mid);
    if (failed(p)) return keep(std::move(p));
    if (fits(p)) {
      hi = mid;
      best = std::move(p);
    } else {
      lo = mid;
    }
  }
  return keep(std::move(best));
}

void Engine::draw_para(const Para& p, double x, double top, std::vector<display::Item>& out) {
  double y = top;
  for (const text::Line& line : p.para.lines) {
    // Half-leading model: the glyph extent is centred in the line's leading, as in CSS.
    double baseline = y + (p.leading - (line.ascent + line.descent)) / 2 + line.ascent;
    for (const text::PlacedRun& r : line.runs) {
      display::TextRun run = r.run;
      run.origin.x += x;
      run.origin.y = baseline;
      run.font = p.span_fonts.at(r.tag);
      out.emplace_back(std::move(run));
    }
    y += p.leading;
  }
}

}  // namespace plaquette::layout
