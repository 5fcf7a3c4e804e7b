// The `group` block: children placed inside the group's frame, each by its own frame.
#include "layout/engine_impl.h"

namespace plaquette::layout {

Placed Engine::place_group(const Block& b, const Box& box, bool /*auto_height*/, const Env& env) {
  Placed out;
  for (const Block& child : b.children) out.append(place(child, box, env, false));
  out.height = box.h;
  return out;
}

}  // namespace plaquette::layout
