// The `stack` block: children top to bottom at their natural heights.
#include <algorithm>
#include <cstdio>

#include "layout/blocks/read.h"

namespace plaquette::layout {
namespace {

struct Stack final : BlockProps {
  double gap = 0;  ///< between children, points
};

void read(BlockReader& r, model::MapReader& m, Block& b) {
  auto p = std::make_shared<Stack>();
  p->gap = read_points(m, "gap", 0);
  b.props = std::move(p);
  r.children(m, b);
}

Placed place(Engine& e, const Block& b, const Box& box, bool auto_height, const Env& env) {
  const double gap = b.as<Stack>().gap;
  Placed out;
  double y = 0;
  bool first = true;
  const std::size_t mark = e.text_sources.size();
  // The last child that took room: a heading (a style with `keep_with_next`) must not be
  // it, or the column would end on a heading with nothing under it.
  const Block* last_visible = nullptr;
  std::string last_heading;
  for (const Block& child : b.children) {
    const double at = first ? y : y + gap;
    Box rest{box.x, box.y + at, box.w, std::max(0.0, box.h - at)};
    // In a stack, a child's `y` is extra space before it rather than a position.
    Placed placed = e.place(child, rest, env, true);
    if (placed.hidden) continue;  // `when:` false: no room, no gap
    y = at;
    first = false;
    const double h = placed.height;
    if (h > 0) {
      last_visible = &child;
      last_heading = placed.heading;
    }
    out.append(std::move(placed));
    y += h + (child.frame.y ? child.frame.y->resolve(box.h) : 0);
  }
  if (last_visible && !last_heading.empty()) {
    e.diags
        .error(last_visible->pos, "block `" + last_visible->name + "`: a heading (style `" +
                                      last_heading + "`, keep_with_next) ends the stack `" +
                                      b.name + "`")
        .hints.push_back("give the heading something to head, or remove it");
  }
  if (!auto_height && y > box.h + 0.01) {
    std::vector<SourcePos> pos;
    std::vector<std::string> names;
    e.sources_since(mark, pos, names);
    e.overflow(b, env, "its content overflows the frame", y, box.h, pos, names);
  }
  out.height = y;
  return out;
}

}  // namespace

namespace blocks {
extern const BlockUnit stack_block{"stack", &read, &place};
}

}  // namespace plaquette::layout
