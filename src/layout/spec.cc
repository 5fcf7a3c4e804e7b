// Loading the layout language (see layouts/README.md). Every problem is collected; a layout
// with errors gives no Layout, so the engine only ever sees a consistent one.
#include "layout/spec.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <set>

#include "base/units.h"
#include "model/yaml.h"

namespace plaquette::layout {
namespace {

using model::MapReader;
using model::Need;
using model::Reader;

bool parse_double(const std::string& s, double& out) {
  if (s.empty()) return false;
  const char* begin = s.c_str();
  char* end = nullptr;
  out = std::strtod(begin, &end);
  return end == begin + s.size() && std::isfinite(out);
}

std::optional<Length> read_length(MapReader& m, std::string_view key, bool allow_relative = true) {
  auto r = m.get(key, model::optional);
  if (!r) return std::nullopt;
  auto s = r->string();
  if (!s) return std::nullopt;
  Length len;
  if (!parse_length(s->value, len) || (len.relative && !allow_relative)) {
    r->error("expected a length such as `12mm`, `9pt`" +
             std::string(allow_relative ? " or `50%`" : "") + ", found `" + s->value + "`");
    return std::nullopt;
  }
  return len;
}

double read_points(MapReader& m, std::string_view key, double fallback) {
  auto len = read_length(m, key, false);
  return len ? len->value : fallback;
}

std::string read_string(MapReader& m, std::string_view key, const std::string& fallback = "",
                        SourcePos* pos = nullptr) {
  auto s = m.string(key, model::optional);
  if (!s) return fallback;
  if (pos) *pos = s->pos;
  return s->value;
}

template <class E>
std::optional<E> read_enum(MapReader& m, std::string_view key,
                           std::initializer_list<std::pair<const char*, E>> names) {
  auto r = m.get(key, model::optional);
  if (!r) return std::nullopt;
  auto s = r->string();
  if (!s) return std::nullopt;
  std::vector<std::string> choices;
  for (const auto& [name, value] : names) {
    if (s->value == name) return value;
    choices.emplace_back(name);
  }
  auto& d = r->error("unknown value `" + s->value + "`");
  std::string list;
  for (const auto& c : choices) list += (list.empty() ? "" : ", ") + c;
  std::string guess = model::closest_match(s->value, choices);
  d.hints.push_back(guess.empty() ? "one of: " + list : "did you mean `" + guess + "`?");
  return std::nullopt;
}

std::optional<HAlign> read_align(MapReader& m) {
  return read_enum<HAlign>(m, "align", {{"left", HAlign::left},
                                        {"center", HAlign::center},
                                        {"right", HAlign::right},
                                        {"justify", HAlign::justify}});
}

// "e88a" (a hex code point, as icon fonts document them) or the character itself.
std::string read_glyph(MapReader& m) {
  auto s = m.string("glyph");
  if (!s) return {};
  const std::string& v = s->value;
  bool hex = v.size() >= 4 && v.size() <= 6 &&
             v.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
  if (!hex) return v;
  unsigned long cp = std::strtoul(v.c_str(), nullptr, 16);
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    m.get("glyph")->error("`" + v + "` is not a Unicode code point");
    return {};
  }
  std::string out;
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return out;
}

class LayoutReader {
 public:
  LayoutReader(Layout& out, Diagnostics& diags) : out_(out), diags_(diags) {}

  void read(MapReader& root) {
    if (auto v = root.integer("version", model::optional); v && v->value != 1)
      root.get("version")->error("this plaquette reads layout version 1");
    if (auto info = root.map("info", model::optional)) read_info(*info);
    if (auto page = root.map("page")) read_page(*page);
    if (auto r = root.get("ink_limit", model::optional)) {
      if (auto s = r->string()) {
        Length len;
        if (parse_length(s->value, len) && len.relative) out_.ink_limit = len.value;
        else r->error("expected a percentage such as `300%`, found `" + s->value + "`");
      }
    }
    if (auto palette = root.map("palette")) read_palette(*palette);
    if (auto fonts = root.map("fonts")) read_fonts(*fonts);
    if (auto styles = root.map("styles")) read_styles(*styles);
    for (MapReader& p : root.maps("pages")) read_page_spec(p);
    root.finish();
  }

 private:
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
          if (s && parse_length(s->value, len) && !len.relative && len.value > 0) *dims[i] = len.value;
          else (*size)[i].error("expected a positive length such as `210mm`");
        }
      }
    }
    g.bleed = read_points(m, "bleed", mm(3));
    if (auto margins = m.map("margins")) {
      g.margin_top = read_points(*margins, "top", 0);
      g.margin_right = read_points(*margins, "right", 0);
      g.margin_bottom = read_points(*margins, "bottom", 0);
      g.margin_left = read_points(*margins, "left", 0);
      margins->finish();
    }
    if (auto grid = m.map("grid", model::optional)) {
      if (auto c = grid->integer("columns")) {
        if (c->value < 1 || c->value > 48) grid->get("columns")->error("columns must be 1 to 48");
        else g.columns = static_cast<int>(c->value);
      }
      g.gutter = read_points(*grid, "gutter", 0);
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
        g.marks.weight = read_points(*marks, "weight", g.marks.weight);
        marks->finish();
      }
    }
    if (g.marks.enabled && g.marks.offset < g.bleed)
      m.self().error("crop marks must start outside the bleed (marks.offset ≥ bleed)");
    if (g.margin_left + g.margin_right >= g.width || g.margin_top + g.margin_bottom >= g.height)
      m.self().error("the margins leave no room on the page");
    m.finish();
  }

  void read_palette(MapReader& m) {
    for (auto& [name, r] : m.entries()) {
      auto list = r.list();
      if (!list) continue;
      if (list->size() != 4) {
        r.error("colour `" + name.value + "`: expected [C, M, Y, K] in percent, e.g. [100, 60, 0, 20]");
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
        continue;
      }
      out_.palette[name.value] = c;
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
    // resolve each one from its parent, refusing cycles.
    std::vector<std::pair<model::Located<std::string>, Reader>> raw = m.entries();
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < raw.size(); ++i) index[raw[i].first.value] = i;
    std::set<std::string> visiting;
    std::function<bool(const std::string&)> resolve = [&](const std::string& name) -> bool {
      if (out_.styles.count(name)) return true;
      auto& [key, r] = raw[index[name]];
      if (!visiting.insert(name).second) {
        r.error("style `" + name + "` inherits from itself");
        return false;
      }
      auto sm = r.map();
      if (!sm) return false;
      Style st;
      if (auto parent = sm->string("inherit", model::optional)) {
        if (!index.count(parent->value)) {
          auto& d = sm->get("inherit")->error("unknown style `" + parent->value + "`");
          std::vector<std::string> names;
          for (auto& [n, i] : index) names.push_back(n);
          if (auto g = model::closest_match(parent->value, names); !g.empty())
            d.hints.push_back("did you mean `" + g + "`?");
          return false;
        }
        if (!resolve(parent->value)) return false;
        st = out_.styles[parent->value];
      }
      st.name = name;
      st.pos = key.pos;
      st.font = read_string(*sm, "font", st.font);
      st.strong_font = read_string(*sm, "strong", st.strong_font);
      st.size = read_points(*sm, "size", st.size);
      st.leading = read_points(*sm, "leading", st.leading);
      if (auto t = sm->number("tracking", model::optional)) st.tracking = t->value;
      st.color = read_string(*sm, "color", st.color);
      st.strong_color = read_string(*sm, "strong_color", st.strong_color);
      if (auto a = read_align(*sm)) st.align = *a;
      if (auto c = read_enum<TextCase>(*sm, "case", {{"none", TextCase::none}, {"upper", TextCase::upper}}))
        st.text_case = *c;
      st.space_after = read_points(*sm, "space_after", st.space_after);
      sm->finish();
      check_font(st.font, st.pos, "style `" + name + "`");
      if (!st.strong_font.empty()) check_font(st.strong_font, st.pos, "style `" + name + "`");
      check_colour(st.color, st.pos);
      if (!st.strong_color.empty()) check_colour(st.strong_color, st.pos);
      if (st.size <= 0 || st.leading <= 0) r.error("style `" + name + "` needs a positive size and leading");
      out_.styles[name] = st;
      visiting.erase(name);
      return true;
    };
    for (auto& [key, r] : raw) resolve(key.value);
  }

  void check_font(const std::string& key, const SourcePos& pos, const std::string& who) {
    if (key.empty()) {
      diags_.error(pos, who + " has no `font`");
    } else if (!out_.fonts.count(key)) {
      auto& d = diags_.error(pos, who + " uses unknown font `" + key + "`");
      std::vector<std::string> names;
      for (auto& [n, f] : out_.fonts) names.push_back(n);
      if (auto g = model::closest_match(key, names); !g.empty()) d.hints.push_back("did you mean `" + g + "`?");
    }
  }

  void check_colour(const std::string& name, const SourcePos& pos) {
    if (out_.palette.count(name)) return;
    auto& d = diags_.error(pos, "unknown colour `" + name + "`");
    std::vector<std::string> names;
    for (auto& [n, c] : out_.palette) names.push_back(n);
    if (auto g = model::closest_match(name, names); !g.empty()) d.hints.push_back("did you mean `" + g + "`?");
  }

  void check_style(const std::string& name, const SourcePos& pos) {
    if (out_.styles.count(name)) return;
    auto& d = diags_.error(pos, "unknown style `" + name + "`");
    std::vector<std::string> names;
    for (auto& [n, s] : out_.styles) names.push_back(n);
    if (auto g = model::closest_match(name, names); !g.empty()) d.hints.push_back("did you mean `" + g + "`?");
  }

  void read_page_spec(MapReader& m) {
    PageSpec p;
    p.pos = m.pos();
    p.name = read_string(m, "name", "page " + std::to_string(out_.pages.size() + 1));
    if (auto bg = m.string("background", model::optional)) {
      p.background = bg->value;
      check_colour(p.background, bg->pos);
    }
    std::size_t i = 0;
    for (MapReader& b : m.maps("blocks"))
      p.blocks.push_back(read_block(b, p.name + ".blocks[" + std::to_string(i++) + "]", true));
    m.finish();
    out_.pages.push_back(std::move(p));
  }

  Block read_block(MapReader& m, const std::string& path, bool top_level) {
    Block b;
    b.pos = m.pos();
    b.name = read_string(m, "name", path);
    if (!m.has("type")) {
      m.get("type");  // records the missing key
      m.finish();
      return b;
    }
    auto kind = read_enum<BlockKind>(
        m, "type",
        {{"rect", BlockKind::rect}, {"rule", BlockKind::rule}, {"text", BlockKind::text},
         {"stat", BlockKind::stat}, {"list", BlockKind::list}, {"icon", BlockKind::icon},
         {"chart", BlockKind::chart}, {"group", BlockKind::group}, {"stack", BlockKind::stack},
         {"repeat", BlockKind::repeat}});
    if (!kind) {
      // The block's other keys depend on its type: reporting them too would only bury the
      // one real mistake.
      return b;
    }
    b.kind = *kind;
    if (auto f = m.map("frame", model::optional)) {
      b.frame.x = read_length(*f, "x");
      b.frame.y = read_length(*f, "y");
      b.frame.width = read_length(*f, "width");
      b.frame.height = read_length(*f, "height");
      if (auto c = f->integer("col", model::optional)) {
        if (c->value < 1 || c->value > out_.page.columns)
          f->get("col")->error("column must be 1 to " + std::to_string(out_.page.columns));
        else b.frame.col = static_cast<int>(c->value);
      }
      if (auto s = f->integer("span", model::optional)) {
        int col = b.frame.col.value_or(1);
        if (s->value < 1 || col + s->value - 1 > out_.page.columns)
          f->get("span")->error("span runs past the last grid column");
        else b.frame.span = static_cast<int>(s->value);
      }
      if (b.frame.col && (b.frame.x || b.frame.width))
        f->self().error("give either `col`/`span` or `x`/`width`, not both");
      f->finish();
    }
    if (top_level) {
      if (auto area = read_enum<bool>(m, "area", {{"content", false}, {"trim", true}})) b.on_trim = *area;
    }
    switch (b.kind) {
      case BlockKind::rect:
        b.fill = read_string(m, "fill");
        b.stroke = read_string(m, "stroke");
        b.weight = read_points(m, "weight", b.weight);
        b.radius = read_points(m, "radius", 0);
        if (!b.fill.empty()) check_colour(b.fill, b.pos);
        if (!b.stroke.empty()) check_colour(b.stroke, b.pos);
        if (auto sides = m.list("bleed", model::optional)) {
          for (Reader& s : *sides) {
            auto v = s.string();
            if (!v) continue;
            if (v->value == "top") b.bleed.top = true;
            else if (v->value == "right") b.bleed.right = true;
            else if (v->value == "bottom") b.bleed.bottom = true;
            else if (v->value == "left") b.bleed.left = true;
            else s.error("a bleed side is top, right, bottom or left");
          }
        }
        break;
      case BlockKind::rule:
        b.stroke = read_string(m, "color", "black");
        b.weight = read_points(m, "weight", b.weight);
        check_colour(b.stroke, b.pos);
        break;
      case BlockKind::text:
        b.style = read_string(m, "style");
        b.text = read_string(m, "text", "", &b.text_pos);
        if (b.text_pos.line == 0) m.get("text");
        b.align = read_align(m);
        read_valign(m, b);
        check_style(b.style, b.pos);
        break;
      case BlockKind::stat:
        b.kicker = read_string(m, "kicker", "", &b.kicker_pos);
        b.value = read_string(m, "value", "", &b.value_pos);
        if (b.value.empty()) m.get("value");
        b.caption = read_string(m, "caption", "", &b.caption_pos);
        b.kicker_style = read_string(m, "kicker_style", "stat-kicker");
        b.value_style = read_string(m, "value_style", "stat-value");
        b.caption_style = read_string(m, "caption_style", "stat-caption");
        b.gap = read_points(m, "gap", 0);
        if (auto k = m.boolean("kicker_space", model::optional)) b.kicker_space = k->value;
        b.align = read_align(m);
        read_valign(m, b);
        if (!b.kicker.empty() || b.kicker_space) check_style(b.kicker_style, b.pos);
        check_style(b.value_style, b.pos);
        if (!b.caption.empty()) check_style(b.caption_style, b.pos);
        break;
      case BlockKind::list:
        b.over = read_string(m, "over", "", &b.over_pos);
        if (b.over.empty()) m.get("over");
        b.as = read_string(m, "as", "item");
        b.text = read_string(m, "text", "", &b.text_pos);
        b.style = read_string(m, "style");
        b.bullet = read_string(m, "bullet", "•");
        b.gap = read_points(m, "gap", 0);
        b.align = read_align(m);
        check_style(b.style, b.pos);
        break;
      case BlockKind::icon:
        b.glyph = read_glyph(m);
        b.style = read_string(m, "style");
        b.size = read_points(m, "size", 0);
        b.color = read_string(m, "color");
        if (!b.style.empty()) check_style(b.style, b.pos);
        else if (!out_.fonts.count("icons"))
          m.self().error("an icon needs a `style`, or a font named `icons` under `fonts:`");
        if (!b.color.empty()) check_colour(b.color, b.pos);
        break;
      case BlockKind::chart:
        if (auto k = read_enum<ChartKind>(m, "kind", {{"donut", ChartKind::donut}, {"bars", ChartKind::bars}}))
          b.chart = *k;
        b.over = read_string(m, "over", "", &b.over_pos);
        if (b.over.empty()) m.get("over");
        b.chart_value = read_string(m, "value");
        if (b.chart_value.empty()) m.get("value");
        if (auto colors = m.list("colors")) {
          for (Reader& c : *colors)
            if (auto s = c.string()) {
              check_colour(s->value, s->pos);
              b.colors.push_back(s->value);
            }
        }
        if (auto h = m.number("hole", model::optional)) {
          if (h->value < 0 || h->value >= 1) m.get("hole")->error("hole is a ratio from 0 to 0.99");
          else b.hole = h->value;
        }
        b.separator = read_points(m, "separator", b.separator);
        b.gap = read_points(m, "gap", 0);
        b.label = read_string(m, "label", "", &b.label_pos);
        b.label_style = read_string(m, "label_style");
        if (!b.label.empty()) check_style(b.label_style, b.pos);
        break;
      case BlockKind::group:
      case BlockKind::stack:
      case BlockKind::repeat: {
        b.gap = read_points(m, "gap", 0);
        if (b.kind == BlockKind::repeat) {
          b.over = read_string(m, "over", "", &b.over_pos);
          if (b.over.empty()) m.get("over");
          b.as = read_string(m, "as", "item");
          if (auto c = m.integer("columns", model::optional)) {
            if (c->value < 1 || c->value > 48) m.get("columns")->error("columns must be 1 to 48");
            else b.columns = static_cast<int>(c->value);
          }
          b.row_height = read_length(m, "row_height");
          b.row_gap = read_points(m, "row_gap", -1);
          if (auto colors = m.list("colors", model::optional)) {
            for (Reader& c : *colors)
              if (auto s = c.string()) {
                check_colour(s->value, s->pos);
                b.colors.push_back(s->value);
              }
          }
        }
        std::size_t i = 0;
        for (MapReader& c : m.maps("blocks"))
          b.children.push_back(read_block(c, b.name + ".blocks[" + std::to_string(i++) + "]", false));
        break;
      }
    }
    m.finish();
    return b;
  }

  void read_valign(MapReader& m, Block& b) {
    if (auto v = read_enum<VAlign>(m, "valign", {{"top", VAlign::top}, {"middle", VAlign::middle}, {"bottom", VAlign::bottom}}))
      b.valign = *v;
  }

  Layout& out_;
  Diagnostics& diags_;
};

}  // namespace

bool parse_length(const std::string& text, Length& out) {
  struct Unit {
    const char* suffix;
    double factor;
    bool relative;
  };
  static const Unit units[] = {{"mm", kPtPerMm, false}, {"cm", 10 * kPtPerMm, false},
                               {"pt", 1, false},        {"in", 72, false},
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
  LayoutReader(layout, diags).read(root);
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
