// The `rect` block: a filled and/or stroked rectangle, optionally run into the bleed.
#include <algorithm>
#include <cstdio>

#include "layout/engine_impl.h"

namespace plaquette::layout {

Placed Engine::place_rect(const Block& b, const Box& frame, bool /*auto_height*/, const Env& env) {
  Placed out;
  out.height = frame.h;
  Box box = frame;
  const display::Rect& t = page->trim;
  const double bl = layout.page.bleed;
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
  display::Path p = rect_path(box, b.radius);
  if (!b.fill.empty()) {
    if (const auto* c = colour(b.fill, b.pos, &env)) {
      p.fill = true;
      p.fill_color = *c;
    }
  }
  if (!b.stroke.empty()) {
    if (const auto* c = colour(b.stroke, b.pos, &env)) {
      p.stroke = true;
      p.stroke_color = *c;
      p.stroke_width = b.weight;
    }
  }
  if (p.fill || p.stroke) out.items.emplace_back(std::move(p));
  return out;
}

}  // namespace plaquette::layout
