// Paths and colour: every colour is DeviceCMYK (the print shop rejects RGB), set only when
// it changes, and paths are filled (nonzero), stroked or both with one operator.
#include <cmath>

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
  if (path.fill && !set_fill_color(ctx, ps, path.fill_color)) return false;
  if (stroke && (!set_stroke_color(ctx, ps, path.stroke_color) ||
                 !set_line_width(ctx, ps, path.stroke_width))) {
    return false;
  }
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
