// The `stat` block: a callout of kicker, value and caption, each in its own style.
#include "layout/blocks/read.h"

namespace plaquette::layout {
namespace {

struct Stat final : BlockProps {
  std::string kicker, value, caption;  ///< templates
  SourcePos kicker_pos, value_pos, caption_pos;
  std::string kicker_style, value_style, caption_style;
  bool kicker_space = false;  ///< keep the kicker's line even without a kicker
  double gap = 0;             ///< between the parts, points
  std::optional<HAlign> align;
  VAlign valign = VAlign::top;
};

void read(BlockReader& r, model::MapReader& m, Block& b) {
  auto p = std::make_shared<Stat>();
  p->kicker = read_string(m, "kicker", "", &p->kicker_pos);
  p->value = read_string(m, "value", "", &p->value_pos);
  if (p->value.empty()) m.get("value");
  p->caption = read_string(m, "caption", "", &p->caption_pos);
  if (auto k = m.boolean("kicker_space", model::optional)) p->kicker_space = k->value;
  // Each part used names its style: the layout owns the style names.
  p->kicker_style = r.style(
      m, "kicker_style", p->kicker.empty() && !p->kicker_space ? model::optional : model::required);
  p->value_style = r.style(m, "value_style", model::required);
  p->caption_style =
      r.style(m, "caption_style", p->caption.empty() ? model::optional : model::required);
  p->gap = read_points(m, "gap", 0);
  p->align = read_align(m);
  p->valign = read_valign(m);
  b.props = std::move(p);
}

Placed place(Engine& e, const Block& b, const Box& box, bool auto_height, const Env& env) {
  const Stat& s = b.as<Stat>();
  struct Part {
    const std::string* tmpl;
    const SourcePos* pos;
    const std::string* style_name;
  };
  const Part parts[] = {{&s.kicker, &s.kicker_pos, &s.kicker_style},
                        {&s.value, &s.value_pos, &s.value_style},
                        {&s.caption, &s.caption_pos, &s.caption_style}};
  std::vector<Engine::Para> paras;
  double height = 0;
  const std::size_t mark = e.text_sources.size();
  // A callout without a kicker can keep the kicker's line, so that the values of callouts
  // side by side sit on one baseline.
  double reserved = 0;
  if (s.kicker.empty() && s.kicker_space) {
    const Style* st = e.style(s.kicker_style, b);
    if (!st) return {};
    reserved = st->leading + s.gap;
    height += reserved;
  }
  for (const Part& part : parts) {
    if (part.tmpl->empty()) continue;
    const Style* st = e.style(*part.style_name, b);
    if (!st) return {};
    // `fit: shrink` in a callout fits the width (a headline figure too wide for its column).
    Engine::Para p = e.layout_fitted(*part.tmpl, *part.pos, *st, s.align, box.w, -1, env, b);
    if (!p.ok) return {};
    if (!paras.empty()) height += s.gap;
    height += p.height;
    paras.push_back(std::move(p));
  }
  double top = box.y;
  if (!auto_height) {
    if (height > box.h + 0.01) {
      std::vector<SourcePos> pos;
      std::vector<std::string> names;
      e.sources_since(mark, pos, names);
      e.overflow(b, env, "the callout overflows its frame", height, box.h, pos, names);
    } else if (s.valign == VAlign::middle)
      top += (box.h - height) / 2;
    else if (s.valign == VAlign::bottom)
      top += box.h - height;
  }
  top += reserved;
  Placed out;
  for (const Engine::Para& p : paras) {
    e.draw_para(p, box.x, top, out.items);
    top += p.height + s.gap;
  }
  out.height = height;
  return out;
}

}  // namespace

namespace blocks {
extern const BlockUnit stat_block{"stat", &read, &place};
}

}  // namespace plaquette::layout
