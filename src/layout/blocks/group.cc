// The `group` block: children placed inside the group's frame, each by its own frame.
#include "layout/blocks/read.h"

namespace plaquette::layout {
namespace {

void read(BlockReader& r, model::MapReader& m, Block& b) {
  // `gap` means nothing to a group; it is accepted as it always was.
  read_points(m, "gap", 0);
  r.children(m, b);
}

Placed place(Engine& e, const Block& b, const Box& box, bool /*auto_height*/, const Env& env) {
  Placed out;
  for (const Block& child : b.children) out.append(e.place(child, box, env, false));
  out.height = box.h;
  out.fills = true;
  return out;
}

}  // namespace

namespace blocks {
extern const BlockUnit group_block{"group", &read, &place};
}

}  // namespace plaquette::layout
