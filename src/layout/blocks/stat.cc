// The `stat` block: a callout of kicker, value and caption, each in its own style.
#include "layout/engine_impl.h"

namespace plaquette::layout {

Placed Engine::place_stat(const Block& b, const Box& box, bool auto_height, const Env& env) {
  struct Part {
    const std::string* tmpl;
    const SourcePos* pos;
    const std::string* style_name;
  };
  const Part parts[] = {{&b.kicker, &b.kicker_pos, &b.kicker_style},
                        {&b.value, &b.value_pos, &b.value_style},
                        {&b.caption, &b.caption_pos, &b.caption_style}};
  std::vector<Para> paras;
  double height = 0;
  const std::size_t mark = text_sources.size();
  // A callout without a kicker can keep the kicker's line, so that the values of callouts
  // side by side sit on one baseline.
  double reserved = 0;
  if (b.kicker.empty() && b.kicker_space) {
    const Style* st = style(b.kicker_style, b);
    if (!st) return {};
    reserved = st->leading + b.gap;
    height += reserved;
  }
  for (const Part& part : parts) {
    if (part.tmpl->empty()) continue;
    const Style* st = style(*part.style_name, b);
    if (!st) return {};
    // `fit: shrink` in a callout fits the width (a headline figure too wide for its column).
    Para p = layout_fitted(*part.tmpl, *part.pos, *st, b.align, box.w, -1, env, b);
    if (!p.ok) return {};
    if (!paras.empty()) height += b.gap;
    height += p.height;
    paras.push_back(std::move(p));
  }
  double top = box.y;
  if (!auto_height) {
    if (height > box.h + 0.01) {
      std::vector<SourcePos> pos;
      std::vector<std::string> names;
      sources_since(mark, pos, names);
      overflow(b, env, "the callout overflows its frame", height, box.h, pos, names);
    } else if (b.valign == VAlign::middle)
      top += (box.h - height) / 2;
    else if (b.valign == VAlign::bottom)
      top += box.h - height;
  }
  top += reserved;
  Placed out;
  for (const Para& p : paras) {
    draw_para(p, box.x, top, out.items);
    top += p.height + b.gap;
  }
  out.height = height;
  return out;
}

}  // namespace plaquette::layout
