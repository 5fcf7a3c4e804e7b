// Loading the layout language (see layouts/README.md). Every problem is collected; a layout
// with errors gives no Layout, so the engine only ever sees a consistent one.
#include "layout/spec.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <string_view>
#include <unordered_map>

#include "base/units.h"
#include "layout/blocks/read.h"
#include "model/yaml.h"

namespace plaquette::layout {
namespace {

/// Font expansion beyond 5 % of the glyph width distorts letters visibly (microtype's
/// default is 2 %).
constexpr double kMaxExpansion = 0.05;

using model::MapReader;
using model::Need;
using model::Reader;

// Decimal numbers only: strtod alone would also take " 4", "0x4" or "inf".
bool parse_double(const std::string& s, double& out) {
  if (s.empty() || s.find_first_not_of("0123456789.+-eE") != std::string::npos) return false;
  const char* begin = s.c_str();
  char* end = nullptr;
  out = std::strtod(begin, &end);
  return end == begin + s.size() && std::isfinite(out);
}

template <class Map>
std::vector<std::string> keys_of(const Map& map) {
  std::vector<std::string> out;
  for (const auto& [k, v] : map) out.push_back(k);
  return out;
}

// A "did you mean" among the keys of `map`, unless the diagnostics are full: each hint
// scans every name, and 150 000 broken styles would make that quadratic.
template <class Map>
void suggest_key(const Diagnostics& diags, Diagnostic& d, std::string_view word, const Map& map) {
  if (!diags.full()) suggest(d, word, keys_of(map));
}

// Same, and when no name is close, the names there are: "the palette has: black, navy".
template <class Map>
void suggest_or_list(const Diagnostics& diags, Diagnostic& d, std::string_view word, const Map& map,
                     const std::string& what) {
  if (diags.full()) return;
  const std::size_t before = d.hints.size();
  suggest(d, word, keys_of(map));
  if (d.hints.size() > before) return;
  std::string names;
  for (const auto& [k, v] : map) names += (names.empty() ? "`" : ", `") + k + "`";
  d.hints.push_back(names.empty() ? what + " is empty" : what + ": " + names);
}

class LayoutReader final : public BlockReader {
 public:
  LayoutReader(Layout& out, Diagnostics& diags) : out_(out), diags_(diags) {}

  /// Reads a layout file; `base` for one that another `extends` (no pages of its own).
  void read(MapReader& root, bool base = false) {
    if (auto v = root.integer("version", model::optional); v && v->value != 1)
      root.get("version")->error("this plaquette reads layout version 1");
    // What a base gives may be left out here.
    const model::Need shared = read_extends(root) ? model::optional : model::required;
    if (auto info = root.map("info", model::optional)) read_info(*info);
    if (auto page = root.map("page", have_page_ ? model::optional : model::required)) {
      // A page given replaces the base's whole: its defaults are not the base's values.
      out_.page = PageGeometry{};
      read_page(*page);
    }
    have_page_ = true;
    if (auto r = root.get("ink_limit", model::optional)) {
      if (auto s = r->string()) {
        Length len;
        if (parse_length(s->value, len) && len.relative) {
          out_.ink_limit = len.value;
          // Allowed (a press may accept more), but `build` would write what `preflight`
          // rejects: say so where it is written.
          if (len.value > 3.0 + 1e-9)
            diags_
                .warning(r->pos(), "`ink_limit`: " + s->value +
                                       " is above 300 %, the usual "
                                       "print-shop limit, which `plaquette preflight` checks")
                .hints.push_back("keep 300% unless the printer asked for more");
        } else {
          r->error("expected a percentage such as `300%`, found `" + s->value + "`");
        }
      }
    }
    if (auto palette = root.map("palette", shared)) read_palette(*palette);
    if (auto fonts = root.map("fonts", shared)) read_fonts(*fonts);
    if (auto styles = root.map("styles", shared)) read_styles(*styles);
    if (auto computed = root.map("computed", model::optional)) read_computed(*computed);
    if (base) {
      if (root.has("pages"))
        root.get("pages")->error(
            "a layout that others extend gives them its page, palette, fonts, styles and info, "
            "not pages");
    } else {
      for (MapReader& p : root.maps("pages")) read_page_spec(p, out_.pages);
    }
    root.finish();
  }

  /// `extends`: one layout file or a list of them, read first and in order (each may extend
  /// others), relative to the file that names them; what this file gives overrides theirs.
  /// True when the file extends others (whether they could be read or not).
  bool read_extends(MapReader& root) {
    auto r = root.get("extends", model::optional);
    if (!r) return false;
    std::vector<model::Located<std::string>> files;
    if (r->node().IsSequence()) {
      if (auto list = r->list())
        for (Reader& item : *list)
          if (auto s = item.string()) files.push_back(*s);
    } else if (auto s = r->string()) {
      files.push_back(*s);
    }
    namespace fs = std::filesystem;
    for (const auto& file : files) {
      fs::path p(file.value);
      if (p.is_relative()) p = fs::path(out_.dir) / p;
      p = p.lexically_normal();
      std::error_code ec;
      const std::string key = fs::weakly_canonical(p, ec).string();
      if (auto loop = std::find(chain_.begin(), chain_.end(), key); loop != chain_.end()) {
        std::string names;
        for (auto it = loop; it != chain_.end(); ++it)
          names += fs::path(*it).filename().string() + " → ";
        diags_.error(file.pos, "layouts extend each other in a loop: " + names +
                                   fs::path(key).filename().string());
        continue;
      }
      if (chain_.size() >= kMaxExtends) {
        diags_.error(file.pos, "layouts extend one another more than " +
                                   std::to_string(kMaxExtends) + " deep");
        continue;
      }
      if (!fs::is_regular_file(p, ec)) {
        diags_.error(file.pos, "cannot read the layout `" + file.value + "` (" + p.string() +
                                   "): no such file");
        continue;
      }
      auto doc = model::yaml_load_file(p.string(), diags_);
      if (!doc) continue;
      MapReader base(*doc, diags_);
      if (!base.ok()) continue;
      const std::string dir = out_.dir;
      out_.dir = p.parent_path().string();
      if (out_.dir.empty()) out_.dir = ".";
      chain_.push_back(key);
      read(base, true);
      chain_.pop_back();
      out_.dir = dir;
      out_.bases.push_back({p.string(), file.pos});
    }
    return true;
  }

 private:
  // `computed:` name → expression; parsed here, evaluated where the name is used.
  void read_computed(MapReader& m) {
    for (auto& [key, r] : m.entries()) {
      const std::string& name = key.value;
      bool ok =
          !name.empty() && (std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_');
      for (char c : name) ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
      if (!ok) {
        r.error("computed value name `" + name + "` is not a simple name")
            .hints.push_back(
                "letters, digits and `_`, starting with a letter: `share`, `per_home`");
        continue;
      }
      if (r.node().IsMap()) {
        // A list taken from another: `{over, as, where, sort, order, limit}`.
        auto lm = r.map();
        if (!lm) continue;
        Computed c;
        c.name = name;
        c.is_list = true;
        c.over = read_string(*lm, "over", "", &c.over_pos);
        if (c.over.empty()) lm->get("over");
        c.as = read_string(*lm, "as", "item");
        c.query = read_query(*lm);
        lm->finish();
        if (!c.over.empty()) out_.computed.push_back(std::move(c));
        continue;
      }
      auto s = r.string();
      if (!s) continue;
      auto e = expr::parse(s->value, r.text_pos(), diags_);
      if (e) {
        Computed c;
        c.name = name;
        c.expr = std::move(*e);
        out_.computed.push_back(std::move(c));
      }
    }
  }

  void read_info(MapReader& m) {
    DocInfo& i = out_.info;
    i.title = read_string(m, "title", "", &i.title_pos);
    i.subject = read_string(m, "subject", "", &i.subject_pos);
    i.author = read_string(m, "author", "", &i.author_pos);
    i.keywords = read_string(m, "keywords", "", &i.keywords_pos);
    m.finish();
  }

  void read_page(MapReader& m) {
    PageGeometry& g = out_.page;
    if (auto size = m.list("size")) {
      if (size->size() != 2) {
        m.get("size")->error("expected [width, height], e.g. [210mm, 297mm]");
      } else {
        double* dims[2] = {&g.width, &g.height};
        for (int i = 0; i < 2; ++i) {
          Length len;
          auto s = (*size)[i].string();
          if (s && parse_length(s->value, len) && !len.relative && len.value >= 3 &&
              len.value <= kMaxLength)
            *dims[i] = len.value;
          else
            (*size)[i].error("expected a page dimension such as `210mm` (3 pt to 200 in)");
        }
      }
    }
    g.bleed = read_points(m, "bleed", mm(3), 0, mm(20));
    if (auto margins = m.map("margins")) {
      g.margin_top = read_points(*margins, "top", 0);
      g.margin_right = read_points(*margins, "right", 0);
      g.margin_bottom = read_points(*margins, "bottom", 0);
      g.margin_left = read_points(*margins, "left", 0);
      margins->finish();
    }
    if (auto grid = m.map("grid", model::optional)) {
      if (auto c = grid->integer("columns")) {
        if (c->value < 1 || c->value > 48)
          grid->get("columns")->error("columns must be 1 to 48");
        else
          g.columns = static_cast<int>(c->value);
      }
      // Without a valid width (already reported) only the general bound applies.
      g.gutter = read_points(*grid, "gutter", 0, 0, g.width > 0 ? g.width : kMaxLength);
      grid->finish();
    }
    g.marks.offset = g.bleed;
    g.marks.length = mm(6);
    if (auto r = m.get("marks", model::optional)) {
      if (r->node().IsScalar()) {
        if (auto b = r->boolean()) g.marks.enabled = b->value;
      } else if (auto marks = r->map()) {
        g.marks.offset = read_points(*marks, "offset", g.marks.offset);
        g.marks.length = read_points(*marks, "length", g.marks.length);
        g.marks.weight = read_points(*marks, "weight", g.marks.weight, 0.05, 5);
        marks->finish();
      }
    }
    if (auto b = m.boolean("overprint_black", model::optional)) g.overprint_black = b->value;
    // Relative to the layout file like fonts; the default is the profile shipped beside the
    // layouts. The backends that read it (PDF/X output intent, proofs) check it.
    std::filesystem::path profile("profiles/FOGRA39L_coated.icc");
    if (auto s = m.string("output_profile", model::optional)) {
      if (s->value.empty()) m.get("output_profile")->error("expected the path of an ICC file");
      profile = s->value;
      g.output_profile_pos = s->pos;
    }
    if (profile.is_relative()) profile = std::filesystem::path(out_.dir) / profile;
    g.output_profile = profile.lexically_normal().string();
    if (auto e = m.boolean("embed_output_profile", model::optional)) {
      g.embed_output_profile = e->value;
      g.embed_output_profile_pos = e->pos;
    }
    if (g.marks.enabled && g.marks.offset < g.bleed)
      m.self().error("crop marks must start outside the bleed (marks.offset ≥ bleed)");
    // The media box holds the trim, the bleed and the crop marks (see build_document);
    // PDF readers refuse pages over 200 inches (PDF 1.4, Annex C), so `build` would.
    const double slug = std::max(g.bleed, g.marks.enabled ? g.marks.offset + g.marks.length : 0.0);
    const double media = std::max(g.width, g.height) + 2 * slug;
    if (g.width > 0 && g.height > 0 && media > kMaxLength) {
      char buf[200];
      std::snprintf(buf, sizeof buf,
                    "the media box (page, bleed and crop marks) would be %.1f pt, over the "
                    "PDF limit of %.0f pt (200 in)",
                    media, kMaxLength);
      m.self().error(buf).hints.push_back(
          "reduce the page size, the bleed or the crop marks' "
          "offset and length");
    }
    // Without a valid size (already reported) there is nothing to compare the margins with.
    if (g.width > 0 && g.height > 0 &&
        (g.margin_left + g.margin_right >= g.width || g.margin_top + g.margin_bottom >= g.height))
      m.self().error("the margins leave no room on the page");
    m.finish();
  }

  void read_palette(MapReader& m) {
    for (auto& [name, r] : m.entries()) {
      // A colour that fails to read is reported once, here: its uses are not unknown colours.
      failed_colours_.insert(name.value);
      auto list = r.list();
      if (!list) continue;
      if (list->size() != 4) {
        r.error("colour `" + name.value +
                "`: expected [C, M, Y, K] in percent, e.g. [100, 60, 0, 20]");
        continue;
      }
      Colour c;
      c.pos = name.pos;
      double* comps[4] = {&c.cmyk.c, &c.cmyk.m, &c.cmyk.y, &c.cmyk.k};
      bool ok = true;
      for (int i = 0; i < 4; ++i) {
        auto v = (*list)[i].number();
        if (!v || v->value < 0 || v->value > 100) {
          if (v) (*list)[i].error("a CMYK component is a percentage from 0 to 100");
          ok = false;
          continue;
        }
        *comps[i] = v->value / 100.0;
      }
      if (!ok) continue;
      double total = c.cmyk.c + c.cmyk.m + c.cmyk.y + c.cmyk.k;
      if (total > out_.ink_limit + 1e-9) {
        char buf[128];
        std::snprintf(buf, sizeof buf, "colour `%s` needs %.0f %% ink, over the limit of %.0f %%",
                      name.value.c_str(), total * 100, out_.ink_limit * 100);
        r.error(buf).hints.push_back("print shops reject more ink than the limit; lower C, M or Y");
        // Kept, so that its uses are not reported as unknown colours too.
      }
      out_.palette[name.value] = c;
      failed_colours_.erase(name.value);
    }
  }

  void read_fonts(MapReader& m) {
    for (auto& [key, r] : m.entries()) {
      auto s = r.string();
      if (!s) continue;
      std::filesystem::path p(s->value);
      if (p.is_relative()) p = std::filesystem::path(out_.dir) / p;
      out_.fonts[key.value] = p.lexically_normal().string();
      out_.font_pos[key.value] = s->pos;
    }
  }

  void read_styles(MapReader& m) {
    // Styles may inherit from one another in any order: read the raw maps first, then
    // resolve each one after its parent. A style that fails (a loop, an unknown parent) is
    // reported once; the styles built on it are then left out silently, and so are the
    // blocks using them (see check_style). No recursion: a chain of 150 000 styles must
    // not overflow the stack, and each style is built once (linear time).
    std::vector<std::pair<model::Located<std::string>, Reader>> raw = m.entries();
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < raw.size(); ++i) index[raw[i].first.value] = i;
    // A style written here replaces the one of the same name of a layout this one extends
    // (whose heirs there keep the style they were built on).
    for (const auto& [name, i] : index) {
      out_.styles.erase(name);
      failed_styles_.erase(name);
    }
    auto done = [&](const std::string& name) {
      return out_.styles.count(name) || failed_styles_.count(name);
    };
    for (auto& [first, unused] : raw) {
      // Walk up the `inherit` links to a style already built (or failed), a style without
      // a parent, or a loop; then build the chain from the top down.
      std::vector<const std::string*> chain;
      std::unordered_map<std::string_view, std::size_t> on_chain;
      const std::string* cur = &first.value;
      while (!done(*cur)) {
        if (auto seen = on_chain.find(*cur); seen != on_chain.end()) {
          // A loop of 10 000 styles is named by its ends, not in a 100 KB line.
          std::string loop;
          const std::size_t from = seen->second, length = chain.size() - from;
          for (std::size_t i = from; i < chain.size(); ++i) {
            if (length > 8 && i == from + 4) {
              loop += "… (" + std::to_string(length - 7) + " more) → ";
              i = chain.size() - 4;
              continue;
            }
            loop += *chain[i] + " → ";
          }
          raw[index[*cur]].second.error("styles inherit from each other in a loop: " + loop + *cur);
          for (const std::string* n : chain) failed_styles_.insert(*n);
          chain.clear();
          break;
        }
        on_chain.emplace(*cur, chain.size());
        chain.push_back(cur);
        // A peek only: build_style reads `inherit` again and reports what is wrong with it.
        const YAML::Node node = raw[index[*cur]].second.node();
        if (!node.IsMap()) break;
        const YAML::Node parent = node["inherit"];
        if (!parent.IsDefined() || !parent.IsScalar()) break;
        auto it = index.find(parent.Scalar());
        if (it == index.end()) break;
        cur = &it->first;
      }
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        auto& [key, r] = raw[index[**it]];
        auto sm = r.map();
        if (!sm || !build_style(*sm, key.value, key.pos, index)) failed_styles_.insert(key.value);
      }
    }
  }

  // Builds one style whose parent, if any, was already built or has failed.
  bool build_style(MapReader& sm, const std::string& name, const SourcePos& pos,
                   const std::map<std::string, std::size_t>& index) {
    Style st;
    bool has_parent = false;
    if (auto parent = sm.string("inherit", model::optional)) {
      // A parent may be a style of the layout this one extends.
      if (!index.count(parent->value) && !out_.styles.count(parent->value)) {
        auto& d = sm.get("inherit")->error("unknown style `" + parent->value + "`");
        suggest_key(diags_, d, parent->value, index);
        return false;
      }
      auto built = out_.styles.find(parent->value);
      if (built == out_.styles.end()) return false;  // it failed, and was reported
      st = built->second;
      has_parent = true;
    }
    st.name = name;
    st.pos = pos;
    bool ok = true;
    // Fonts and colours are checked where they are written, not in every heir.
    if (auto f = sm.string("font", has_parent ? model::optional : model::required)) {
      st.font = f->value;
      ok &= check_font(st.font, f->pos);
    }
    if (auto f = sm.string("strong", model::optional)) {
      st.strong_font = f->value;
      ok &= check_font(st.strong_font, f->pos);
    }
    st.size = read_points(sm, "size", st.size, 0.5, 1000);
    st.leading = read_points(sm, "leading", st.leading, 0.5, 1000);
    if (auto t = sm.number("tracking", model::optional)) {
      if (t->value < -500 || t->value > 1000)
        sm.get("tracking")->error("tracking is from -500 to 1000 (1/1000 em)");
      else
        st.tracking = t->value;
    }
    // No default colour: the palette's names are the layout's, not the program's.
    if (auto c = sm.string("color", has_parent ? model::optional : model::required)) {
      st.color = c->value;
      ok &= check_colour(st.color, c->pos);
    } else if (!has_parent) {
      ok = false;
    }
    if (auto c = sm.string("strong_color", model::optional)) {
      st.strong_color = c->value;
      ok &= check_colour(st.strong_color, c->pos);
    }
    if (auto a = read_align(sm)) st.align = *a;
    if (auto c =
            read_enum<TextCase>(sm, "case", {{"none", TextCase::none}, {"upper", TextCase::upper}}))
      st.text_case = *c;
    st.space_after = read_points(sm, "space_after", st.space_after);
    read_typography(sm, st);
    sm.finish();
    if (ok) out_.styles[name] = st;
    return ok;
  }

  /// Hyphenation, French spacing, fitting and keeping: the keys of issue-level typography.
  void read_typography(MapReader& sm, Style& st) {
    if (auto h = sm.boolean("hyphenate", model::optional)) st.hyphenate = h->value;
    if (auto l = sm.boolean("ligatures", model::optional)) st.ligatures = l->value;
    if (auto h = sm.map("hyphenation", model::optional)) {
      auto count = [&](std::string_view key, int& field) {
        if (auto n = h->integer(key, model::optional)) {
          if (n->value < 1 || n->value > 20)
            h->get(key)->error("a number of characters, 1 to 20");
          else
            field = static_cast<int>(n->value);
        }
      };
      count("min_word", st.hyphen_min_word);
      count("left", st.hyphen_left);
      count("right", st.hyphen_right);
      if (auto n = h->integer("max_run", model::optional)) {
        if (n->value < 0 || n->value > 8)
          h->get("max_run")->error("a number of lines, 1 to 8 (0: no limit)");
        else
          st.hyphen_max_run = static_cast<int>(n->value);
      }
      if (auto list = h->list("exceptions", model::optional)) {
        // Bounded like every input: each is one word, and a style lists a few.
        constexpr std::size_t kMaxExceptions = 1000, kMaxExceptionBytes = 100;
        st.hyphen_exceptions.clear();
        if (list->size() > kMaxExceptions)
          h->get("exceptions")->error("more than 1000 hyphenation exceptions (the budget)");
        for (std::size_t i = 0; i < list->size() && i < kMaxExceptions; ++i) {
          auto w = (*list)[i].string();
          if (!w) continue;
          if (w->value.empty() || w->value.size() > kMaxExceptionBytes ||
              w->value.find_first_of(" \t\n") != std::string::npos)
            (*list)[i].error("an exception is one word of 1 to 100 bytes, \"=\" at its points");
          else
            st.hyphen_exceptions.push_back(w->value);
        }
      }
      h->finish();
    }
    if (auto l = sm.map("last_line", model::optional)) {
      if (auto n = l->integer("words", model::optional)) {
        if (n->value < 0 || n->value > 10)
          l->get("words")->error("a number of words, 0 to 10");
        else
          st.last_line_words = static_cast<int>(n->value);
      }
      if (auto m = l->number("min", model::optional)) {
        if (m->value < 0 || m->value > 1)
          l->get("min")->error("a fraction of the measure, 0 to 1 (0.15: 15 %)");
        else
          st.last_line_fraction = m->value;
      }
      l->finish();
    }
    if (auto n = sm.number("narrow_space", model::optional)) {
      if (n->value < 0 || n->value > 1)
        sm.get("narrow_space")->error("a fraction of the word space, 0 to 1 (0: the font's own)");
      else
        st.narrow_space = n->value;
    }
    if (auto n = sm.number("expansion", model::optional)) {
      if (!(n->value >= 0 && n->value <= kMaxExpansion))
        sm.get("expansion")
            ->error("a fraction of the glyph width, 0 to 0.05 (0.02: ±2 %, microtype's; 0: off)");
      else
        st.expansion = n->value;
    }
    if (auto n = sm.number("expansion_step", model::optional)) {
      if (!(n->value >= 0.001 && n->value <= kMaxExpansion))
        sm.get("expansion_step")->error("a fraction of the glyph width, 0.001 to 0.05 (0.005)");
      else
        st.expansion_step = n->value;
    }
    if (auto f = read_enum<char32_t>(sm, "french_space", {{"narrow", 0x202F}, {"nbsp", 0x00A0}}))
      st.french_space = *f;
    if (auto f = read_enum<Fit>(sm, "fit", {{"none", Fit::none}, {"shrink", Fit::shrink}}))
      st.fit = *f;
    st.min_size = read_points(sm, "min_size", st.min_size, 0, 1000);
    st.fit_step = read_points(sm, "fit_step", st.fit_step, 0.1, 100);
    if (st.fit == Fit::shrink && !(st.min_size > 0)) st.min_size = st.size * 0.6;
    if (st.min_size > st.size) {
      // Written here: a mistake. Inherited from a larger parent: the child's size is its floor.
      if (auto r = sm.get("min_size", model::optional))
        r->error("`min_size` is larger than the style's size");
      st.min_size = st.size;
    }
    if (auto k = sm.boolean("keep_with_next", model::optional)) st.keep_with_next = k->value;
  }

  bool check_font(const std::string& key, const SourcePos& pos) {
    if (out_.fonts.count(key)) return true;
    suggest_or_list(diags_, diags_.error(pos, "unknown font `" + key + "`"), key, out_.fonts,
                    "the layout's fonts");
    return false;
  }

  bool check_colour(const std::string& name, const SourcePos& pos) {
    if (out_.palette.count(name)) return true;
    if (failed_colours_.count(name)) return false;
    suggest_or_list(diags_, diags_.error(pos, "unknown colour `" + name + "`"), name, out_.palette,
                    "the palette's colours");
    return false;
  }

  void check_style(const std::string& name, const SourcePos& pos) {
    // A style that failed to load was reported already.
    if (out_.styles.count(name) || failed_styles_.count(name)) return;
    suggest_key(diags_, diags_.error(pos, "unknown style `" + name + "`"), name, out_.styles);
  }

  // One page, or (with `over`) a page or run of pages repeated over a list; `run` is the
  // run a page belongs to, which cannot repeat again.
  void read_page_spec(MapReader& m, std::vector<PageSpec>& into, const PageSpec* run = nullptr) {
    PageSpec p;
    p.pos = m.pos();
    p.name = read_string(m, "name", "page " + std::to_string(page_count_ + 1));
    const bool is_run = !run && m.has("pages");
    if (m.has("over")) {
      if (run) {
        m.get("over")->error("the pages of a run repeat with it: `over` belongs to the run");
      } else {
        p.over = read_string(m, "over", "", &p.over_pos);
        if (p.over.empty()) m.get("over")->error("expected the binding path of a list");
        p.as = read_string(m, "as", "item");
        p.query = read_query(m);
      }
    } else {
      if (m.has("as") && !is_run)
        m.get("as")->error("`as` names the item of `over:`: give `over` too");
      for (const char* key : {"where", "sort", "order", "limit"})
        if (m.has(key))
          m.get(key)->error(std::string("`") + key +
                            "` chooses among the items of `over:`: give `over` too");
    }
    p.when = read_expr(m, "when");
    if (is_run) {
      if (!m.has("over")) {
        m.get("pages")->error("a run of pages repeats over a list: give `over` too");
        m.allow({"as"});
      }
      for (const char* key : {"background", "blocks"})
        if (m.has(key))
          m.get(key)->error(std::string("a run of pages has no `") + key +
                            "` of its own: give it to its pages");
      if (auto list = m.list("pages")) {
        if (list->empty()) m.get("pages")->error("a run needs at least one page");
        for (Reader& r : *list)
          if (auto sub = r.map()) read_page_spec(*sub, p.pages, &p);
      }
      m.finish();
      into.push_back(std::move(p));
      return;
    }
    ++page_count_;
    if (auto bg = m.string("background", model::optional)) {
      p.background = bg->value;
      check_colour(p.background, bg->pos);
    }
    std::size_t i = 0;
    for (MapReader& b : m.maps("blocks"))
      p.blocks.push_back(read_block(b, p.name + ".blocks[" + std::to_string(i++) + "]", true));
    m.finish();
    into.push_back(std::move(p));
  }

  Block read_block(MapReader& m, const std::string& path, bool top_level) {
    Block b;
    b.pos = m.pos();
    b.name = read_string(m, "name", path);
    if (!m.has("type")) {
      // Without a type the other keys mean nothing: report only the missing type.
      m.get("type");
      return b;
    }
    std::vector<std::pair<std::string, const BlockUnit*>> kinds;
    for (const BlockUnit* u : block_units()) kinds.emplace_back(u->name, u);
    auto unit = read_choice(m, "type", kinds);
    if (!unit) {
      // The block's other keys depend on its type: reporting them too would only bury the
      // one real mistake.
      return b;
    }
    b.unit = *unit;
    b.when = read_expr(m, "when");
    if (auto f = m.map("frame", model::optional)) {
      b.frame.x = read_length(*f, "x");
      b.frame.y = read_length(*f, "y");
      b.frame.width = read_length(*f, "width", true, false);
      b.frame.height = read_length(*f, "height", true, false);
      if (auto c = f->integer("col", model::optional)) {
        if (c->value < 1 || c->value > out_.page.columns)
          f->get("col")->error("column must be 1 to " + std::to_string(out_.page.columns));
        else
          b.frame.col = static_cast<int>(c->value);
      }
      if (auto s = f->integer("span", model::optional)) {
        int col = b.frame.col.value_or(1);
        if (s->value < 1 || col + s->value - 1 > out_.page.columns) {
          f->get("span")->error("span runs past the last grid column");
        } else {
          b.frame.span = static_cast<int>(s->value);
          if (!b.frame.col) b.frame.col = 1;  // a span alone starts at the first column
        }
      }
      if (b.frame.col && (b.frame.x || b.frame.width))
        f->self().error("give either `col`/`span` or `x`/`width`, not both");
      f->finish();
    }
    if (top_level) {
      if (auto area = read_enum<bool>(m, "area", {{"content", false}, {"trim", true}}))
        b.on_trim = *area;
    }
    b.unit->read(*this, m, b);
    m.finish();
    return b;
  }

  // BlockReader: what the block kinds read with.
  std::string colour(MapReader& m, std::string_view key, Need need) override {
    auto s = m.string(key, need);
    if (!s) return {};
    check_colour(s->value, s->pos);
    return s->value;
  }

  std::vector<std::string> colours(MapReader& m, Need need) override {
    std::vector<std::string> out;
    auto colors = m.list("colors", need);
    if (!colors) return out;
    if (colors->empty()) m.get("colors")->error("`colors` needs at least one palette colour");
    for (Reader& c : *colors)
      if (auto s = c.string()) {
        check_colour(s->value, s->pos);
        out.push_back(s->value);
      }
    return out;
  }

  std::string style(MapReader& m, std::string_view key, Need need) override {
    auto s = m.string(key, need);
    if (!s) return {};
    check_style(s->value, s->pos);
    return s->value;
  }

  std::string file(MapReader& m, std::string_view key, const std::string& what, Need need,
                   SourcePos* pos) override {
    auto s = m.string(key, need);
    if (!s) return {};
    if (pos) *pos = s->pos;
    if (s->value.empty()) {
      m.get(key)->error("expected the path of a file");
      return {};
    }
    std::filesystem::path p(s->value);
    if (p.is_relative()) p = std::filesystem::path(out_.dir) / p;
    out_.files.push_back({p.lexically_normal().string(), s->pos, what});
    return out_.files.back().path;
  }

  void children(MapReader& m, Block& parent) override {
    std::size_t i = 0;
    for (MapReader& c : m.maps("blocks"))
      parent.children.push_back(
          read_block(c, parent.name + ".blocks[" + std::to_string(i++) + "]", false));
  }

  Layout& out_;
  Diagnostics& diags_;
  std::set<std::string> failed_styles_;
  std::size_t page_count_ = 0;  ///< pages read so far, for default names
  bool have_page_ = false;      ///< a page was read (a base's): `page` is then optional
  /// The layout files being read, outermost first (weakly canonical), to find loops.
  std::vector<std::string> chain_;
  static constexpr std::size_t kMaxExtends = 16;
  std::set<std::string> failed_colours_;  // palette entries reported as broken

 public:
  void start(const std::string& path) {
    std::error_code ec;
    chain_.push_back(std::filesystem::weakly_canonical(path, ec).string());
  }
};

}  // namespace

bool parse_length(const std::string& text, Length& out) {
  struct Unit {
    const char* suffix;
    double factor;
    bool relative;
  };
  static const Unit units[] = {{"mm", kPtPerMm, false},
                               {"cm", 10 * kPtPerMm, false},
                               {"pt", 1, false},
                               {"in", 72, false},
                               {"%", 0.01, true}};
  for (const Unit& u : units) {
    std::string_view s(text), suffix(u.suffix);
    if (s.size() > suffix.size() && s.substr(s.size() - suffix.size()) == suffix) {
      double v;
      if (!parse_double(std::string(s.substr(0, s.size() - suffix.size())), v)) return false;
      out = {v * u.factor, u.relative};
      return true;
    }
  }
  double v;
  if (!parse_double(text, v)) return false;
  out = {v, false};
  return true;
}

namespace {

std::optional<Layout> read_layout(const model::YamlDocument& doc, const std::string& path,
                                  std::size_t errors_before, Diagnostics& diags) {
  Layout layout;
  layout.path = path;
  layout.dir = std::filesystem::path(path).parent_path().string();
  if (layout.dir.empty()) layout.dir = ".";
  MapReader root(doc, diags);
  if (!root.ok()) return std::nullopt;
  LayoutReader reader(layout, diags);
  reader.start(path);
  reader.read(root);
  if (layout.pages.empty() && diags.error_count() == errors_before)
    diags.error(root.pos(), "the layout has no pages");
  if (diags.error_count() > errors_before) return std::nullopt;
  return layout;
}

}  // namespace

std::optional<Layout> load_layout(const std::string& path, Diagnostics& diags) {
  std::size_t before = diags.error_count();
  auto doc = model::yaml_load_file(path, diags);
  if (!doc) return std::nullopt;
  return read_layout(*doc, path, before, diags);
}

std::optional<Layout> load_layout_string(std::string_view text, const std::string& path,
                                         Diagnostics& diags) {
  std::size_t before = diags.error_count();
  auto doc = model::yaml_load_string(text, path, diags);
  if (!doc) return std::nullopt;
  return read_layout(*doc, path, before, diags);
}

}  // namespace plaquette::layout
