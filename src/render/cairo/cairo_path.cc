// Paths: built in page space (the current transform maps points to pixels), filled with
// the nonzero rule and stroked with butt caps and miter joins, PDF's defaults, so that
// the proof paints the same area as the PDF.
#include "render/cairo/cairo_private.h"

namespace plaquette::render::cairo {

namespace {

void build_path(cairo_t* cr, const display::Path& path) {
  cairo_new_path(cr);
  for (const display::PathOp& op : path.ops) {
    switch (op.kind) {
      case display::PathOp::move:
        cairo_move_to(cr, op.p1.x, op.p1.y);
        break;
      case display::PathOp::line:
        cairo_line_to(cr, op.p1.x, op.p1.y);
        break;
      case display::PathOp::cubic:
        cairo_curve_to(cr, op.p1.x, op.p1.y, op.p2.x, op.p2.y, op.p3.x, op.p3.y);
        break;
      case display::PathOp::close:
        cairo_close_path(cr);
        break;
    }
  }
}

}  // namespace

void draw_path(cairo_t* cr, ColourConverter& colours, const display::Path& path) {
  const bool stroke = path.stroke && path.stroke_width > 0;
  if (path.ops.empty() || !(path.fill || stroke)) return;  // nothing would be painted
  build_path(cr, path);
  if (path.fill) {
    colours.set_source(cr, path.fill_color);
    if (stroke)
      cairo_fill_preserve(cr);
    else
      cairo_fill(cr);
  }
  if (stroke) {
    colours.set_source(cr, path.stroke_color);
    cairo_set_line_width(cr, path.stroke_width);
    cairo_stroke(cr);
  }
}

}  // namespace plaquette::render::cairo
