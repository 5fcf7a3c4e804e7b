#include "layout/engine.h"

#include <algorithm>
#include <cmath>

#include "base/units.h"
#include "layout/blocks/blocks.h"
#include "layout/engine_impl.h"
#include "layout/query.h"

namespace plaquette::layout {
namespace {

// Registration colour for crop marks: they must print on every plate. They sit outside
// the trim, where the ink limit does not apply.
constexpr display::Cmyk kRegistration{1, 1, 1, 1};

}  // namespace

void add_line(std::vector<display::Item>& items, double x0, double y0, double x1, double y1,
              double width, const display::Cmyk& c) {
  display::Path p;
  p.ops = {{display::PathOp::move, {x0, y0}}, {display::PathOp::line, {x1, y1}}};
  p.stroke = true;
  p.stroke_color = c;
  p.stroke_width = width;
  items.emplace_back(std::move(p));
}

namespace {

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

const display::Cmyk* Engine::colour(const std::string& name, const SourcePos& pos, const Env* env) {
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
  const SourcePos& named_at = fp != layout.font_pos.end() ? fp->second : pos;
  const text::Font* f = in.fonts->load(it->second, named_at, diags);
  fonts_by_key[key] = f;
  if (f) font_named_at.emplace(f, named_at);
  return f;
}

int Engine::font_index(const text::Font* f) {
  // Fonts are numbered in order of first use, which the walk makes deterministic.
  auto [it, added] = font_ids.emplace(f, static_cast<int>(doc.fonts.size()));
  if (added) {
    auto named = font_named_at.find(f);
    doc.fonts.push_back(
        display::FontFace{f->path(), f->postscript_name(),
                          named != font_named_at.end() ? named->second : SourcePos{f->path()}});
  }
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
  double out = std::max({parent.x - box.x, box.x + box.w - (parent.x + parent.w), parent.y - box.y,
                         box.y + box.h - (parent.y + parent.h)});
  if (out > tol) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f pt (%.1f mm)", out, out / kPtPerMm);
    diags
        .error(b.pos, "block `" + b.name + "` sticks out of its " +
                          (b.on_trim ? "page" : "parent box") + " by " + buf)
        .hints.push_back("check its frame's x, y, width and height");
    box.x = std::max(box.x, parent.x);
    box.y = std::max(box.y, parent.y);
    box.w = std::max(0.0, std::min(box.w, parent.x + parent.w - box.x));
    box.h = std::max(0.0, std::min(box.h, parent.y + parent.h - box.y));
  }
  return box;
}

const figures::Value* Engine::bound_list(const Block& b, const ListBinding& l, const Env& env,
                                         const char* verb) {
  const figures::Value* list = env.scope.find(l.over);
  if (list && list->kind == figures::Value::Kind::list) return list;
  if (Scope::failed(list)) return nullptr;  // a computed list that failed, reported
  diags.error(l.pos.known() ? l.pos : b.pos, "block `" + b.name + "` " + verb + " `" + l.over +
                                                 "`, which is " +
                                                 (list ? "not a list" : "not in the data"));
  return nullptr;
}

std::optional<std::vector<std::size_t>> Engine::bound_items(const Block& b, const ListBinding& l,
                                                            const figures::Value& list,
                                                            const Env& env, const char* verb) {
  auto picked = select_items(list, l.query, l.as, env.scope.full_path(l.over), env.scope, diags);
  if (!picked) return std::nullopt;
  if (!picked->empty()) return picked;
  // An empty list would print a heading over nothing: a section silently missing from the
  // brochure is worse than a refusal.
  const SourcePos& at = l.pos.known() ? l.pos : b.pos;
  if (list.items.empty()) {
    diags.error(at, "block `" + b.name + "` " + verb + " `" + l.over + "`, which is empty")
        .hints.push_back("add items to the data, or take the block out of the layout");
    if (list.pos.known()) diags.note(list.pos, "the empty list is here");
  } else {
    diags
        .error(at, "block `" + b.name + "` " + verb + " `" + l.over + "`, whose " +
                       std::to_string(list.items.size()) + " items its `where:` all leaves out" +
                       (env.cell.empty() ? "" : " (" + env.cell + ")"))
        .hints.push_back(
            "show the block only when there are items: `when: count(...) > 0` on "
            "it or on the group around it, with a computed list (layouts/README.md)");
  }
  return std::nullopt;
}

bool Engine::shown(const Block& b, const Env& env) {
  if (!b.when) return true;
  auto t = expr::test(*b.when, env.scope, diags, "`when:`");
  return t && *t;
}

void Engine::overflow(const Block& b, const Env& env, const std::string& what, double need,
                      double have, const std::vector<SourcePos>& sources,
                      const std::vector<std::string>& names) {
  char buf[160];
  std::snprintf(buf, sizeof buf, " by %.1f pt (needs %.1f pt, has %.1f pt)", need - have, need,
                have);
  auto& d =
      diags.error(b.pos, "block `" + b.name + "`" +
                             (env.cell.empty() ? "" : " (" + env.cell + ")") + ": " + what + buf);
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
  if (!shown(b, env)) {
    Placed none;
    none.hidden = true;
    return none;
  }
  Box box = resolve_frame(b, parent);
  return b.unit->place(*this, b, box, in_flow && !b.frame.height, env);
}

bool Engine::trial(const std::function<void(Engine&)>& fn) {
  Diagnostics scratch;
  Engine t(in, scratch);
  t.page = page;
  fn(t);
  if (!scratch.has_errors()) return true;
  diags.merge(scratch);
  return false;
}

void Engine::sources_since(std::size_t mark, std::vector<SourcePos>& pos,
                           std::vector<std::string>& names) const {
  for (std::size_t i = mark; i < text_sources.size(); ++i) {
    // A repeat or list shows the same message many times: name it once.
    bool seen = false;
    for (const SourcePos& p : pos)
      seen = seen || (p.line == text_sources[i].first.line && p.col == text_sources[i].first.col &&
                      p.file == text_sources[i].first.file);
    if (seen) continue;
    pos.push_back(text_sources[i].first);
    names.push_back(text_sources[i].second);
  }
}

std::optional<display::Document> Engine::run() {
  const std::size_t errors_before = diags.error_count();
  const PageGeometry& g = layout.page;
  // The media box holds the trim, the bleed and the crop marks around them.
  const double slug = std::max(g.bleed, g.marks.enabled ? g.marks.offset + g.marks.length : 0.0);
  const Env base{Scope(*in.bindings, layout.computed, diags), nullptr, {}, {}};
  // An edition made per item of a list sees its item like a page repeated over the list.
  const Env root = in.item ? base.with(in.item_as, *in.item, in.item_path) : base;
  // Every page to lay out with what its templates see: a page or run of pages with `over`
  // once per item of its list, the item under its `as` name.
  struct Planned {
    const PageSpec* spec;
    Env env;
  };
  std::vector<Planned> plan;
  // A page's `when:`, in the scope of its item if any: false leaves the page out.
  auto shown = [&](const PageSpec& spec, const Env& env) {
    if (!spec.when) return true;
    auto t = expr::test(*spec.when, env.scope, diags, "`when:`");
    return t && *t;
  };
  for (const PageSpec& spec : layout.pages) {
    if (spec.over.empty()) {
      if (shown(spec, root)) plan.push_back({&spec, root});
      continue;
    }
    const figures::Value* list = root.scope.find(spec.over);
    if (Scope::failed(list)) continue;  // a computed list that failed, reported
    std::optional<std::vector<std::size_t>> picked;
    if (list && list->kind == figures::Value::Kind::list && !list->items.empty()) {
      picked = select_items(*list, spec.query, spec.as, root.scope.full_path(spec.over), root.scope,
                            diags);
      if (!picked) continue;
      if (picked->empty()) {
        diags
            .error(spec.over_pos, "page `" + spec.name + "` repeats over `" + spec.over +
                                      "`, whose " + std::to_string(list->items.size()) +
                                      " items its `where:` all leaves out")
            .hints.push_back("a document needs pages: check the condition of `where:`");
        continue;
      }
    }
    if (!picked) {
      auto& d = diags.error(spec.over_pos,
                            "page `" + spec.name + "` repeats over `" + spec.over + "`, which is " +
                                (!list                                      ? "not in the data"
                                 : list->kind != figures::Value::Kind::list ? "not a list"
                                                                            : "empty"));
      if (list && list->kind == figures::Value::Kind::list) {
        // As for a repeat: a document silently missing its pages is worse than a refusal.
        d.hints.push_back("add items to the data, or take the pages out of the layout");
        if (list->pos.known()) diags.note(list->pos, "the empty list is here");
      }
      continue;
    }
    // An edition made per item of this very list (editions `each:` with the page's `as:`
    // name): its pages are laid out for that item only, so that one layout makes the
    // document of every item and the file of each.
    if (in.item && spec.as == in.item_as) {
      const std::string prefix = root.scope.full_path(spec.over) + ".";
      if (in.item_path.compare(0, prefix.size(), prefix) == 0) {
        std::vector<std::size_t> own;
        for (std::size_t i : *picked)
          if (in.item_path == prefix + std::to_string(i)) own.push_back(i);
        *picked = std::move(own);
      }
    }
    for (std::size_t i : *picked) {
      Env item = root.with(spec.as, list->items[i],
                           root.scope.full_path(spec.over) + "." + std::to_string(i));
      item.cell = "item " + std::to_string(i + 1) + " of `" + spec.over + "`";
      if (!shown(spec, item)) continue;
      if (spec.pages.empty()) plan.push_back({&spec, item});
      for (const PageSpec& sub : spec.pages)
        if (shown(sub, item)) plan.push_back({&sub, item});
    }
  }
  if (plan.empty() && diags.error_count() == errors_before && !layout.pages.empty())
    diags
        .error(layout.pages.front().pos,
               "no page to print: the `when:` condition of every page is false")
        .hints.push_back("a document needs at least one page");
  // Page numbers, for "page 2 / 5": `{page.number}` and `{page.count}` in any template.
  for (const Planned& planned : plan) {
    const PageSpec& spec = *planned.spec;
    figures::Value numbers = figures::Value::of_record({});
    numbers.add("number", figures::Value::of_number(static_cast<double>(doc.pages.size() + 1), {}));
    numbers.add("count", figures::Value::of_number(static_cast<double>(plan.size()), {}));
    const Env env = planned.env.with("page", numbers, "page");
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
      Placed placed = place(b, b.on_trim ? trim : content, env, false);
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
  doc.embed_output_profile = g.embed_output_profile;
  doc.overprint_black = g.overprint_black;
  if (diags.error_count() > errors_before) return std::nullopt;
  return std::move(doc);
}

std::optional<display::Document> build_document(const BuildInput& in, Diagnostics& diags) {
  Engine engine(in, diags);
  return engine.run();
}

}  // namespace plaquette::layout
