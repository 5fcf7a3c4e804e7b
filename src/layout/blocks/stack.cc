// The `stack` block: children top to bottom at their natural heights.
#include <algorithm>
#include <cstdio>

#include "layout/engine_impl.h"

namespace plaquette::layout {

Placed Engine::place_stack(const Block& b, const Box& box, bool auto_height, const Env& env) {
  Placed out;
  double y = 0;
  bool first = true;
  const std::size_t mark = text_sources.size();
  // The last child that took room: a heading (a style with `keep_with_next`) must not be
  // it, or the column would end on a heading with nothing under it.
  const Block* last_visible = nullptr;
  for (const Block& child : b.children) {
    if (!first) y += b.gap;
    first = false;
    Box rest{box.x, box.y + y, box.w, std::max(0.0, box.h - y)};
    // In a stack, a child's `y` is extra space before it rather than a position.
    Placed placed = place(child, rest, env, true);
    const double h = placed.height;
    out.append(std::move(placed));
    if (h > 0) last_visible = &child;
    y += h + (child.frame.y ? child.frame.y->resolve(box.h) : 0);
  }
  if (last_visible && last_visible->kind == BlockKind::text && !last_visible->style.empty()) {
    auto it = layout.styles.find(last_visible->style);
    if (it != layout.styles.end() && it->second.keep_with_next) {
      diags
          .error(last_visible->pos, "block `" + last_visible->name + "`: a heading (style `" +
                                        it->first + "`, keep_with_next) ends the stack `" + b.name +
                                        "`")
          .hints.push_back("give the heading something to head, or remove it");
    }
  }
  if (!auto_height && y > box.h + 0.01) {
    std::vector<SourcePos> pos;
    std::vector<std::string> names;
    sources_since(mark, pos, names);
    overflow(b, env, "its content overflows the frame", y, box.h, pos, names);
  }
  out.height = y;
  return out;
}

}  // namespace plaquette::layout
