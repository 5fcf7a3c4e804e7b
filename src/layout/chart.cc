// What the chart blocks (blocks/chart_donut.cc, blocks/chart_bars.cc) share: the numbers
// of the list they are bound to, checked.
#include "layout/engine_impl.h"

namespace plaquette::layout {

bool Engine::chart_values(const Block& b, const Env& env, std::vector<double>& values) {
  const figures::Value* list = bound_list(b, env, "charts");
  if (!list) return false;
  double total = 0;
  for (const figures::Value& item : list->items) {
    const figures::Value* v = item.find(b.chart_value);
    if (!v || v->kind != figures::Value::Kind::number) {
      diags.error(b.pos, "chart `" + b.name + "`: items of `" + b.over + "` have no number `" +
                             b.chart_value + "`");
      return false;
    }
    if (!(v->number >= 0)) {
      diags.error(v->pos, "chart `" + b.name + "` cannot draw a negative value");
      return false;
    }
    values.push_back(v->number);
    total += v->number;
  }
  if (values.empty() || total <= 0) {
    diags.error(b.over_pos.known() ? b.over_pos : b.pos,
                "chart `" + b.name + "` has nothing to draw: `" + b.over + "` is empty or zero");
    return false;
  }
  if (b.colors.empty()) {
    diags.error(b.pos, "chart `" + b.name + "` needs `colors:`");
    return false;
  }
  return true;
}

}  // namespace plaquette::layout
