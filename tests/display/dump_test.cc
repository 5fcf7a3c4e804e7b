#include <gtest/gtest.h>

#include "display/display.h"

namespace plaquette::display {
namespace {

TEST(Dump, OneLinePerItemRoundedToHundredths) {
  Document doc;
  doc.meta.title = "T";
  doc.meta.lang = "fr-FR";
  doc.fonts.push_back({"fonts/Lato-Regular.ttf", "Lato-Regular"});
  Page& p = doc.pages.emplace_back();
  p.width = 100;
  p.height = 200;
  p.trim = {10, 10, 80, 180};
  p.bleed = {5, 5, 90, 190};
  TextRun run;
  run.origin = {12.3456, 20.004};
  run.size = 9;
  run.color = {0, 0, 0, 1};
  run.text = "ab";
  run.glyphs = {{1, 4.5, 0, 0, 0, 1}, {2, 4.25, 0, 0, 1, 2}};
  p.items.emplace_back(run);
  run.scale = 0.985;  // font expansion: a run's glyphs 1.5 % narrower
  p.items.emplace_back(run);
  Path path;
  path.ops = {{PathOp::move, {0, 0}}, {PathOp::line, {1, -0.001}}, {PathOp::close}};
  path.fill = true;
  path.fill_color = {1, 0.5, 0, 0.25};
  p.items.emplace_back(path);
  EXPECT_EQ(
      dump(doc),
      "document title=\"T\" lang=fr-FR\n"
      "font 0 Lato-Regular\n"
      "page 1 media 100.00 200.00 trim 10.00 10.00 80.00 180.00 bleed 5.00 5.00 90.00 190.00\n"
      "  text 12.35 20.00 font=0 size=9.00 cmyk(0.00,0.00,0.00,1.00) w=8.75 \"ab\"\n"
      "  text 12.35 20.00 font=0 size=9.00 cmyk(0.00,0.00,0.00,1.00) w=8.75 hscale=98.5 \"ab\"\n"
      "  path fill=cmyk(1.00,0.50,0.00,0.25) M 0.00 0.00 L 1.00 0.00 Z\n");
}

}  // namespace
}  // namespace plaquette::display
