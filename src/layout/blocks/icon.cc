// The `icon` block: one pictogram of an icon font, centred in its frame; in a flow (a
// stack), a square of its size.
#include <cstdlib>

#include "layout/blocks/read.h"
#include "text/shape.h"
#include "text/utf8.h"

namespace plaquette::layout {
namespace {

struct Icon final : BlockProps {
  std::string glyph;  ///< the UTF-8 character to draw
  std::string style;  ///< gives the icon font, the size and the colour
  double size = 0;    ///< overrides the style's size when > 0
  std::string color;  ///< overrides the style's colour when set
};

// "e88a" (a hex code point, as icon fonts document them) or the character itself.
std::string read_glyph(model::MapReader& m) {
  auto s = m.string("glyph");
  if (!s) return {};
  const std::string& v = s->value;
  bool hex = v.size() >= 4 && v.size() <= 6 &&
             v.find_first_not_of("0123456789abcdefABCDEF") == std::string::npos;
  if (!hex) return v;
  unsigned long cp = std::strtoul(v.c_str(), nullptr, 16);
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    m.get("glyph")->error("`" + v + "` is not a Unicode code point");
    return {};
  }
  std::string out;
  text::utf8_append(out, static_cast<char32_t>(cp));
  return out;
}

void read(BlockReader& r, model::MapReader& m, Block& b) {
  auto p = std::make_shared<Icon>();
  p->glyph = read_glyph(m);
  // The style gives the icon font, the size and the colour; `size` and `color` override.
  p->style = r.style(m, "style", model::required);
  p->size = read_points(m, "size", 0, 0, 1000);
  p->color = r.colour(m, "color", model::optional);
  b.props = std::move(p);
}

Placed place(Engine& e, const Block& b, const Box& frame, bool auto_height, const Env& env) {
  const Icon& icon = b.as<Icon>();
  const Style* st = e.style(icon.style, b);
  if (!st) return {};
  const text::Font* f = e.font(st->font, b.pos);
  const display::Cmyk* c = e.colour(icon.color.empty() ? st->color : icon.color, b.pos, &env);
  if (!f || !c) return {};
  double size = icon.size > 0 ? icon.size : st->size;
  // In a flow, an icon takes a square of its size instead of the rest of the stack.
  Box box = frame;
  if (auto_height) box.h = size;
  text::Shaped s = text::shape(*f, size, icon.glyph, e.ctx.language);
  for (const display::Glyph& g : s.glyphs) {
    if (g.id == 0) {
      e.diags.error(b.pos, "block `" + b.name + "`: font `" + f->postscript_name() +
                               "` has no glyph " + code_point_at(icon.glyph, g.cluster_begin));
      return {};
    }
  }
  display::TextRun run;
  run.font = e.font_index(f);
  run.size = size;
  run.color = *c;
  run.text = icon.glyph;
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

}  // namespace

namespace blocks {
extern const BlockUnit icon_block{"icon", &read, &place};
}

}  // namespace plaquette::layout
