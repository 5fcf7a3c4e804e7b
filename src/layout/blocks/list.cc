// The `list` block: one paragraph per item of a list, after a hanging bullet.
#include "layout/blocks/read.h"
#include "layout/query.h"
#include "text/shape.h"

namespace plaquette::layout {
namespace {

struct List final : BlockProps {
  ListBinding list;
  std::string text;  ///< template of each item (default: the item itself)
  SourcePos text_pos;
  std::string style;
  std::string bullet;  ///< bullet text
  double gap = 0;      ///< between items, points
  std::optional<HAlign> align;
};

void read(BlockReader& r, model::MapReader& m, Block& b) {
  auto p = std::make_shared<List>();
  p->list = r.binding(m, true);
  p->text = read_string(m, "text", "", &p->text_pos);
  p->style = r.style(m, "style", model::required);
  p->bullet = read_string(m, "bullet", "•");
  p->gap = read_points(m, "gap", 0);
  p->align = read_align(m);
  b.props = std::move(p);
}

Placed place(Engine& e, const Block& b, const Box& box, bool auto_height, const Env& env) {
  const List& l = b.as<List>();
  const Style* st = e.style(l.style, b);
  if (!st) return {};
  const figures::Value* list = e.bound_list(b, l.list, env, "lists");
  if (!list) return {};
  // An empty list (or none left by `where:`) makes an empty block, as it always did.
  const auto picked = select_items(*list, l.list.query, l.list.as, env.scope.full_path(l.list.over),
                                   env.scope, e.diags);
  if (!picked) return {};
  // Hanging indent: the bullet hangs in the margin, every line of the item starts after it.
  double indent = 0;
  const text::Font* f = e.font(st->font, st->pos);
  const display::Cmyk* c =
      e.colour(st->strong_color.empty() ? st->color : st->strong_color, st->pos, &env);
  if (!f || !c) return {};
  text::Shaped bullet = text::shape(*f, st->size, l.bullet, e.ctx.language);
  if (!l.bullet.empty()) indent = bullet.width + st->size * 0.5;

  std::vector<Engine::Para> items;
  double height = 0;
  const std::size_t mark = e.text_sources.size();
  const std::string& tmpl = l.text.empty() ? "{" + l.list.as + "}" : l.text;
  for (std::size_t i : *picked) {
    Engine::Para p =
        e.layout_text(tmpl, l.text_pos.known() ? l.text_pos : b.pos, *st, l.align, box.w - indent,
                      env.with(l.list.as, list->items[i],
                               env.scope.full_path(l.list.over) + "." + std::to_string(i)),
                      b);
    if (!p.ok) return {};
    if (!items.empty()) height += l.gap;
    height += p.height;
    items.push_back(std::move(p));
  }
  if (!auto_height && height > box.h + 0.01) {
    std::vector<SourcePos> pos;
    std::vector<std::string> names;
    e.sources_since(mark, pos, names);
    e.overflow(b, env, "the list overflows its frame", height, box.h, pos, names);
  }
  double top = box.y;
  Placed out;
  out.height = height;
  for (const Engine::Para& p : items) {
    if (!l.bullet.empty() && !p.para.lines.empty()) {
      const text::Line& first = p.para.lines.front();
      display::TextRun run;
      run.font = e.font_index(f);
      run.size = st->size;
      run.color = *c;
      run.text = l.bullet;
      run.glyphs = bullet.glyphs;
      run.origin = {box.x, top + (p.leading - (first.ascent + first.descent)) / 2 + first.ascent};
      out.items.emplace_back(std::move(run));
    }
    e.draw_para(p, box.x + indent, top, out.items);
    top += p.height + l.gap;
  }
  return out;
}

}  // namespace

namespace blocks {
extern const BlockUnit list_block{"list", &read, &place};
}

}  // namespace plaquette::layout
