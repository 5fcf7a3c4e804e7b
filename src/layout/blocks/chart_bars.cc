// The `chart` block, `kind: bars`: one horizontal bar per item, lengths proportional to the
// largest value.
#include <algorithm>

#include "layout/blocks/chart.h"

namespace plaquette::layout::chart {

Placed bars(Engine& e, const Block& b, const Chart& c, const std::vector<double>& values,
            const Box& box, const Env& env) {
  Placed out;
  out.height = box.h;
  // Bars: one per item, top to bottom, lengths proportional to the largest value.
  double max = 0;
  for (double v : values) max = std::max(max, v);
  std::size_t n = values.size();
  double gap = c.gap;
  double bar_h = (box.h - (n - 1) * gap) / n;
  if (bar_h <= 0) {
    e.overflow(b, env, std::to_string(n) + " bars and their gaps do not fit", (n - 1) * gap, box.h,
               {});
    return {};
  }
  for (std::size_t i = 0; i < n; ++i) {
    const display::Cmyk* fill = e.colour(c.colors[i % c.colors.size()], b.pos, &env);
    if (!fill) return {};
    display::Path p =
        rect_path({box.x, box.y + i * (bar_h + gap), values[i] / max * box.w, bar_h}, 0);
    p.fill = true;
    p.fill_color = *fill;
    out.items.emplace_back(std::move(p));
  }
  return out;
}

}  // namespace plaquette::layout::chart
