// The `rule` block: a horizontal line along the top of its frame, or a vertical one.
#include "layout/engine_impl.h"

namespace plaquette::layout {

Placed Engine::place_rule(const Block& b, const Box& box, bool /*auto_height*/, const Env& env) {
  Placed out;
  out.height = b.weight;
  const auto* c = colour(b.stroke, b.pos, &env);
  if (!c) return out;
  // A frame of zero width is a vertical rule; otherwise the rule runs along the top edge.
  if (b.frame.width && box.w == 0)
    add_line(out.items, box.x, box.y, box.x, box.y + box.h, b.weight, *c);
  else
    add_line(out.items, box.x, box.y + b.weight / 2, box.x + box.w, box.y + b.weight / 2, b.weight,
             *c);
  return out;
}

}  // namespace plaquette::layout
