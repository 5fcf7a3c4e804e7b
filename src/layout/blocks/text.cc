// The `text` block: one template in one style, shrunk to fit and aligned in its frame.
#include <cstdio>

#include "layout/engine_impl.h"

namespace plaquette::layout {

Placed Engine::place_text(const Block& b, const Box& box, bool auto_height, const Env& env) {
  const Style* st = style(b.style, b);
  if (!st) return {};
  Para p = layout_fitted(b.text, b.text_pos, *st, b.align, box.w, auto_height ? -1 : box.h, env, b);
  Placed out;
  out.height = p.height;
  if (!p.ok) return out;
  double top = box.y;
  if (!auto_height) {
    if (p.height > box.h + 0.01) {
      char at_min[64] = "";
      if (st->fit == Fit::shrink)
        std::snprintf(at_min, sizeof at_min, " even at its minimum size, %.1f pt", p.size);
      overflow(b, env, std::string("its text overflows the frame") + at_min, p.height, box.h,
               p.sources, p.source_names);
    } else if (b.valign == VAlign::middle) {
      top += (box.h - p.height) / 2;
    } else if (b.valign == VAlign::bottom) {
      top += box.h - p.height;
    }
  }
  draw_para(p, box.x, top, out.items);
  out.height = p.height + st->space_after;
  return out;
}

}  // namespace plaquette::layout
