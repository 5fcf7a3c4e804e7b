// The `chart` block: the numbers of a bound list, drawn as a donut or as bars (`kind:`,
// chart_donut.cc and chart_bars.cc).
#include "layout/blocks/chart.h"

#include "layout/blocks/read.h"

namespace plaquette::layout {
namespace {

using chart::Chart;

void read(BlockReader& r, model::MapReader& m, Block& b) {
  auto p = std::make_shared<Chart>();
  if (auto k = read_enum<chart::Kind>(m, "kind",
                                      {{"donut", chart::Kind::donut}, {"bars", chart::Kind::bars}}))
    p->kind = *k;
  p->list = r.binding(m, false);
  p->value = read_string(m, "value");
  if (p->value.empty()) m.get("value");
  p->colors = r.colours(m, model::required);
  if (auto h = m.number("hole", model::optional)) {
    if (h->value < 0 || h->value >= 1)
      m.get("hole")->error("hole is a ratio from 0 to 0.99");
    else
      p->hole = h->value;
  }
  p->separator = read_points(m, "separator", p->separator, 0, 20);
  p->separator_color = r.colour(
      m, "separator_color",
      p->kind == chart::Kind::donut && p->separator > 0 ? model::required : model::optional);
  p->gap = read_points(m, "gap", 0);
  p->label = read_string(m, "label", "", &p->label_pos);
  p->label_style = r.style(m, "label_style", p->label.empty() ? model::optional : model::required);
  b.props = std::move(p);
}

// The numbers the chart draws (its `value` field of each item of `over`), or false after
// reporting why there are none to draw.
bool values_of(Engine& e, const Block& b, const Chart& c, const Env& env,
               std::vector<double>& values) {
  const figures::Value* list = e.bound_list(b, c.list, env, "charts");
  if (!list) return false;
  double total = 0;
  for (const figures::Value& item : list->items) {
    const figures::Value* v = item.find(c.value);
    if (!v || v->kind != figures::Value::Kind::number) {
      e.diags.error(b.pos, "chart `" + b.name + "`: items of `" + c.list.over +
                               "` have no number `" + c.value + "`");
      return false;
    }
    if (!(v->number >= 0)) {
      e.diags.error(v->pos, "chart `" + b.name + "` cannot draw a negative value");
      return false;
    }
    values.push_back(v->number);
    total += v->number;
  }
  if (values.empty() || total <= 0) {
    e.diags.error(
        c.list.pos.known() ? c.list.pos : b.pos,
        "chart `" + b.name + "` has nothing to draw: `" + c.list.over + "` is empty or zero");
    return false;
  }
  if (c.colors.empty()) {
    e.diags.error(b.pos, "chart `" + b.name + "` needs `colors:`");
    return false;
  }
  return true;
}

Placed place(Engine& e, const Block& b, const Box& box, bool /*auto_height*/, const Env& env) {
  const Chart& c = b.as<Chart>();
  std::vector<double> values;
  if (!values_of(e, b, c, env, values)) return {};
  Placed out = c.kind == chart::Kind::donut ? chart::donut(e, b, c, values, box, env)
                                            : chart::bars(e, b, c, values, box, env);
  out.fills = true;
  return out;
}

}  // namespace

namespace blocks {
extern const BlockUnit chart_block{"chart", &read, &place};
}

}  // namespace plaquette::layout
