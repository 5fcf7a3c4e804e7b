// The `rule` block: a horizontal line along the top of its frame, or a vertical one.
#include "layout/blocks/read.h"

namespace plaquette::layout {
namespace {

struct Rule final : BlockProps {
  std::string color;    ///< palette name
  double weight = 0.5;  ///< line width in points
};

void read(BlockReader& r, model::MapReader& m, Block& b) {
  auto p = std::make_shared<Rule>();
  p->color = r.colour(m, "color", model::required);
  p->weight = read_points(m, "weight", p->weight, 0, 100);
  b.props = std::move(p);
}

Placed place(Engine& e, const Block& b, const Box& box, bool /*auto_height*/, const Env& env) {
  const Rule& r = b.as<Rule>();
  Placed out;
  out.height = r.weight;
  const auto* c = e.colour(r.color, b.pos, &env);
  if (!c) return out;
  // A frame of zero width is a vertical rule; otherwise the rule runs along the top edge.
  if (b.frame.width && box.w == 0)
    add_line(out.items, box.x, box.y, box.x, box.y + box.h, r.weight, *c);
  else
    add_line(out.items, box.x, box.y + r.weight / 2, box.x + box.w, box.y + r.weight / 2, r.weight,
             *c);
  return out;
}

}  // namespace

namespace blocks {
extern const BlockUnit rule_block{"rule", &read, &place};
}

}  // namespace plaquette::layout
