// The `list` block: one paragraph per item of a list, after a hanging bullet.
#include "layout/engine_impl.h"
#include "text/shape.h"

namespace plaquette::layout {

Placed Engine::place_list(const Block& b, const Box& box, bool auto_height, const Env& env) {
  const Style* st = style(b.style, b);
  if (!st) return {};
  const figures::Value* list = bound_list(b, env, "lists");
  if (!list) return {};
  // Hanging indent: the bullet hangs in the margin, every line of the item starts after it.
  double indent = 0;
  const text::Font* f = font(st->font, st->pos);
  const display::Cmyk* c =
      colour(st->strong_color.empty() ? st->color : st->strong_color, st->pos, &env);
  if (!f || !c) return {};
  text::Shaped bullet = text::shape(*f, st->size, b.bullet, ctx.language);
  if (!b.bullet.empty()) indent = bullet.width + st->size * 0.5;

  std::vector<Para> items;
  double height = 0;
  const std::size_t mark = text_sources.size();
  const std::string& tmpl = b.text.empty() ? "{" + b.as + "}" : b.text;
  for (const figures::Value& item : list->items) {
    Para p = layout_text(
        tmpl, b.text_pos.known() ? b.text_pos : b.pos, *st, b.align, box.w - indent,
        env.with(b.as, item,
                 env.scope.full_path(b.over) + "." + std::to_string(&item - list->items.data())),
        b);
    if (!p.ok) return {};
    if (!items.empty()) height += b.gap;
    height += p.height;
    items.push_back(std::move(p));
  }
  if (!auto_height && height > box.h + 0.01) {
    std::vector<SourcePos> pos;
    std::vector<std::string> names;
    sources_since(mark, pos, names);
    overflow(b, env, "the list overflows its frame", height, box.h, pos, names);
  }
  double top = box.y;
  Placed out;
  out.height = height;
  for (const Para& p : items) {
    if (!b.bullet.empty() && !p.para.lines.empty()) {
      const text::Line& first = p.para.lines.front();
      display::TextRun run;
      run.font = font_index(f);
      run.size = st->size;
      run.color = *c;
      run.text = b.bullet;
      run.glyphs = bullet.glyphs;
      run.origin = {box.x, top + (p.leading - (first.ascent + first.descent)) / 2 + first.ascent};
      out.items.emplace_back(std::move(run));
    }
    draw_para(p, box.x + indent, top, out.items);
    top += p.height + b.gap;
  }
  return out;
}

}  // namespace plaquette::layout
