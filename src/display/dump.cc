#include <cmath>
#include <cstdio>
#include <string>
#include <variant>

#include "display/display.h"

namespace plaquette::display {
namespace {

// Rounds to 0.01 and prints without locale influence; -0.00 is folded into 0.00 so that
// dumps do not differ by the sign of a zero.
std::string num(double v) {
  double r = std::round(v * 100.0) / 100.0;
  if (r == 0) r = 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", r);
  return buf;
}

std::string cmyk(const Cmyk& c) {
  return "cmyk(" + num(c.c) + "," + num(c.m) + "," + num(c.y) + "," + num(c.k) + ")";
}

std::string rect(const Rect& r) {
  return num(r.x) + " " + num(r.y) + " " + num(r.width) + " " + num(r.height);
}

// The horizontal scale of an expanded run, as a percentage to 0.1 (" hscale=100.5"); nothing
// for an unscaled one.
std::string scale(double s) {
  if (std::fabs(s - 1) < 5e-7) return "";
  char buf[64];
  std::snprintf(buf, sizeof buf, " hscale=%.1f", s * 100);
  return buf;
}

void dump_text(const TextRun& run, std::string& out) {
  double width = 0;
  for (const Glyph& g : run.glyphs) width += g.x_advance;
  out += "  text " + num(run.origin.x) + " " + num(run.origin.y) +
         " font=" + std::to_string(run.font) + " size=" + num(run.size) + " " + cmyk(run.color) +
         " w=" + num(width) + scale(run.scale) + (run.decorative ? " decorative" : "") + " \"" +
         run.text + "\"\n";
}

void dump_path(const Path& path, std::string& out) {
  out += "  path";
  if (path.fill) out += " fill=" + cmyk(path.fill_color);
  if (path.stroke) out += " stroke=" + cmyk(path.stroke_color) + " width=" + num(path.stroke_width);
  for (const PathOp& op : path.ops) {
    switch (op.kind) {
      case PathOp::move:
        out += " M " + num(op.p1.x) + " " + num(op.p1.y);
        break;
      case PathOp::line:
        out += " L " + num(op.p1.x) + " " + num(op.p1.y);
        break;
      case PathOp::cubic:
        out += " C " + num(op.p1.x) + " " + num(op.p1.y) + " " + num(op.p2.x) + " " + num(op.p2.y) +
               " " + num(op.p3.x) + " " + num(op.p3.y);
        break;
      case PathOp::close:
        out += " Z";
        break;
    }
  }
  out += "\n";
}

}  // namespace

std::string dump(const Document& doc) {
  std::string out;
  out += "document title=\"" + doc.meta.title + "\" lang=" + doc.meta.lang + "\n";
  for (std::size_t i = 0; i < doc.fonts.size(); ++i)
    out += "font " + std::to_string(i) + " " + doc.fonts[i].name + "\n";
  for (std::size_t p = 0; p < doc.pages.size(); ++p) {
    const Page& page = doc.pages[p];
    out += "page " + std::to_string(p + 1) + " media " + num(page.width) + " " + num(page.height) +
           " trim " + rect(page.trim) + " bleed " + rect(page.bleed) + "\n";
    for (const Item& item : page.items) {
      std::visit(Overloaded{[&](const TextRun& run) { dump_text(run, out); },
                            [&](const Path& path) { dump_path(path, out); }},
                 item);
    }
  }
  return out;
}

}  // namespace plaquette::display
