// The `repeat` block: the same children once per item of a list, in a grid of cells.
#include <algorithm>
#include <cstdio>

#include "layout/engine_impl.h"

namespace plaquette::layout {

Placed Engine::place_repeat(const Block& b, const Box& box, bool /*auto_height*/, const Env& env) {
  Placed out;
  out.height = box.h;
  const figures::Value* list = bound_list(b, env, "repeats over");
  if (!list) return out;
  std::size_t n = list->items.size();
  if (n == 0) {
    // An empty list would print a heading over nothing: a section silently missing from
    // the brochure is worse than a refusal.
    diags
        .error(b.over_pos.known() ? b.over_pos : b.pos,
               "block `" + b.name + "` repeats over `" + b.over + "`, which is empty")
        .hints.push_back("add items to the data, or take the block out of the layout");
    if (list->pos.known()) diags.note(list->pos, "the empty list is here");
    return out;
  }
  int cols = std::max(1, b.columns);
  std::size_t rows = (n + cols - 1) / cols;
  double row_gap = b.row_gap >= 0 ? b.row_gap : b.gap;
  double cw = (box.w - (cols - 1) * b.gap) / cols;
  double rh = b.row_height ? b.row_height->resolve(box.h)
                           : (box.h - (rows - 1) * row_gap) / static_cast<double>(rows);
  double need = rows * rh + (rows - 1) * row_gap;
  if (cw <= 0 || rh <= 0 || need > box.h + 0.01) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "block `%s`: %zu rows of %.1f pt with their gaps need %.1f pt, the frame has "
                  "%.1f pt (cells %.1f pt wide)",
                  b.name.c_str(), rows, rh, need, box.h, cw);
    diags.error(b.pos, buf)
        .hints.push_back(
            "change `row_height`, `gap` or `columns`, or give the block a taller frame");
    diags.note(list->pos, "the " + std::to_string(n) + " items come from this data");
    return out;
  }
  for (std::size_t i = 0; i < n; ++i) {
    Box cell{box.x + (i % cols) * (cw + b.gap), box.y + (i / cols) * (rh + row_gap), cw, rh};
    Env inner =
        env.with(b.as, list->items[i], env.scope.full_path(b.over) + "." + std::to_string(i));
    // Each cell may get its own accent colour, cycling through `colors`.
    // Each cell may get its own colour, cycling through `colors` (palette names: not an
    // outer cell's colour), known inside the cell by the name `color_as`.
    if (!b.colors.empty()) {
      inner.cell_colour = colour(b.colors[i % b.colors.size()], b.pos);
      inner.cell_colour_name = b.color_as;
    }
    inner.cell = "item " + std::to_string(i + 1) + " of `" + b.over + "`";
    for (const Block& child : b.children) out.append(place(child, cell, inner, false));
  }
  return out;
}

}  // namespace plaquette::layout
