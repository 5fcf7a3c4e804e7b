// The `icon` block: one pictogram of an icon font, centred in its frame.
#include "layout/engine_impl.h"
#include "text/shape.h"

namespace plaquette::layout {

Placed Engine::place_icon(const Block& b, const Box& box, bool /*auto_height*/, const Env& env) {
  const Style* st = style(b.style, b);
  if (!st) return {};
  const text::Font* f = font(st->font, b.pos);
  const display::Cmyk* c = colour(b.color.empty() ? st->color : b.color, b.pos, &env);
  if (!f || !c) return {};
  double size = b.size > 0 ? b.size : st->size;
  text::Shaped s = text::shape(*f, size, b.glyph, ctx.language);
  for (const display::Glyph& g : s.glyphs) {
    if (g.id == 0) {
      diags.error(b.pos, "block `" + b.name + "`: font `" + f->postscript_name() +
                             "` has no glyph " + code_point_at(b.glyph, g.cluster_begin));
      return {};
    }
  }
  display::TextRun run;
  run.font = font_index(f);
  run.size = size;
  run.color = *c;
  run.text = b.glyph;
  run.glyphs = std::move(s.glyphs);
  run.decorative = true;
  // Icon fonts draw on the baseline inside a square em: centre that square in the frame.
  double x = box.x + (box.w - s.width) / 2;
  double top = box.y + (box.h - size) / 2;
  run.origin = {x, top + size * f->ascender() / (f->ascender() - f->descender())};
  Placed out;
  out.items.emplace_back(std::move(run));
  out.height = size;
  return out;
}

}  // namespace plaquette::layout
