// The `chart` block, `kind: donut`: one ring segment per item, proportional to its value,
// drawn as vector paths so that it prints sharp and in process colours.
#include <cmath>
#include <numbers>

#include "layout/blocks/chart.h"

namespace plaquette::layout::chart {
namespace {

using display::PathOp;
using display::Point;

Point polar(Point c, double r, double angle) {
  // Angles run clockwise from 12 o'clock, in page space (y down).
  return {c.x + r * std::sin(angle), c.y - r * std::cos(angle)};
}

// Appends an arc from a0 to a1 (clockwise when a1 > a0) as cubic Béziers of at most 90°,
// whose control points follow the classic 4/3·tan(θ/4) construction.
void arc(std::vector<PathOp>& ops, Point c, double r, double a0, double a1) {
  int n = std::max(1, static_cast<int>(std::ceil(std::abs(a1 - a0) / (std::numbers::pi / 2))));
  double step = (a1 - a0) / n;
  double k = 4.0 / 3.0 * std::tan(step / 4) * r;
  for (int i = 0; i < n; ++i) {
    double s = a0 + i * step, e = s + step;
    Point p0 = polar(c, r, s), p3 = polar(c, r, e);
    // Tangent of a clockwise circle at angle a is (cos a, sin a) in y-down space.
    Point p1{p0.x + k * std::cos(s), p0.y + k * std::sin(s)};
    Point p2{p3.x - k * std::cos(e), p3.y - k * std::sin(e)};
    ops.push_back({PathOp::cubic, p1, p2, p3});
  }
}

}  // namespace

Placed donut(Engine& e, const Block& b, const Chart& c, const std::vector<double>& values,
             const Box& box, const Env& env) {
  Placed out;
  out.height = box.h;
  double total = 0;
  for (double v : values) total += v;
  double r = std::min(box.w, box.h) / 2;
  Point centre{box.x + box.w / 2, box.y + box.h / 2};
  double ri = r * c.hole;
  double a = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const display::Cmyk* fill = e.colour(c.colors[i % c.colors.size()], b.pos, &env);
    if (!fill) return {};
    double a1 = a + values[i] / total * 2 * std::numbers::pi;
    display::Path p;
    p.ops.push_back({PathOp::move, polar(centre, r, a)});
    arc(p.ops, centre, r, a, a1);
    p.ops.push_back({PathOp::line, polar(centre, ri, a1)});
    arc(p.ops, centre, ri, a1, a);
    p.ops.push_back({PathOp::close});
    p.fill = true;
    p.fill_color = *fill;
    // A stroke of the paper's colour separates the segments, like the gaps of a printed
    // donut chart.
    if (c.separator > 0 && values.size() > 1) {
      const display::Cmyk* gap = e.colour(c.separator_color, b.pos, &env);
      if (!gap) return {};
      p.stroke = true;
      p.stroke_color = *gap;
      p.stroke_width = c.separator;
    }
    out.items.emplace_back(std::move(p));
    a = a1;
  }
  if (!c.label.empty()) {
    const Style* st = e.style(c.label_style, b);
    if (!st) return {};
    // The label sits in the hole, with a small inner margin.
    double w = ri * 2 * 0.9;
    Engine::Para p = e.layout_text(c.label, c.label_pos, *st, HAlign::center, w, env, b);
    if (!p.ok) return {};
    if (p.height > w) {
      e.overflow(b, env, "the label does not fit in the donut's hole", p.height, w, p.sources,
                 p.source_names);
      return {};
    }
    e.draw_para(p, centre.x - w / 2, centre.y - p.height / 2, out.items);
  }
  return out;
}

}  // namespace plaquette::layout::chart
