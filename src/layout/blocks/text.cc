// The `text` block: one template in one style, shrunk to fit and aligned in its frame.
#include <cstdio>

#include "layout/blocks/read.h"

namespace plaquette::layout {
namespace {

struct Text final : BlockProps {
  std::string style;  ///< style name
  std::string text;   ///< template
  SourcePos text_pos;
  std::optional<HAlign> align;  ///< overrides the style's alignment
  VAlign valign = VAlign::top;
};

void read(BlockReader& r, model::MapReader& m, Block& b) {
  auto p = std::make_shared<Text>();
  p->style = r.style(m, "style", model::required);
  p->text = read_string(m, "text", "", &p->text_pos);
  if (p->text_pos.line == 0) m.get("text");
  p->align = read_align(m);
  p->valign = read_valign(m);
  b.props = std::move(p);
}

Placed place(Engine& e, const Block& b, const Box& box, bool auto_height, const Env& env) {
  const Text& t = b.as<Text>();
  const Style* st = e.style(t.style, b);
  if (!st) return {};
  Engine::Para p =
      e.layout_fitted(t.text, t.text_pos, *st, t.align, box.w, auto_height ? -1 : box.h, env, b);
  Placed out;
  out.height = p.height;
  if (st->keep_with_next) out.heading = st->name;
  if (!p.ok) return out;
  double top = box.y;
  if (!auto_height) {
    if (p.height > box.h + 0.01) {
      char at_min[64] = "";
      if (st->fit == Fit::shrink)
        std::snprintf(at_min, sizeof at_min, " even at its minimum size, %.1f pt", p.size);
      e.overflow(b, env, std::string("its text overflows the frame") + at_min, p.height, box.h,
                 p.sources, p.source_names);
    } else if (t.valign == VAlign::middle) {
      top += (box.h - p.height) / 2;
    } else if (t.valign == VAlign::bottom) {
      top += box.h - p.height;
    }
  }
  e.draw_para(p, box.x, top, out.items);
  out.height = p.height + st->space_after;
  return out;
}

}  // namespace

namespace blocks {
extern const BlockUnit text_block{"text", &read, &place};
}

}  // namespace plaquette::layout
