// Paths and colour: every colour is DeviceCMYK (the print shop rejects RGB), set only when
// it changes, and paths are filled (nonzero), stroked or both with one operator. Operators
// are appended to the page's buffer (PageState::ops) with coordinates to 1/1000 pt.
#include <hpdf_pages.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "render/pdf/pdf_private.h"

namespace plaquette::render::pdf {

namespace {

// The display list promises components in 0..1; clamping only absorbs rounding (and turns
// NaN into no ink). Four decimals: a hundredth of a percent of ink.
void append_ink(std::string& out, const display::Cmyk& c) {
  for (double v : {c.c, c.m, c.y, c.k}) {
    append_number(out, !(v > 0) ? 0 : v < 1 ? v : 1, 4);
    out += ' ';
  }
}

void set_stroke_color(PageState& ps, const display::Cmyk& c) {
  if (ps.stroke && *ps.stroke == c) return;
  append_ink(ps.ops, c);
  ps.ops += "K\n";
  ps.stroke = c;
  ps.stroke_registration = false;
}

void set_line_width(PageState& ps, double width) {
  if (ps.line_width && *ps.line_width == width) return;
  append_number(ps.ops, width, 4);
  ps.ops += " w\n";
  ps.line_width = width;
}

// Crop marks print on every plate: the /All separation at tint 1, not 400 % DeviceCMYK,
// which ink checks would count as 400 % coverage. One colour-space object per document,
// named /All in the resources of each page that uses it.
bool use_registration(Context& ctx, PageState& ps) {
  if (ps.registration_resource) return true;
  HPDF_MMgr mmgr = ctx.doc->mmgr;
  if (!ctx.registration) {
    HPDF_Dict tint = HPDF_Dict_New(mmgr);
    HPDF_Dict_AddNumber(tint, "FunctionType", 2);
    HPDF_Dict_AddNumber(tint, "N", 1);
    const struct {
      const char* key;
      std::vector<int> values;
    } arrays[] = {{"Domain", {0, 1}}, {"C0", {0, 0, 0, 0}}, {"C1", {1, 1, 1, 1}}};
    for (const auto& a : arrays) {
      HPDF_Array arr = HPDF_Array_New(mmgr);
      for (int v : a.values) HPDF_Array_AddNumber(arr, v);
      HPDF_Dict_Add(tint, a.key, arr);
    }
    ctx.registration = HPDF_Array_New(mmgr);
    HPDF_Xref_Add(ctx.doc->xref, ctx.registration);
    HPDF_Array_AddName(ctx.registration, "Separation");
    HPDF_Array_AddName(ctx.registration, "All");
    HPDF_Array_AddName(ctx.registration, "DeviceCMYK");
    HPDF_Array_Add(ctx.registration, tint);
    if (!ctx.ok("creating the registration colour space")) return false;
  }
  auto resources =
      static_cast<HPDF_Dict>(HPDF_Page_GetInheritableItem(ps.page, "Resources", HPDF_OCLASS_DICT));
  if (!resources) {
    ctx.diags.error({}, "PDF output: a page has no resource dictionary");
    return false;
  }
  auto spaces =
      static_cast<HPDF_Dict>(HPDF_Dict_GetItem(resources, "ColorSpace", HPDF_OCLASS_DICT));
  if (!spaces) {
    spaces = HPDF_Dict_New(mmgr);
    HPDF_Dict_Add(resources, "ColorSpace", spaces);
  }
  HPDF_Dict_Add(spaces, "All", ctx.registration);
  if (!ctx.ok("adding the registration colour space to a page")) return false;
  ps.registration_resource = true;
  return true;
}

// Paints with the registration colour; the CMYK colours libharu last set are then no
// longer current.
bool set_registration(Context& ctx, PageState& ps, bool fill, bool stroke) {
  if (!use_registration(ctx, ps)) return false;
  if (fill && !ps.fill_registration) {
    ps.ops += "/All cs 1 scn\n";
    ps.fill.reset();
    ps.fill_registration = true;
  }
  if (stroke && !ps.stroke_registration) {
    ps.ops += "/All CS 1 SCN\n";
    ps.stroke.reset();
    ps.stroke_registration = true;
  }
  return true;
}

void append_point(std::string& out, const PageState& ps, const display::Point& p) {
  append_number(out, p.x);
  out += ' ';
  append_number(out, ps.y(p.y));
  out += ' ';
}

// A closed axis-aligned rectangle (move, three lines, close; or a fourth line back to the
// start): written as one `re`, its corner and size.
bool append_rectangle(std::string& out, const PageState& ps, const display::Path& path) {
  const auto& o = path.ops;
  const bool shape =
      (o.size() == 5 && o[4].kind == display::PathOp::close) ||
      (o.size() == 6 && o[4].kind == display::PathOp::line && o[4].p1.x == o[0].p1.x &&
       o[4].p1.y == o[0].p1.y && o[5].kind == display::PathOp::close);
  if (!shape || o[0].kind != display::PathOp::move) return false;
  for (int i = 1; i < 4; ++i) {
    if (o[i].kind != display::PathOp::line) return false;
  }
  const display::Point &a = o[0].p1, &b = o[1].p1, &c = o[2].p1, &d = o[3].p1;
  const bool horizontal_first = a.y == b.y && b.x == c.x && c.y == d.y && d.x == a.x;
  const bool vertical_first = a.x == b.x && b.y == c.y && c.x == d.x && d.y == a.y;
  if (!horizontal_first && !vertical_first) return false;
  // Rounded like every coordinate, then the size from the rounded corners, so that the
  // edges fall where separate moves and lines would put them.
  const auto round3 = [](double v) { return std::llround(v * 1000) / 1000.0; };
  const double x0 = round3(std::min(a.x, c.x)), x1 = round3(std::max(a.x, c.x));
  const double y0 = round3(ps.y(std::max(a.y, c.y))), y1 = round3(ps.y(std::min(a.y, c.y)));
  append_number(out, x0);
  out += ' ';
  append_number(out, y0);
  out += ' ';
  append_number(out, x1 - x0);
  out += ' ';
  append_number(out, y1 - y0);
  out += " re\n";
  return true;
}

// A path of at least this many points (control points included) is written in a frame of
// its own (frame_of).
constexpr std::size_t kFrameMinPoints = 8;

// How a path is written: 0, in page points (a short path: a rule, a rectangle, a mark);
// otherwise from the top-left corner of its bounding box, under q … cm … Q, in units of
// 1/k pt: k = 10 when every coordinate is a whole tenth of a point (map outlines are
// rounded so by the map block), 100 for hundredths, as whole numbers ("4123 877 l" rather
// than "466.95 205.553 l"); k = 1 otherwise, to 1/1000 pt as ever. Shapes drawn several
// times (the cards of a row, a page's rounded boxes) are then the same text wherever they
// are, which deflate stores once.
int frame_of(const display::Path& path) {
  std::size_t points = 0;
  for (const display::PathOp& op : path.ops) {
    points += op.kind == display::PathOp::cubic ? 3 : op.kind == display::PathOp::close ? 0 : 1;
  }
  if (points < kFrameMinPoints) return 0;
  for (int k : {10, 100}) {
    const auto on = [k](double v) {
      const double units = v * k;
      return std::fabs(units - std::round(units)) <= 1e-6 && std::fabs(units) < 1e9;
    };
    bool all = true;
    for (const display::PathOp& op : path.ops) {
      if (op.kind == display::PathOp::close) continue;
      const int n = op.kind == display::PathOp::cubic ? 3 : 1;
      const display::Point* pts[] = {&op.p1, &op.p2, &op.p3};
      for (int i = 0; i < n && all; ++i) all = on(pts[i]->x) && on(pts[i]->y);
      if (!all) break;
    }
    if (all) return k;
  }
  return 1;
}

// A point in a path's frame (write_in_frame): its offset from the frame's corner, to
// 1/1000 pt (k = 1), or in whole grid units. The offset is rounded, not the page position,
// so that a shape drawn twice is the same text twice; with the corner rounded too, a point
// is within 1/1000 pt of where it belongs.
void append_frame_point(std::string& out, const display::Point& p, const display::Point& origin,
                        int k) {
  const int decimals = k == 1 ? 3 : 0;
  append_number(out, (p.x - origin.x) * k, decimals);
  out += ' ';
  append_number(out, (p.y - origin.y) * k, decimals);
  out += ' ';
}

// Writes the path from the top-left corner of its bounding box (display space: x right,
// y down) in units of 1/k pt, inside q … Q with the matrix that maps those units back onto
// the page; on a grid, the line width, in the same units, is set inside too. The painting
// operator follows (the caller's), then Q.
void write_in_frame(PageState& ps, const display::Path& path, int k, bool stroke) {
  display::Point origin{path.ops.front().p1};
  for (const display::PathOp& op : path.ops) {
    if (op.kind == display::PathOp::close) continue;
    const int n = op.kind == display::PathOp::cubic ? 3 : 1;
    const display::Point* pts[] = {&op.p1, &op.p2, &op.p3};
    for (int i = 0; i < n; ++i) {
      origin.x = std::min(origin.x, pts[i]->x);
      origin.y = std::min(origin.y, pts[i]->y);
    }
  }
  std::string& out = ps.ops;
  out += "q ";
  append_number(out, 1.0 / k, 4);
  out += " 0 0 ";
  append_number(out, -1.0 / k, 4);
  out += ' ';
  append_number(out, origin.x);
  out += ' ';
  append_number(out, ps.y(origin.y));
  out += " cm\n";
  if (stroke && k != 1) {
    append_number(out, path.stroke_width * k, 4);
    out += " w\n";
  }
  for (const display::PathOp& op : path.ops) {
    switch (op.kind) {
      case display::PathOp::move:
        append_frame_point(out, op.p1, origin, k);
        out += "m\n";
        break;
      case display::PathOp::line:
        append_frame_point(out, op.p1, origin, k);
        out += "l\n";
        break;
      case display::PathOp::cubic:
        append_frame_point(out, op.p1, origin, k);
        append_frame_point(out, op.p2, origin, k);
        append_frame_point(out, op.p3, origin, k);
        out += "c\n";
        break;
      case display::PathOp::close:
        out += "h\n";
        break;
    }
  }
}

void build_path(PageState& ps, const display::Path& path) {
  if (append_rectangle(ps.ops, ps, path)) return;
  for (const display::PathOp& op : path.ops) {
    switch (op.kind) {
      case display::PathOp::move:
        append_point(ps.ops, ps, op.p1);
        ps.ops += "m\n";
        break;
      case display::PathOp::line:
        append_point(ps.ops, ps, op.p1);
        ps.ops += "l\n";
        break;
      case display::PathOp::cubic:
        append_point(ps.ops, ps, op.p1);
        append_point(ps.ops, ps, op.p2);
        append_point(ps.ops, ps, op.p3);
        ps.ops += "c\n";
        break;
      case display::PathOp::close:
        ps.ops += "h\n";
        break;
    }
  }
}

}  // namespace

void set_fill_color(PageState& ps, const display::Cmyk& c) {
  if (ps.fill && *ps.fill == c) return;
  append_ink(ps.ops, c);
  ps.ops += "k\n";
  ps.fill = c;
  ps.fill_registration = false;
}

bool draw_path(Context& ctx, PageState& ps, const display::Path& path) {
  const bool stroke = path.stroke && path.stroke_width > 0;
  if (path.ops.empty() || !(path.fill || stroke)) return true;  // nothing would be painted
  if (path.ops.front().kind != display::PathOp::move) {
    // libharu would only say "operator not allowed here"; say what is wrong instead.
    ctx.diags.error({}, "PDF output: a path does not start with a move");
    return false;
  }
  if (path.registration) {
    if (!set_registration(ctx, ps, path.fill, stroke)) return false;
  } else {
    if (path.fill) set_fill_color(ps, path.fill_color);
    if (stroke) set_stroke_color(ps, path.stroke_color);
  }
  // B: one operator, the stroke painted over the fill.
  const char* paint = path.fill && stroke ? "B\n" : path.fill ? "f\n" : "S\n";
  if (const int k = frame_of(path)) {
    // In page units the width is set (when it changes) outside q … Q, where it stays.
    if (stroke && k == 1) set_line_width(ps, path.stroke_width);
    write_in_frame(ps, path, k, stroke);
    ps.ops += paint;
    ps.ops += "Q\n";
    return true;
  }
  if (stroke) set_line_width(ps, path.stroke_width);
  build_path(ps, path);
  ps.ops += paint;
  return true;
}

bool finish_page(Context& ctx, PageState& ps) {
  // libharu created the content stream with its own Flate filter; it gets the bytes
  // compressed here instead, in one call.
  auto attr = static_cast<HPDF_PageAttr>(ps.page->attr);
  const std::string deflated = deflate_bytes(ps.ops, kDeflateFast);
  if (deflated.empty()) {
    ctx.diags.error({}, "PDF output: cannot compress a page's content stream");
    return false;
  }
  return write_deflated(ctx, attr->contents, deflated);
}

}  // namespace plaquette::render::pdf
