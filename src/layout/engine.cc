#include "layout/engine.h"

#include <algorithm>
#include <cmath>

#include "base/units.h"
#include "layout/engine_impl.h"

namespace plaquette::layout {
namespace {

// Registration colour for crop marks: they must print on every plate. They sit outside
// the trim, where the ink limit does not apply.
constexpr display::Cmyk kRegistration{1, 1, 1, 1};

void add_line(std::vector<display::Item>& items, double x0, double y0, double x1, double y1, double width,
              const display::Cmyk& c) {
  display::Path p;
  p.ops = {{display::PathOp::move, {x0, y0}}, {display::PathOp::line, {x1, y1}}};
  p.stroke = true;
  p.stroke_color = c;
  p.stroke_width = width;
  items.emplace_back(std::move(p));
}

// Eight marks, two per corner, on the trim lines and starting `offset` away from the trim
// so that none reaches into the bleed.
void add_crop_marks(display::Page& page, const Marks& m) {
  const std::size_t first = page.items.size();
  const display::Rect& t = page.trim;
  for (double y : {t.y, t.bottom()}) {
    add_line(page.items, t.x - m.offset - m.length, y, t.x - m.offset, y, m.weight, kRegistration);
    add_line(page.items, t.right() + m.offset, y, t.right() + m.offset + m.length, y, m.weight,
             kRegistration);
  }
  for (double x : {t.x, t.right()}) {
    add_line(page.items, x, t.y - m.offset - m.length, x, t.y - m.offset, m.weight, kRegistration);
    add_line(page.items, x, t.bottom() + m.offset, x, t.bottom() + m.offset + m.length, m.weight,
             kRegistration);
  }
  for (std::size_t i = first; i < page.items.size(); ++i) {
    std::get<display::Path>(page.items[i]).registration = true;
  }
}

}  // namespace

// Kappa for approximating a quarter circle with one cubic Bézier.
constexpr double kKappa = 0.5522847498307936;

display::Path rect_path(const Box& b, double r) {
  using display::PathOp;
  display::Path p;
  r = std::min({r, b.w / 2, b.h / 2});
  if (r <= 0) {
    p.ops = {{PathOp::move, {b.x, b.y}},
             {PathOp::line, {b.x + b.w, b.y}},
             {PathOp::line, {b.x + b.w, b.y + b.h}},
             {PathOp::line, {b.x, b.y + b.h}},
             {PathOp::close}};
    return p;
  }
  double k = r * kKappa, x0 = b.x, y0 = b.y, x1 = b.x + b.w, y1 = b.y + b.h;
  p.ops = {{PathOp::move, {x0 + r, y0}},
           {PathOp::line, {x1 - r, y0}},
           {PathOp::cubic, {x1 - r + k, y0}, {x1, y0 + r - k}, {x1, y0 + r}},
           {PathOp::line, {x1, y1 - r}},
           {PathOp::cubic, {x1, y1 - r + k}, {x1 - r + k, y1}, {x1 - r, y1}},
           {PathOp::line, {x0 + r, y1}},
           {PathOp::cubic, {x0 + r - k, y1}, {x0, y1 - r + k}, {x0, y1 - r}},
           {PathOp::line, {x0, y0 + r}},
           {PathOp::cubic, {x0, y0 + r - k}, {x0 + r - k, y0}, {x0 + r, y0}},
           {PathOp::close}};
  return p;
}


Engine::Engine(const BuildInput& input, Diagnostics& d)
    : in(input),
      layout(*input.layout),
      diags(d),
      // Parsed once per document: every paragraph uses the same rules.
      locale(in.catalog->language.empty() ? in.catalog->locale : in.catalog->language) {
  ctx.catalog = in.catalog;
  ctx.language = in.catalog->language;
}

const Style* Engine::style(const std::string& name, const Block& who) {
  auto it = layout.styles.find(name);
  if (it != layout.styles.end()) return &it->second;
  diags.error(who.pos, "block `" + who.name + "` uses unknown style `" + name + "`");
  return nullptr;
}

const display::Cmyk* Engine::colour(const std::string& name, const SourcePos& pos,
                                    const Env* env) {
  if (env && env->cell_colour && name == env->cell_colour_name) return env->cell_colour;
  auto it = layout.palette.find(name);
  if (it != layout.palette.end()) return &it->second.cmyk;
  diags.error(pos, "unknown colour `" + name + "`").hints.push_back("define it under `palette:`");
  return nullptr;
}

const text::Font* Engine::font(const std::string& key, const SourcePos& pos) {
  // Looked up once per build: a paragraph asks for its fonts every time, and a font that
  // fails to load must be reported once, not once per paragraph.
  if (auto cached = fonts_by_key.find(key); cached != fonts_by_key.end()) return cached->second;
  auto it = layout.fonts.find(key);
  if (it == layout.fonts.end()) {
    diags.error(pos, "unknown font `" + key + "`").hints.push_back("define it under `fonts:`");
    return nullptr;
  }
  auto fp = layout.font_pos.find(key);
  const text::Font* f =
      in.fonts->load(it->second, fp != layout.font_pos.end() ? fp->second : pos, diags);
  fonts_by_key[key] = f;
  return f;
}

int Engine::font_index(const text::Font* f) {
  // Fonts are numbered in order of first use, which the walk makes deterministic.
  auto [it, added] = font_ids.emplace(f, static_cast<int>(doc.fonts.size()));
  if (added) doc.fonts.push_back(display::FontFace{f->path(), f->postscript_name()});
  return it->second;
}

Box Engine::resolve_frame(const Block& b, const Box& parent) {
  const Frame& f = b.frame;
  Box box = parent;
  if (f.col) {
    int cols = std::max(1, layout.page.columns);
    double g = layout.page.gutter;
    double cw = (parent.w - (cols - 1) * g) / cols;
    if (cw <= 0) {
      diags.error(b.pos, "block `" + b.name + "`: its parent is too narrow for " +
                             std::to_string(cols) + " grid columns and their gutters");
      cw = 0;
    }
    int span = f.span.value_or(1);
    box.x = parent.x + (*f.col - 1) * (cw + g);
    box.w = span * cw + (span - 1) * g;
  } else {
    double dx = f.x ? f.x->resolve(parent.w) : 0;
    box.x = parent.x + dx;
    box.w = f.width ? f.width->resolve(parent.w) : parent.w - dx;
  }
  double dy = f.y ? f.y->resolve(parent.h) : 0;
  box.y = parent.y + dy;
  box.h = f.height ? f.height->resolve(parent.h) : parent.h - dy;
  // Nothing may stick out of its parent (the page's margins or trim, a cell, a group):
  // it would overlap its neighbours or be cut off by the trim.
  const double tol = 0.01;
  double out = std::max({parent.x - box.x, box.x + box.w - (parent.x + parent.w),
                         parent.y - box.y, box.y + box.h - (parent.y + parent.h)});
  if (out > tol) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f pt (%.1f mm)", out, out / kPtPerMm);
    diags.error(b.pos, "block `" + b.name + "` sticks out of its " +
                           (b.on_trim ? "page" : "parent box") + " by " + buf)
        .hints.push_back("check its frame's x, y, width and height");
    box.x = std::max(box.x, parent.x);
    box.y = std::max(box.y, parent.y);
    box.w = std::max(0.0, std::min(box.w, parent.x + parent.w - box.x));
    box.h = std::max(0.0, std::min(box.h, parent.y + parent.h - box.y));
  }
  return box;
}

const figures::Value* Engine::bound_list(const Block& b, const Env& env, const char* verb) {
  const figures::Value* list = env.scope.find(b.over);
  if (list && list->kind == figures::Value::Kind::list) return list;
  diags.error(b.over_pos.known() ? b.over_pos : b.pos,
              "block `" + b.name + "` " + verb + " `" + b.over + "`, which is " +
                  (list ? "not a list" : "not in the data"));
  return nullptr;
}

void Engine::overflow(const Block& b, const Env& env, const std::string& what, double need, double have,
                      const std::vector<SourcePos>& sources,
                      const std::vector<std::string>& names) {
  char buf[160];
  std::snprintf(buf, sizeof buf, " by %.1f pt (needs %.1f pt, has %.1f pt)", need - have, need,
                have);
  auto& d = diags.error(b.pos, "block `" + b.name + "`" + (env.cell.empty() ? "" : " (" + env.cell + ")") +
                                   ": " + what + buf);
  d.hints.push_back("shorten the text, or give the block more room in the layout");
  // A frame fed by a list of thousands of items would otherwise print thousands of notes:
  // the first ones say where to look, a count says the rest.
  constexpr std::size_t kMaxNotes = 8;
  for (std::size_t i = 0; i < sources.size() && i < kMaxNotes; ++i) {
    diags.note(sources[i], i < names.size() ? "the text comes from " + names[i] + ", here"
                                            : std::string("the text comes from this data"));
  }
  if (sources.size() > kMaxNotes)
    diags.note({}, "and " + std::to_string(sources.size() - kMaxNotes) + " more texts");
}

Placed Engine::place(const Block& b, const Box& parent, const Env& env, bool in_flow) {
  Box box = resolve_frame(b, parent);
  bool auto_height = in_flow && !b.frame.height;
  // In a flow, an icon takes a square of its size instead of the rest of the stack.
  if (b.kind == BlockKind::icon && auto_height) {
    const Style* st = b.style.empty() ? nullptr : style(b.style, b);
    box.h = b.size > 0 ? b.size : st ? st->size : 12;
  }
  switch (b.kind) {
    case BlockKind::rect: return place_rect(b, box, env);
    case BlockKind::rule: return place_rule(b, box, env);
    case BlockKind::text: return place_text(b, box, auto_height, env);
    case BlockKind::stat: return place_stat(b, box, auto_height, env);
    case BlockKind::list: return place_list(b, box, auto_height, env);
    case BlockKind::icon: return place_icon(b, box, env);
    case BlockKind::chart: return place_chart(b, box, env);
    case BlockKind::stack: return place_stack(b, box, auto_height, env);
    case BlockKind::repeat: return place_repeat(b, box, env);
    case BlockKind::group: {
      Placed out;
      for (const Block& child : b.children) out.append(place(child, box, env, false));
      out.height = box.h;
      return out;
    }
  }
  return {};
}

Placed Engine::place_rect(const Block& b, const Box& frame, const Env& env) {
  Placed out;
  out.height = frame.h;
  Box box = frame;
  const display::Rect& t = page->trim;
  const double bl = layout.page.bleed;
  // A side that runs into the bleed goes all the way to the bleed line.
  if (b.bleed.top) { box.h += box.y - (t.y - bl); box.y = t.y - bl; }
  if (b.bleed.left) { box.w += box.x - (t.x - bl); box.x = t.x - bl; }
  if (b.bleed.right) box.w = t.right() + bl - box.x;
  if (b.bleed.bottom) box.h = t.bottom() + bl - box.y;
  display::Path p = rect_path(box, b.radius);
  if (!b.fill.empty()) {
    if (const auto* c = colour(b.fill, b.pos, &env)) {
      p.fill = true;
      p.fill_color = *c;
    }
  }
  if (!b.stroke.empty()) {
    if (const auto* c = colour(b.stroke, b.pos, &env)) {
      p.stroke = true;
      p.stroke_color = *c;
      p.stroke_width = b.weight;
    }
  }
  if (p.fill || p.stroke) out.items.emplace_back(std::move(p));
  return out;
}

Placed Engine::place_rule(const Block& b, const Box& box, const Env& env) {
  Placed out;
  out.height = b.weight;
  const auto* c = colour(b.stroke, b.pos, &env);
  if (!c) return out;
  // A frame of zero width is a vertical rule; otherwise the rule runs along the top edge.
  if (b.frame.width && box.w == 0)
    add_line(out.items, box.x, box.y, box.x, box.y + box.h, b.weight, *c);
  else
    add_line(out.items, box.x, box.y + b.weight / 2, box.x + box.w, box.y + b.weight / 2, b.weight,
             *c);
  return out;
}

void Engine::sources_since(std::size_t mark, std::vector<SourcePos>& pos,
                           std::vector<std::string>& names) const {
  for (std::size_t i = mark; i < text_sources.size(); ++i) {
    // A repeat or list shows the same message many times: name it once.
    bool seen = false;
    for (const SourcePos& p : pos) seen = seen || (p.line == text_sources[i].first.line &&
                                                   p.col == text_sources[i].first.col &&
                                                   p.file == text_sources[i].first.file);
    if (seen) continue;
    pos.push_back(text_sources[i].first);
    names.push_back(text_sources[i].second);
  }
}

Placed Engine::place_stack(const Block& b, const Box& box, bool auto_height,
                           const Env& env) {
  Placed out;
  double y = 0;
  bool first = true;
  const std::size_t mark = text_sources.size();
  // The last child that took room: a heading (a style with `keep_with_next`) must not be
  // it, or the column would end on a heading with nothing under it.
  const Block* last_visible = nullptr;
  for (const Block& child : b.children) {
    if (!first) y += b.gap;
    first = false;
    Box rest{box.x, box.y + y, box.w, std::max(0.0, box.h - y)};
    // In a stack, a child's `y` is extra space before it rather than a position.
    Placed placed = place(child, rest, env, true);
    const double h = placed.height;
    out.append(std::move(placed));
    if (h > 0) last_visible = &child;
    y += h + (child.frame.y ? child.frame.y->resolve(box.h) : 0);
  }
  if (last_visible && last_visible->kind == BlockKind::text && !last_visible->style.empty()) {
    auto it = layout.styles.find(last_visible->style);
    if (it != layout.styles.end() && it->second.keep_with_next) {
      diags.error(last_visible->pos, "block `" + last_visible->name + "`: a heading (style `" +
                                         it->first + "`, keep_with_next) ends the stack `" +
                                         b.name + "`")
          .hints.push_back("give the heading something to head, or remove it");
    }
  }
  if (!auto_height && y > box.h + 0.01) {
    std::vector<SourcePos> pos;
    std::vector<std::string> names;
    sources_since(mark, pos, names);
    overflow(b, env, "its content overflows the frame", y, box.h, pos, names);
  }
  out.height = y;
  return out;
}

Placed Engine::place_repeat(const Block& b, const Box& box, const Env& env) {
  Placed out;
  out.height = box.h;
  const figures::Value* list = bound_list(b, env, "repeats over");
  if (!list) return out;
  std::size_t n = list->items.size();
  if (n == 0) {
    // An empty list would print a heading over nothing: a section silently missing from
    // the brochure is worse than a refusal.
    diags.error(b.over_pos.known() ? b.over_pos : b.pos,
                "block `" + b.name + "` repeats over `" + b.over + "`, which is empty")
        .hints.push_back("add items to the data, or take the block out of the layout");
    if (list->pos.known()) diags.note(list->pos, "the empty list is here");
    return out;
  }
  int cols = std::max(1, b.columns);
  std::size_t rows = (n + cols - 1) / cols;
  double row_gap = b.row_gap >= 0 ? b.row_gap : b.gap;
  double cw = (box.w - (cols - 1) * b.gap) / cols;
  double rh = b.row_height ? b.row_height->resolve(box.h)
                           : (box.h - (rows - 1) * row_gap) / static_cast<double>(rows);
  double need = rows * rh + (rows - 1) * row_gap;
  if (cw <= 0 || rh <= 0 || need > box.h + 0.01) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "block `%s`: %zu rows of %.1f pt with their gaps need %.1f pt, the frame has "
                  "%.1f pt (cells %.1f pt wide)",
                  b.name.c_str(), rows, rh, need, box.h, cw);
    diags.error(b.pos, buf).hints.push_back(
        "change `row_height`, `gap` or `columns`, or give the block a taller frame");
    diags.note(list->pos, "the " + std::to_string(n) + " items come from this data");
    return out;
  }
  for (std::size_t i = 0; i < n; ++i) {
    Box cell{box.x + (i % cols) * (cw + b.gap), box.y + (i / cols) * (rh + row_gap), cw, rh};
    Env inner = env.with(b.as, list->items[i], env.scope.full_path(b.over) + "." + std::to_string(i));
    // Each cell may get its own accent colour, cycling through `colors`.
    // Each cell may get its own colour, cycling through `colors` (palette names: not an
    // outer cell's colour), known inside the cell by the name `color_as`.
    if (!b.colors.empty()) {
      inner.cell_colour = colour(b.colors[i % b.colors.size()], b.pos);
      inner.cell_colour_name = b.color_as;
    }
    inner.cell = "item " + std::to_string(i + 1) + " of `" + b.over + "`";
    for (const Block& child : b.children) out.append(place(child, cell, inner, false));
  }
  return out;
}

std::optional<display::Document> Engine::run() {
  const std::size_t errors_before = diags.error_count();
  const PageGeometry& g = layout.page;
  // The media box holds the trim, the bleed and the crop marks around them.
  const double slug = std::max(g.bleed, g.marks.enabled ? g.marks.offset + g.marks.length : 0.0);
  const Env root{Scope(*in.bindings)};
  for (const PageSpec& spec : layout.pages) {
    display::Page& pg = doc.pages.emplace_back();
    page = &pg;
    pg.width = g.width + 2 * slug;
    pg.height = g.height + 2 * slug;
    pg.trim = {slug, slug, g.width, g.height};
    pg.bleed = {slug - g.bleed, slug - g.bleed, g.width + 2 * g.bleed, g.height + 2 * g.bleed};
    if (!spec.background.empty()) {
      if (const auto* c = colour(spec.background, spec.pos)) {
        display::Path p = rect_path({pg.bleed.x, pg.bleed.y, pg.bleed.width, pg.bleed.height}, 0);
        p.fill = true;
        p.fill_color = *c;
        pg.items.emplace_back(std::move(p));
      }
    }
    Box trim{pg.trim.x, pg.trim.y, pg.trim.width, pg.trim.height};
    Box content{trim.x + g.margin_left, trim.y + g.margin_top,
                trim.w - g.margin_left - g.margin_right, trim.h - g.margin_top - g.margin_bottom};
    for (const Block& b : spec.blocks) {
      Placed placed = place(b, b.on_trim ? trim : content, root, false);
      pg.items.insert(pg.items.end(), std::make_move_iterator(placed.items.begin()),
                      std::make_move_iterator(placed.items.end()));
    }
    if (g.marks.enabled) add_crop_marks(pg, g.marks);
  }
  const DocInfo& info = layout.info;
  auto meta = [&](const std::string& tmpl, const SourcePos& pos) {
    return tmpl.empty() ? std::string() : expand(tmpl, pos, root.scope, ctx, diags).plain();
  };
  doc.meta.title = meta(info.title, info.title_pos);
  doc.meta.subject = meta(info.subject, info.subject_pos);
  doc.meta.author = meta(info.author, info.author_pos);
  doc.meta.keywords = meta(info.keywords, info.keywords_pos);
  doc.meta.creator = "plaquette";
  doc.meta.lang = in.catalog->language;
  doc.meta.date = in.date;
  doc.output_profile = g.output_profile;
  if (diags.error_count() > errors_before) return std::nullopt;
  return std::move(doc);
}

std::optional<display::Document> build_document(const BuildInput& in, Diagnostics& diags) {
  Engine engine(in, diags);
  return engine.run();
}

}  // namespace plaquette::layout
