// The `map` block: a choropleth of the areas of a GeoJSON file (src/geo), each filled with
// the colour of its value's class, labelled at its pole of inaccessibility, with a legend
// and the outlines' attribution. Reads its keys (read_map) and places itself (place_map).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>

#include "geo/classes.h"
#include "geo/geojson.h"
#include "geo/polylabel.h"
#include "layout/blocks/read.h"
#include "text/format.h"

namespace plaquette::layout {
namespace {

using model::MapReader;
using model::Reader;

// Colours a map can hold: beyond a dozen classes nobody tells the shades apart.
constexpr std::int64_t kMaxClasses = 12;
// Labels sit where the outline leaves most room; half a point is finer than anyone sees.
constexpr double kLabelPrecision = 0.5;
// Text under this size must print on one plate (the preflight's `registration` rule).
constexpr double kSmallText = 12;

/// What a map block draws and how (layouts/README.md, `map`).
struct MapSpec final : BlockProps {
  std::string shapes;  ///< the GeoJSON file, resolved against the layout's folder
  SourcePos shapes_pos;
  bool planar = false;                 ///< coordinates used as they are, y down (an SVG's)
  std::string code_property = "code";  ///< the feature property holding an area's code
  std::string over;                    ///< the list bound to, one item per area
  SourcePos over_pos;
  std::string as = "item";    ///< the item's name in templates
  std::string code = "code";  ///< the item's field matched with the feature's code
  std::string value;          ///< the item's number field that picks the class
  SourcePos value_pos;
  std::size_t classes = 0;  ///< number of classes (colours used)
  SourcePos classes_pos;
  std::vector<double> breaks;  ///< given bounds (classes + 1), or empty for quantiles
  SourcePos breaks_pos;
  std::vector<std::string> colors;  ///< palette names, one per class, lightest first
  SourcePos colors_pos;
  std::string stroke;   ///< palette name of the outlines ("" = none)
  double weight = 0.5;  ///< outline width, points
  std::string label;    ///< template per area, at its pole of inaccessibility
  SourcePos label_pos;
  std::string label_style;
  SourcePos label_style_pos;
  std::string highlight;  ///< template giving the code of one area to outline
  SourcePos highlight_pos;
  std::string highlight_stroke;
  double highlight_weight = 1.5;
  std::string legend_style;  ///< "" = no legend
  SourcePos legend_style_pos;
  text::NumberFormat legend_format;
  bool legend_format_given = false;
  std::string legend_separator = " – ";
  bool legend_below = false;  ///< `position: bottom`: under the map, not in a column at its right
  double legend_width = 0;    ///< the legend's column, right of the map
  double swatch = 8;          ///< side of a legend swatch, points
  std::string attribution;    ///< template printed under the map (the outlines' credit)
  SourcePos attribution_pos;
  std::string attribution_style;
  SourcePos attribution_style_pos;
};

void read(BlockReader& r, MapReader& m, Block& b) {
  auto sp = std::make_shared<MapSpec>();
  MapSpec& s = *sp;
  s.shapes = r.file(m, "shapes", "the map's shapes", model::required, &s.shapes_pos);
  if (auto v = m.boolean("planar", model::optional)) s.planar = v->value;
  if (auto v = m.string("code_property", model::optional)) {
    if (v->value.empty())
      m.get("code_property")->error("expected the name of a feature property");
    else
      s.code_property = v->value;
  }
  if (auto v = m.string("over")) {
    s.over = v->value;
    s.over_pos = v->pos;
  }
  if (auto v = m.string("as", model::optional)) s.as = v->value;
  if (auto v = m.string("code", model::optional)) s.code = v->value;
  if (auto v = m.string("value")) {
    s.value = v->value;
    s.value_pos = v->pos;
  }
  if (auto r = m.get("breaks", model::optional)) {
    s.breaks_pos = r->pos();
    if (r->node().IsSequence()) {
      if (auto items = r->list()) {
        for (const Reader& i : *items)
          if (auto n = i.number()) s.breaks.push_back(n->value);
        if (s.breaks.size() < 2) {
          r->error("`breaks` lists the bounds of the classes: at least 2 numbers");
        } else if (std::adjacent_find(s.breaks.begin(), s.breaks.end(), [](double a, double b) {
                     return a >= b;
                   }) != s.breaks.end()) {
          r->error("the bounds of `breaks` must increase");
        }
      }
    } else if (auto v = r->string(); v && v->value != "quantiles") {
      r->error("`breaks` is `quantiles` or a list of bounds, found `" + v->value + "`");
    }
  }
  if (auto v = m.integer("classes", s.breaks.empty() ? model::required : model::optional)) {
    s.classes_pos = v->pos;
    if (v->value < 1 || v->value > kMaxClasses)
      m.get("classes")->error("classes must be 1 to " + std::to_string(kMaxClasses));
    else
      s.classes = static_cast<std::size_t>(v->value);
  }
  if (!s.breaks.empty()) {
    if (s.classes == 0) {
      s.classes = s.breaks.size() - 1;
    } else if (s.classes + 1 != s.breaks.size()) {
      m.get("breaks")->error(std::to_string(s.classes) + " classes need " +
                             std::to_string(s.classes + 1) + " bounds, `breaks` has " +
                             std::to_string(s.breaks.size()));
    }
  }
  s.colors = r.colours(m, model::required);
  if (auto v = m.get("colors", model::optional)) s.colors_pos = v->pos();
  if (s.classes > 0 && !s.colors.empty() && s.colors.size() < s.classes)
    m.get("colors")
        ->error(std::to_string(s.classes) + " classes need " + std::to_string(s.classes) +
                " colours, `colors` has " + std::to_string(s.colors.size()))
        .hints.push_back("one palette colour per class, lightest first");
  s.stroke = r.colour(m, "stroke", model::optional);
  if (auto v = m.get("weight", model::optional)) {
    Length len;
    if (auto t = v->string();
        t && parse_length(t->value, len) && !len.relative && len.value >= 0 && len.value <= 20)
      s.weight = len.value;
    else
      v->error("expected a line width from 0 to 20 pt, such as `0.5pt`");
  }
  if (auto v = m.string("label", model::optional)) {
    s.label = v->value;
    s.label_pos = v->pos;
  }
  s.label_style = r.style(m, "label_style", s.label.empty() ? model::optional : model::required);
  if (auto v = m.get("label_style", model::optional)) s.label_style_pos = v->pos();
  if (auto v = m.string("highlight", model::optional)) {
    s.highlight = v->value;
    s.highlight_pos = v->pos;
  }
  s.highlight_stroke =
      r.colour(m, "highlight_stroke", s.highlight.empty() ? model::optional : model::required);
  if (auto v = m.get("highlight_weight", model::optional)) {
    Length len;
    if (auto t = v->string();
        t && parse_length(t->value, len) && !len.relative && len.value > 0 && len.value <= 20)
      s.highlight_weight = len.value;
    else
      v->error("expected a line width from 0 to 20 pt, such as `1.5pt`");
  }
  if (auto legend = m.map("legend", model::optional)) {
    s.legend_style = r.style(*legend, "style", model::required);
    if (auto v = legend->get("style", model::optional)) s.legend_style_pos = v->pos();
    if (auto v = legend->string("format", model::optional)) {
      if (!text::parse_number_format(v->value, s.legend_format))
        legend->get("format")->error("unknown number format `" + v->value + "`");
      else
        s.legend_format_given = true;
    }
    if (auto v = legend->string("separator", model::optional)) s.legend_separator = v->value;
    auto read_len = [&](std::string_view key, double& out, bool required) {
      auto v = legend->get(key, required ? model::required : model::optional);
      if (!v) return;
      Length len;
      if (auto t = v->string();
          t && parse_length(t->value, len) && !len.relative && len.value > 0 && len.value <= 14400)
        out = len.value;
      else
        v->error("expected a length such as `28mm`");
    };
    if (auto v = legend->string("position", model::optional)) {
      if (v->value == "bottom")
        s.legend_below = true;
      else if (v->value != "right")
        legend->get("position")->error("a legend's position is `right` or `bottom`");
    }
    read_len("width", s.legend_width, !s.legend_below);
    read_len("swatch", s.swatch, false);
    legend->finish();
  }
  if (auto v = m.string("attribution", model::optional)) {
    s.attribution = v->value;
    s.attribution_pos = v->pos;
  }
  s.attribution_style =
      r.style(m, "attribution_style", s.attribution.empty() ? model::optional : model::required);
  if (auto v = m.get("attribution_style", model::optional)) s.attribution_style_pos = v->pos();
  b.props = std::move(sp);
}

// Outline points to 1/10 pt (35 µm, under a tenth of the 0.5 pt an outline is usually
// stroked with, and under what a plate resolves at 175 lpi), so that the PDF writes them
// as whole tenths (src/render/pdf/pdf_path.cc); a border shared by two areas has the same
// points in both, so it is rounded the same way in both.
double tenth(double v) { return std::round(v * 10) / 10; }

// The page-space outline of a feature as a path: one subpath per ring. A point that rounds
// onto the one before it is dropped.
display::Path outline(const std::vector<geo::Polygon>& polygons) {
  display::Path p;
  for (const geo::Polygon& polygon : polygons)
    for (const geo::Ring& ring : polygon.rings) {
      const std::size_t start = p.ops.size();
      for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const display::Point q{tenth(ring[i].x), tenth(ring[i].y)};
        if (i > 0 && p.ops.back().p1.x == q.x && p.ops.back().p1.y == q.y) continue;
        p.ops.push_back({i == 0 ? display::PathOp::move : display::PathOp::line, q});
      }
      if (p.ops.size() > start) p.ops.push_back({display::PathOp::close});
    }
  return p;
}

// "7.5": a size as messages write it.
std::string points(double size) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", size);
  return buf;
}

// The number of plates a colour prints on.
int plates(const display::Cmyk& c) { return (c.c > 0) + (c.m > 0) + (c.y > 0) + (c.k > 0); }

// "5,0 – 8,3 M €": both bounds formatted for the locale; the unit they share at their end is
// written once.
std::string range_text(const std::string& low, const std::string& high,
                       const std::string& separator) {
  auto tail = [](const std::string& s) {
    std::size_t i = s.size();
    while (i > 0 && !(s[i - 1] >= '0' && s[i - 1] <= '9')) --i;
    return s.substr(i);
  };
  const std::string unit = tail(low);
  if (!unit.empty() && unit == tail(high))
    return low.substr(0, low.size() - unit.size()) + separator + high;
  return low + separator + high;
}

Placed place(Engine& e, const Block& b, const Box& box, bool /*auto_height*/, const Env& env) {
  Placed out;
  out.height = box.h;
  const MapSpec& s = b.as<MapSpec>();
  const std::string who = "map `" + b.name + "`";

  // Small text in the map (labels, legend, attribution) prints on one plate.
  auto text_style = [&](const std::string& name, const SourcePos& pos) -> const Style* {
    const Style* st = e.style(name, b);
    if (!st) return nullptr;
    const display::Cmyk* c = e.colour(st->color, st->pos);
    if (!c) return nullptr;
    if (st->size < kSmallText && plates(*c) > 1) {
      e.diags
          .error(pos.known() ? pos : b.pos, who + ": style `" + name + "` sets " +
                                                points(st->size) + " pt text in `" + st->color +
                                                "`, on " + std::to_string(plates(*c)) + " plates")
          .hints.push_back(
              "text under 12 pt in a map prints on one plate (misregistration "
              "blurs it otherwise): give the style a single-ink colour");
      return nullptr;
    }
    return st;
  };

  geo::ReadOptions options;
  options.code_property = s.code_property;
  options.coordinates = s.planar ? geo::Coordinates::planar : geo::Coordinates::lon_lat;
  // Read and projected once per process; this edition places its own copy on the page.
  auto loaded = geo::load_map_shapes(s.shapes, s.shapes_pos, options, e.diags);
  if (!loaded) return {};
  auto shapes = std::make_unique<geo::Shapes>(loaded->shapes);

  const figures::Value* list = env.scope.find(s.over);
  if (!list || list->kind != figures::Value::Kind::list) {
    e.diags.error(
        s.over_pos.known() ? s.over_pos : b.pos,
        who + " draws `" + s.over + "`, which is " + (list ? "not a list" : "not in the data"));
    return {};
  }

  // Each item with its outline and its value.
  struct Area {
    const figures::Value* item;
    std::size_t index;
    std::size_t feature;
    double value;
  };
  std::map<std::string, std::size_t> by_code;
  for (std::size_t i = 0; i < shapes->features.size(); ++i)
    by_code.emplace(shapes->features[i].code, i);
  std::vector<Area> areas;
  std::vector<bool> bound(shapes->features.size());
  bool ok = true;
  for (std::size_t i = 0; i < list->items.size(); ++i) {
    const figures::Value& item = list->items[i];
    const figures::Value* code = item.find(s.code);
    const figures::Value* value = item.find(s.value);
    if (!code || code->kind != figures::Value::Kind::string) {
      e.diags.error(b.pos, who + ": item " + std::to_string(i + 1) + " of `" + s.over +
                               "` has no text `" + s.code + "` to match an outline's code");
      ok = false;
      continue;
    }
    const auto f = by_code.find(code->string);
    if (f == by_code.end()) {
      e.diags
          .error(code->pos.known() ? code->pos : b.pos,
                 who + ": `" + code->string + "` has no outline in " + s.shapes)
          .hints.push_back("each item of `" + s.over + "` needs a feature whose `" +
                           s.code_property + "` is its code");
      e.diags.note(s.shapes_pos, "the geometry file is named here");
      ok = false;
      continue;
    }
    bound[f->second] = true;
    if (!value || value->kind != figures::Value::Kind::number) {
      auto& d = e.diags.error(s.value_pos.known() ? s.value_pos : b.pos,
                              who + ": `" + s.value + "` of `" + code->string + "` is " +
                                  (value ? "not a number" : "missing"));
      d.hints.push_back("a map's `value` names a number field of each item of `" + s.over + "`");
      if (value) e.diags.note(value->pos, "the value is here");
      ok = false;
      continue;
    }
    areas.push_back({&item, i, f->second, value->number});
  }
  for (std::size_t i = 0; i < shapes->features.size(); ++i)
    if (!bound[i])
      e.diags.warning(shapes->features[i].pos, who + ": the outline of `" +
                                                   shapes->features[i].code + "` has no item in `" +
                                                   s.over + "`: drawn without a colour");
  if (!ok) return {};
  if (areas.empty()) {
    e.diags.error(s.over_pos.known() ? s.over_pos : b.pos,
                  who + " has nothing to draw: `" + s.over + "` is empty");
    return {};
  }

  // Classes.
  std::vector<double> values;
  for (const Area& a : areas) values.push_back(a.value);
  std::vector<double> bounds = s.breaks;
  if (bounds.empty()) {
    bounds = geo::quantile_breaks(values, s.classes);
  } else {
    for (const Area& a : areas)
      if (a.value < bounds.front() || a.value > bounds.back()) {
        const figures::Value* v = a.item->find(s.value);
        e.diags.error(v->pos.known() ? v->pos : b.pos,
                      who + ": `" + s.value + "` is outside the bounds of `breaks`");
        e.diags.note(s.breaks_pos, "the bounds are here");
        ok = false;
      }
    if (!ok) return {};
  }
  std::vector<const display::Cmyk*> fills;
  for (std::size_t i = 0; i < s.classes && i < s.colors.size(); ++i) {
    fills.push_back(e.colour(s.colors[i], s.colors_pos, &env));
    if (!fills.back()) return {};
  }
  if (fills.size() < s.classes) return {};
  const display::Cmyk* stroke = s.stroke.empty() ? nullptr : e.colour(s.stroke, b.pos, &env);

  // The frame: the attribution along the bottom, the legend in a column on the right, the
  // map in what is left.
  Box area = box;
  if (!s.attribution.empty()) {
    const Style* st = text_style(s.attribution_style, s.attribution_style_pos);
    if (!st) return {};
    Engine::Para p =
        e.layout_text(s.attribution, s.attribution_pos, *st, std::nullopt, box.w, env, b);
    if (!p.ok) return {};
    if (p.height > box.h) {
      e.overflow(b, env, "the attribution does not fit", p.height, box.h, p.sources,
                 p.source_names);
      return {};
    }
    area.h -= p.height + st->leading * 0.5;
    e.draw_para(p, box.x, box.y + box.h - p.height, out.items);
  }
  const Style* legend_st = nullptr;
  Box legend_box;
  double legend_row = 0;
  if (!s.legend_style.empty()) {
    legend_st = text_style(s.legend_style, s.legend_style_pos);
    if (!legend_st) return {};
    if (s.legend_below) {
      legend_row = std::max(s.swatch, legend_st->leading) + legend_st->leading * 0.4;
      const double height = legend_row * static_cast<double>(s.classes);
      if (height >= area.h) {
        e.overflow(b, env, "the legend leaves no room for the map", height, area.h, {});
        return {};
      }
      area.h -= height;
      legend_box = {area.x, area.y + area.h, s.legend_width > 0 ? s.legend_width : area.w, height};
    } else {
      if (s.legend_width >= area.w) {
        e.overflow(b, env, "the legend leaves no room for the map", s.legend_width, area.w, {});
        return {};
      }
      area.w -= s.legend_width;
      legend_box = {area.x + area.w, area.y, s.legend_width, area.h};
    }
  }

  geo::Box extent;
  for (const geo::Feature& f : shapes->features)
    for (const geo::Polygon& polygon : f.polygons) extent.add(polygon);
  const geo::Transform t = geo::fit(extent, s.planar ? geo::YAxis::down : geo::YAxis::up, area.x,
                                    area.y, area.w, area.h);
  for (geo::Feature& f : shapes->features)
    for (geo::Polygon& polygon : f.polygons)
      for (geo::Ring& ring : polygon.rings)
        for (geo::Point& p : ring) p = t.apply(p);

  // Fills, in the file's order, then the highlight over them.
  for (std::size_t i = 0; i < shapes->features.size(); ++i) {
    display::Path p = outline(shapes->features[i].polygons);
    const auto a =
        std::find_if(areas.begin(), areas.end(), [&](const Area& x) { return x.feature == i; });
    if (a != areas.end()) {
      p.fill = true;
      p.fill_color = *fills[geo::class_of(bounds, a->value)];
    }
    if (stroke && s.weight > 0) {
      p.stroke = true;
      p.stroke_color = *stroke;
      p.stroke_width = s.weight;
    }
    if (p.fill || p.stroke) out.items.emplace_back(std::move(p));
  }
  if (!s.highlight.empty()) {
    const std::string code =
        expand(s.highlight, s.highlight_pos, env.scope, e.ctx, e.diags).plain();
    const auto f = by_code.find(code);
    if (f == by_code.end()) {
      e.diags.error(s.highlight_pos,
                    who + ": `highlight` gives `" + code + "`, which is no outline's code");
      return {};
    }
    const display::Cmyk* c = e.colour(s.highlight_stroke, s.highlight_pos, &env);
    if (!c) return {};
    display::Path p = outline(shapes->features[f->second].polygons);
    p.stroke = true;
    p.stroke_color = *c;
    p.stroke_width = s.highlight_weight;
    out.items.emplace_back(std::move(p));
  }

  // Labels, centred on each area's pole of inaccessibility.
  if (!s.label.empty()) {
    const Style* st = text_style(s.label_style, s.label_style_pos);
    if (!st) return {};
    const std::vector<geo::Pole> poles = loaded->poles(*shapes, t, kLabelPrecision);
    for (const Area& a : areas) {
      const geo::Pole& pole = poles[a.feature];
      const Env item_env = env.with(s.as, *a.item, s.over + "." + std::to_string(a.index));
      Engine::Para p =
          e.layout_text(s.label, s.label_pos, *st, HAlign::center, area.w, item_env, b);
      if (!p.ok) return {};
      e.draw_para(p, pole.point.x - area.w / 2, pole.point.y - p.height / 2, out.items);
    }
  }

  // The legend: a swatch and the class's bounds per class, from the lowest, at the foot of
  // the legend's column.
  if (legend_st) {
    const double row = std::max(s.swatch, legend_st->leading) + legend_st->leading * 0.4;
    const double x = legend_box.x, text_x = x + s.swatch + legend_st->size * 0.6;
    double y = legend_box.y + legend_box.h - row * static_cast<double>(s.classes);
    if (y < legend_box.y - 0.001) {
      e.overflow(b, env, "the legend does not fit beside the map",
                 row * static_cast<double>(s.classes), legend_box.h, {});
      return {};
    }
    for (std::size_t i = 0; i < s.classes; ++i, y += row) {
      display::Path sw = rect_path({x, y, s.swatch, s.swatch}, 0);
      sw.fill = true;
      sw.fill_color = *fills[i];
      if (stroke && s.weight > 0) {
        sw.stroke = true;
        sw.stroke_color = *stroke;
        sw.stroke_width = s.weight;
      }
      out.items.emplace_back(std::move(sw));
      std::string low, high, error;
      const std::string spec =
          s.legend_format_given ? std::string(text::number_style_name(s.legend_format.style)) +
                                      (s.legend_format.fraction_digits >= 0
                                           ? ":" + std::to_string(s.legend_format.fraction_digits)
                                           : "")
                                : "";
      if (!format_value(figures::Value::of_number(bounds[i], {}), spec, e.ctx.language, low,
                        error) ||
          !format_value(figures::Value::of_number(bounds[i + 1], {}), spec, e.ctx.language, high,
                        error)) {
        e.diags.error(s.legend_style_pos.known() ? s.legend_style_pos : b.pos, who + ": " + error);
        return {};
      }
      // The label is data, not a template: braces in a formatted number are not markup.
      std::string label = range_text(low, high, s.legend_separator);
      std::string escaped;
      for (char c : label) {
        escaped += c;
        if (c == '{' || c == '}') escaped += c;
      }
      const double width = legend_box.w - (text_x - x);
      Engine::Para p =
          e.layout_text(escaped, s.legend_style_pos, *legend_st, HAlign::left, width, env, b);
      if (!p.ok) return {};
      if (p.height > row + legend_st->leading) {
        e.overflow(b, env, "a legend label does not fit its column", p.height, row, p.sources,
                   p.source_names);
        return {};
      }
      e.draw_para(p, text_x, y + s.swatch / 2 - p.height / 2, out.items);
    }
  }
  return out;
}

}  // namespace

namespace blocks {
extern const BlockUnit map_block{"map", &read, &place};
}

}  // namespace plaquette::layout
