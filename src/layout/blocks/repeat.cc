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
  bool auto_rows = false;            ///< `rows: auto`: each row as tall as its content
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
  if (auto rows = read_enum<bool>(m, "rows", {{"even", false}, {"auto", true}})) {
    p->auto_rows = *rows;
    if (p->auto_rows && p->row_height)
      m.get("rows")->error("give either `row_height` or `rows: auto`, not both");
  }
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

Placed place(Engine& e, const Block& b, const Box& box, bool auto_height, const Env& env) {
  const Repeat& r = b.as<Repeat>();
  Placed out;
  out.height = box.h;
  const figures::Value* list = e.bound_list(b, r.list, env, "repeats over");
  if (!list) return out;
  const auto picked = e.bound_items(b, r.list, *list, env, "repeats over");
  if (!picked) return out;
  const std::size_t n = picked->size();
  int cols = std::max(1, r.columns);
  std::size_t rows = (n + cols - 1) / cols;
  double row_gap = r.row_gap >= 0 ? r.row_gap : r.gap;
  double cw = (box.w - (cols - 1) * r.gap) / cols;
  auto cell_env = [&](std::size_t i) {
    const std::size_t item = (*picked)[i];
    Env inner = env.with(r.list.as, list->items[item],
                         env.scope.full_path(r.list.over) + "." + std::to_string(item));
    // Each cell may get its own colour, cycling through `colors` (palette names: not an
    // outer cell's colour), known inside the cell by the name `color_as`.
    if (!r.colors.empty()) {
      inner.cell_colour = e.colour(r.colors[i % r.colors.size()], b.pos);
      inner.cell_colour_name = r.color_as;
    }
    inner.cell = "item " + std::to_string(item + 1) + " of `" + r.list.over + "`";
    return inner;
  };
  // The height of each row: the frame's split evenly, `row_height`, or (`rows: auto`) the
  // tallest content of its cells.
  std::vector<double> heights(rows);
  if (!r.auto_rows) {
    double rh = r.row_height ? r.row_height->resolve(box.h)
                             : (box.h - (rows - 1) * row_gap) / static_cast<double>(rows);
    std::fill(heights.begin(), heights.end(), rh);
  } else if (cw > 0) {
    // Each cell's content is measured in a cell as tall as the frame: a block with a height
    // ends at its frame's bottom, one without at its content's (a text, a stack...); one
    // that takes its box's height (a background rect) stretches to the row instead.
    const Box probe{box.x, box.y, cw, box.h};
    bool ok = e.trial([&](Engine& t) {
      for (std::size_t i = 0; i < n; ++i) {
        const Env inner = cell_env(i);
        double& row = heights[i / cols];
        for (const Block& child : b.children) {
          if (!t.shown(child, inner)) continue;
          const Box cb = t.resolve_frame(child, probe);
          if (child.frame.height) {
            row = std::max(row, cb.y + cb.h - probe.y);
            continue;
          }
          const Placed p = child.unit->place(t, child, cb, true, inner);
          if (!p.fills) row = std::max(row, cb.y - probe.y + p.height);
        }
      }
    });
    if (!ok) return out;
  }
  double need = (rows - 1) * row_gap, tallest = 0;
  for (double h : heights) {
    need += h;
    tallest = std::max(tallest, h);
  }
  const double smallest = *std::min_element(heights.begin(), heights.end());
  if (cw <= 0 || smallest <= 0 || (need > box.h + 0.01 && !(r.auto_rows && auto_height))) {
    char buf[240];
    if (r.auto_rows)
      std::snprintf(buf, sizeof buf,
                    "block `%s`: %zu rows as tall as their content (up to %.1f pt) with their "
                    "gaps need %.1f pt, the frame has %.1f pt (cells %.1f pt wide)",
                    b.name.c_str(), rows, tallest, need, box.h, cw);
    else
      std::snprintf(buf, sizeof buf,
                    "block `%s`: %zu rows of %.1f pt with their gaps need %.1f pt, the frame has "
                    "%.1f pt (cells %.1f pt wide)",
                    b.name.c_str(), rows, heights[0], need, box.h, cw);
    e.diags.error(b.pos, buf)
        .hints.push_back(
            r.auto_rows
                ? "shorten the cells' content, change `row_gap` or `columns`, or give the "
                  "block a taller frame"
                : "change `row_height`, `gap` or `columns`, or give the block a taller frame");
    e.diags.note(list->pos, "the " + std::to_string(n) + " items come from this data");
    return out;
  }
  double y = box.y;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t row = i / cols;
    if (i > 0 && i % cols == 0) y += heights[row - 1] + row_gap;
    Box cell{box.x + (i % cols) * (cw + r.gap), y, cw, heights[row]};
    const Env inner = cell_env(i);
    for (const Block& child : b.children) out.append(e.place(child, cell, inner, false));
  }
  // Sized by its content, the repeat leaves the rest of its frame free; in a flow (a
  // stack), it takes the height of its rows.
  if (r.auto_rows)
    out.height = need;
  else
    out.fills = true;
  return out;
}

}  // namespace

namespace blocks {
extern const BlockUnit repeat_block{"repeat", &read, &place};
}

}  // namespace plaquette::layout
