// The `repeat` block: the same children once per item of a list, in a grid of cells.
#include <algorithm>
#include <cstdio>

#include "layout/blocks/read.h"

namespace plaquette::layout {
namespace {

struct Repeat final : BlockProps {
  double gap = 0;  ///< between cells, points
  ListBinding list;
  int columns = 1;                   ///< cells per row
  std::optional<Length> row_height;  ///< height of each cell (default: split evenly)
  double row_gap = -1;               ///< vertical spacing (default: gap)
  std::vector<std::string> colors;   ///< palette names, cycled over the cells
  std::string color_as;              ///< palette name replaced by each cell's colour
};

void read(BlockReader& r, model::MapReader& m, Block& b) {
  auto p = std::make_shared<Repeat>();
  p->gap = read_points(m, "gap", 0);
  p->list = r.binding(m, true);
  if (auto c = m.integer("columns", model::optional)) {
    if (c->value < 1 || c->value > 48)
      m.get("columns")->error("columns must be 1 to 48");
    else
      p->columns = static_cast<int>(c->value);
  }
  p->row_height = read_length(m, "row_height", true, false);
  p->row_gap = read_points(m, "row_gap", -1);
  p->colors = r.colours(m, model::optional);
  // The palette name that each cell's colour stands for inside the cell.
  p->color_as = read_string(m, "color_as", "");
  if (!p->colors.empty() && p->color_as.empty()) m.get("color_as");
  if (p->colors.empty() && !p->color_as.empty())
    m.get("color_as")->error("`color_as` names the colour of each cell: give `colors:` too");
  b.props = std::move(p);
  r.children(m, b);
}

Placed place(Engine& e, const Block& b, const Box& box, bool /*auto_height*/, const Env& env) {
  const Repeat& r = b.as<Repeat>();
  Placed out;
  out.height = box.h;
  const figures::Value* list = e.bound_list(b, r.list, env, "repeats over");
  if (!list) return out;
  std::size_t n = list->items.size();
  if (n == 0) {
    // An empty list would print a heading over nothing: a section silently missing from
    // the brochure is worse than a refusal.
    e.diags
        .error(r.list.pos.known() ? r.list.pos : b.pos,
               "block `" + b.name + "` repeats over `" + r.list.over + "`, which is empty")
        .hints.push_back("add items to the data, or take the block out of the layout");
    if (list->pos.known()) e.diags.note(list->pos, "the empty list is here");
    return out;
  }
  int cols = std::max(1, r.columns);
  std::size_t rows = (n + cols - 1) / cols;
  double row_gap = r.row_gap >= 0 ? r.row_gap : r.gap;
  double cw = (box.w - (cols - 1) * r.gap) / cols;
  double rh = r.row_height ? r.row_height->resolve(box.h)
                           : (box.h - (rows - 1) * row_gap) / static_cast<double>(rows);
  double need = rows * rh + (rows - 1) * row_gap;
  if (cw <= 0 || rh <= 0 || need > box.h + 0.01) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "block `%s`: %zu rows of %.1f pt with their gaps need %.1f pt, the frame has "
                  "%.1f pt (cells %.1f pt wide)",
                  b.name.c_str(), rows, rh, need, box.h, cw);
    e.diags.error(b.pos, buf)
        .hints.push_back(
            "change `row_height`, `gap` or `columns`, or give the block a taller frame");
    e.diags.note(list->pos, "the " + std::to_string(n) + " items come from this data");
    return out;
  }
  for (std::size_t i = 0; i < n; ++i) {
    Box cell{box.x + (i % cols) * (cw + r.gap), box.y + (i / cols) * (rh + row_gap), cw, rh};
    Env inner = env.with(r.list.as, list->items[i],
                         env.scope.full_path(r.list.over) + "." + std::to_string(i));
    // Each cell may get its own colour, cycling through `colors` (palette names: not an
    // outer cell's colour), known inside the cell by the name `color_as`.
    if (!r.colors.empty()) {
      inner.cell_colour = e.colour(r.colors[i % r.colors.size()], b.pos);
      inner.cell_colour_name = r.color_as;
    }
    inner.cell = "item " + std::to_string(i + 1) + " of `" + r.list.over + "`";
    for (const Block& child : b.children) out.append(e.place(child, cell, inner, false));
  }
  return out;
}

}  // namespace

namespace blocks {
extern const BlockUnit repeat_block{"repeat", &read, &place};
}

}  // namespace plaquette::layout
