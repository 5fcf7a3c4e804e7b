// Paths and colour: every colour is DeviceCMYK (the print shop rejects RGB), set only when
// it changes, and paths are filled (nonzero), stroked or both with one operator.
#include <hpdf_pages.h>

#include <cmath>
#include <string>
#include <vector>

#include "render/pdf/pdf_private.h"

namespace plaquette::render::pdf {

namespace {

// libharu rejects components outside 0..1 with an error; the display list promises 0..1,
// so clamping only absorbs rounding (and turns NaN into no ink).
HPDF_REAL ink(double v) {
  if (!(v > 0)) return 0;
  return v < 1 ? static_cast<HPDF_REAL>(v) : 1;
}

bool set_stroke_color(Context& ctx, PageState& ps, const display::Cmyk& c) {
  if (ps.stroke && *ps.stroke == c) return true;
  HPDF_Page_SetCMYKStroke(ps.page, ink(c.c), ink(c.m), ink(c.y), ink(c.k));
  if (!ctx.ok("setting a CMYK stroke colour")) return false;
  ps.stroke = c;
  return true;
}

bool set_line_width(Context& ctx, PageState& ps, double width) {
  if (ps.line_width && *ps.line_width == width) return true;
  HPDF_Page_SetLineWidth(ps.page, static_cast<HPDF_REAL>(width));
  if (!ctx.ok("setting a line width")) return false;
  ps.line_width = width;
  return true;
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
  std::string ops;
  if (fill) ops += "/All cs 1 scn\n";
  if (stroke) ops += "/All CS 1 SCN\n";
  if (!write_raw(ps.page, ops)) {
    ctx.diags.error({}, "PDF output: cannot write the content stream");
    return false;
  }
  if (fill) ps.fill.reset();
  if (stroke) ps.stroke.reset();
  return true;
}

HPDF_REAL real(double v) { return static_cast<HPDF_REAL>(v); }

bool build_path(Context& ctx, PageState& ps, const display::Path& path) {
  for (const display::PathOp& op : path.ops) {
    switch (op.kind) {
      case display::PathOp::move:
        HPDF_Page_MoveTo(ps.page, real(op.p1.x), real(ps.y(op.p1.y)));
        break;
      case display::PathOp::line:
        HPDF_Page_LineTo(ps.page, real(op.p1.x), real(ps.y(op.p1.y)));
        break;
      case display::PathOp::cubic:
        HPDF_Page_CurveTo(ps.page, real(op.p1.x), real(ps.y(op.p1.y)), real(op.p2.x),
                          real(ps.y(op.p2.y)), real(op.p3.x), real(ps.y(op.p3.y)));
        break;
      case display::PathOp::close:
        HPDF_Page_ClosePath(ps.page);
        break;
    }
    if (!ctx.ok("building a path")) return false;
  }
  return true;
}

}  // namespace

bool set_fill_color(Context& ctx, PageState& ps, const display::Cmyk& c) {
  if (ps.fill && *ps.fill == c) return true;
  HPDF_Page_SetCMYKFill(ps.page, ink(c.c), ink(c.m), ink(c.y), ink(c.k));
  if (!ctx.ok("setting a CMYK fill colour")) return false;
  ps.fill = c;
  return true;
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
    if (path.fill && !set_fill_color(ctx, ps, path.fill_color)) return false;
    if (stroke && !set_stroke_color(ctx, ps, path.stroke_color)) return false;
  }
  if (stroke && !set_line_width(ctx, ps, path.stroke_width)) return false;
  if (!build_path(ctx, ps, path)) return false;
  if (path.fill && stroke) {
    HPDF_Page_FillStroke(ps.page);  // B: one operator, the stroke painted over the fill
  } else if (path.fill) {
    HPDF_Page_Fill(ps.page);
  } else {
    HPDF_Page_Stroke(ps.page);
  }
  return ctx.ok("painting a path");
}

}  // namespace plaquette::render::pdf
