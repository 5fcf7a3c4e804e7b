// The `rect` block: a filled and/or stroked rectangle, optionally run into the bleed.
#include <algorithm>
#include <cstdio>

#include "layout/blocks/read.h"

namespace plaquette::layout {
namespace {

struct Rect final : BlockProps {
  std::string fill, stroke;  ///< palette names; either may be empty
  double weight = 0.5;       ///< stroke width in points
  double radius = 0;         ///< corner radius in points
};

void read(BlockReader& r, model::MapReader& m, Block& b) {
  auto p = std::make_shared<Rect>();
  p->fill = r.colour(m, "fill", model::optional);
  p->stroke = r.colour(m, "stroke", model::optional);
  p->weight = read_points(m, "weight", p->weight, 0, 100);
  p->radius = read_points(m, "radius", 0);
  if (auto sides = m.list("bleed", model::optional)) {
    for (model::Reader& s : *sides) {
      auto v = s.string();
      if (!v) continue;
      if (v->value == "top")
        b.bleed.top = true;
      else if (v->value == "right")
        b.bleed.right = true;
      else if (v->value == "bottom")
        b.bleed.bottom = true;
      else if (v->value == "left")
        b.bleed.left = true;
      else
        s.error("a bleed side is top, right, bottom or left");
    }
  }
  b.props = std::move(p);
}

Placed place(Engine& e, const Block& b, const Box& frame, bool /*auto_height*/, const Env& env) {
  const Rect& r = b.as<Rect>();
  Placed out;
  out.height = frame.h;
  out.fills = true;
  Box box = frame;
  const display::Rect& t = e.page->trim;
  const double bl = e.layout.page.bleed;
  // A side that runs into the bleed goes all the way to the bleed line.
  if (b.bleed.top) {
    box.h += box.y - (t.y - bl);
    box.y = t.y - bl;
  }
  if (b.bleed.left) {
    box.w += box.x - (t.x - bl);
    box.x = t.x - bl;
  }
  if (b.bleed.right) box.w = t.right() + bl - box.x;
  if (b.bleed.bottom) box.h = t.bottom() + bl - box.y;
  display::Path p = rect_path(box, r.radius);
  if (!r.fill.empty()) {
    if (const auto* c = e.colour(r.fill, b.pos, &env)) {
      p.fill = true;
      p.fill_color = *c;
    }
  }
  if (!r.stroke.empty()) {
    if (const auto* c = e.colour(r.stroke, b.pos, &env)) {
      p.stroke = true;
      p.stroke_color = *c;
      p.stroke_width = r.weight;
    }
  }
  if (p.fill || p.stroke) out.items.emplace_back(std::move(p));
  return out;
}

}  // namespace

namespace blocks {
extern const BlockUnit rect_block{"rect", &read, &place};
}

}  // namespace plaquette::layout
