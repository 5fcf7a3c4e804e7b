// Structural checks of the PDF document: pages and print boxes, CMYK-only colours, paths,
// document information, compression, determinism and libharu errors.
#include "render/pdf/pdf.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "pdf_test_util.h"

namespace plaquette::render::pdf {
namespace {

using namespace test_util;

TEST(PdfRender, PagesAndBoxes) {
  Parsed p(render_ok(sample_doc()));
  auto pages = p.pages();
  ASSERT_EQ(pages.size(), 2u);
  const double w = mm(216), h = mm(303);
  for (auto& page : pages) {
    QPDFObjectHandle dict = page.getObjectHandle();
    expect_box(dict.getKey("/MediaBox"), 0, 0, w, h);
    // Trim is 3 mm in from every edge; display y is flipped into PDF's y-up space.
    expect_box(dict.getKey("/TrimBox"), mm(3), mm(3), mm(213), mm(300));
    expect_box(dict.getKey("/BleedBox"), 0, 0, w, h);
  }
}

TEST(PdfRender, AsymmetricTrimIsFlipped) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  doc.pages[0].trim = {10, 20, 100, 200};  // top edge 20 pt below the top of the media
  doc.pages[0].bleed = {5, 15, 110, 210};
  Parsed p(render_ok(doc));
  QPDFObjectHandle dict = p.pages().at(0).getObjectHandle();
  const double h = doc.pages[0].height;
  expect_box(dict.getKey("/TrimBox"), 10, h - 220, 110, h - 20);
  expect_box(dict.getKey("/BleedBox"), 5, h - 225, 115, h - 15);
}

TEST(PdfRender, OnlyCmykColourOperators) {
  Parsed p(render_ok(sample_doc()));
  const std::set<std::string> forbidden = {"rg", "RG",  "g",   "G",  "sc",
                                           "SC", "scn", "SCN", "cs", "CS"};
  for (auto& page : p.pages()) {
    std::map<std::string, int> count;
    for (Op& op : page_ops(page)) {
      EXPECT_EQ(forbidden.count(op.name), 0u) << "colour operator " << op.name;
      ++count[op.name];
    }
    EXPECT_GE(count["k"], 1);
    EXPECT_GE(count["K"], 1);
  }
}

TEST(PdfRender, CmykValuesAreWritten) {
  Parsed p(render_ok(sample_doc()));
  auto pages = p.pages();
  std::vector<std::vector<double>> fills, strokes;
  for (Op& op : page_ops(pages.at(0))) {
    if (op.name != "k" && op.name != "K") continue;
    std::vector<double> v;
    for (auto& a : op.args) v.push_back(a.getNumericValue());
    (op.name == "k" ? fills : strokes).push_back(v);
  }
  // Text black, then the path fill; the third path reuses both colours (no repeat).
  ASSERT_EQ(fills.size(), 2u);
  EXPECT_EQ(fills[0], (std::vector<double>{0, 0, 0, 1}));
  EXPECT_NEAR(fills[1][0], 0.1, 1e-4);
  EXPECT_NEAR(fills[1][1], 0.8, 1e-4);
  ASSERT_EQ(strokes.size(), 1u);
  EXPECT_NEAR(strokes[0][0], 0.9, 1e-4);
  EXPECT_NEAR(strokes[0][3], 0.3, 1e-4);
}

TEST(PdfRender, PathsFillStrokeAndBoth) {
  Parsed p(render_ok(sample_doc()));
  auto pages = p.pages();
  const double h = mm(303);
  std::map<std::string, int> count;
  std::vector<double> first_move, first_curve, width;
  for (Op& op : page_ops(pages.at(0))) {
    ++count[op.name];
    std::vector<double> v;
    if (op.name == "m" || op.name == "c" || op.name == "w") {
      for (auto& a : op.args) v.push_back(a.getNumericValue());
    }
    if (op.name == "m" && first_move.empty()) first_move = v;
    if (op.name == "c" && first_curve.empty()) first_curve = v;
    if (op.name == "w") width = v;
  }
  EXPECT_EQ(count["f"], 1);
  EXPECT_EQ(count["S"], 1);
  EXPECT_EQ(count["B"], 1);
  EXPECT_EQ(count["c"], 3);
  EXPECT_EQ(count["h"], 3);
  EXPECT_EQ(count["w"], 1);  // the same width is not set twice
  ASSERT_EQ(width.size(), 1u);
  EXPECT_NEAR(width[0], 1.5, 1e-4);
  ASSERT_EQ(first_move.size(), 2u);
  EXPECT_NEAR(first_move[0], 50, 1e-3);
  EXPECT_NEAR(first_move[1], h - 50, 1e-3);
  ASSERT_EQ(first_curve.size(), 6u);
  EXPECT_NEAR(first_curve[1], h - 60, 1e-3);
  EXPECT_NEAR(first_curve[5], h - 100, 1e-3);
}

// A zigzag of `n` points, x and y rounded to `step` points.
Path zigzag(int n, double step, double x0 = 100.05, double y0 = 200.15) {
  Path p;
  for (int i = 0; i < n; ++i) {
    const double x = std::round((x0 + 1.3 * i) / step) * step;
    const double y = std::round((y0 + (i % 2 ? 2.7 : -0.4) + 0.1 * i) / step) * step;
    p.ops.push_back({i == 0 ? PathOp::move : PathOp::line, {x, y}, {}, {}});
  }
  p.ops.push_back({PathOp::close, {}, {}, {}});
  p.fill = true;
  p.fill_color = {0.1, 0.8, 0, 0};
  p.stroke = true;
  p.stroke_color = {0, 0, 0, 0};
  p.stroke_width = 0.6;
  return p;
}

// Where a page's path points land on the page (PDF space), through q, Q and cm; and the
// line width of each painting operator, in page points.
struct Traced {
  std::vector<std::pair<double, double>> points;
  std::vector<double> widths;
  std::vector<Op> ops;
};
Traced trace(QPDFPageObjectHelper page) {
  Traced t;
  struct State {
    double m[6] = {1, 0, 0, 1, 0, 0};
    double w = 1;
  } gs;
  std::vector<State> stack;
  for (Op& op : page_ops(page)) {
    std::vector<double> v;
    for (auto& a : op.args)
      if (a.isNumber()) v.push_back(a.getNumericValue());
    if (op.name == "q") stack.push_back(gs);
    if (op.name == "Q") gs = stack.back(), stack.pop_back();
    if (op.name == "cm") {
      const double* a = v.data();
      const double* b = gs.m;
      const double m[6] = {a[0] * b[0] + a[1] * b[2],        a[0] * b[1] + a[1] * b[3],
                           a[2] * b[0] + a[3] * b[2],        a[2] * b[1] + a[3] * b[3],
                           a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]};
      std::copy(m, m + 6, gs.m);
    }
    // Uniform scales only: a width scales by the length of the matrix's first column.
    if (op.name == "w") gs.w = v[0] * std::hypot(gs.m[0], gs.m[1]);
    if (op.name == "m" || op.name == "l") {
      t.points.emplace_back(v[0] * gs.m[0] + v[1] * gs.m[2] + gs.m[4],
                            v[0] * gs.m[1] + v[1] * gs.m[3] + gs.m[5]);
    }
    if (op.name == "S" || op.name == "B") t.widths.push_back(gs.w);
    t.ops.push_back(std::move(op));
  }
  return t;
}

// A long path whose points are all whole tenths of a point (map outlines) is written in
// whole tenths from a corner of its own, under a cm: the same points and line width on the
// page, no decimals in its coordinates.
TEST(PdfRender, PathOnATenthGridIsWrittenInWholeTenths) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  doc.pages[0].items.clear();
  const Path grid = zigzag(40, 0.1);
  doc.pages[0].items.emplace_back(grid);
  doc.pages[0].items.emplace_back(make_path(false, true));  // back to page units after Q
  Parsed p(render_ok(doc));
  const Traced t = trace(p.pages().at(0));
  const double h = doc.pages[0].height;
  ASSERT_EQ(t.points.size(), 40u + 3u);
  for (int i = 0; i < 40; ++i) {
    EXPECT_NEAR(t.points[i].first, grid.ops[i].p1.x, 1e-3) << i;
    EXPECT_NEAR(t.points[i].second, h - grid.ops[i].p1.y, 1e-3) << i;
  }
  EXPECT_NEAR(t.points[40].first, 50, 1e-3);
  EXPECT_NEAR(t.points[40].second, h - 50, 1e-3);
  ASSERT_EQ(t.widths.size(), 2u);
  EXPECT_NEAR(t.widths[0], 0.6, 1e-4);
  EXPECT_NEAR(t.widths[1], 1.5, 1e-4);
  int cms = 0, lines = 0;
  for (const Op& op : t.ops) {
    cms += op.name == "cm";
    if (op.name != "l" || lines++ >= 39) continue;
    for (QPDFObjectHandle a : op.args) EXPECT_TRUE(a.isInteger()) << a.unparse();
  }
  EXPECT_EQ(cms, 1);
  // Colours are set outside q … Q, so they stay current after it: the second path's
  // stroke colour is written, its fill was not asked for.
  int fills = 0;
  for (const Op& op : t.ops) fills += op.name == "k";
  EXPECT_EQ(fills, 1);
}

// Off the grid, a long path is written to 1/1000 pt from a corner of its own (a cm with no
// scale), within 1/1000 pt of its place; the same shape drawn at two places is the same
// text twice. A short path (a rule, a mark) is written in page points, without a cm.
TEST(PdfRender, LongPathsAreWrittenFromACornerOfTheirOwn) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  doc.pages[0].items.clear();
  const Path a = zigzag(40, 0.001, 100.0537, 200.1537);
  Path b = a;
  for (PathOp& op : b.ops) op.p1.x += 123.4567, op.p1.y += 89.0123;
  doc.pages[0].items.emplace_back(a);
  doc.pages[0].items.emplace_back(b);
  doc.pages[0].items.emplace_back(zigzag(6, 0.1));
  Parsed p(render_ok(doc));
  Traced t = trace(p.pages().at(0));
  const double h = doc.pages[0].height;
  ASSERT_EQ(t.points.size(), 86u);
  for (int i = 0; i < 40; ++i) {
    EXPECT_NEAR(t.points[i].first, a.ops[i].p1.x, 1e-3) << i;
    EXPECT_NEAR(t.points[i].second, h - a.ops[i].p1.y, 1e-3) << i;
    EXPECT_NEAR(t.points[40 + i].first, b.ops[i].p1.x, 1e-3) << i;
    EXPECT_NEAR(t.points[40 + i].second, h - b.ops[i].p1.y, 1e-3) << i;
  }
  // Both widths are the path's own, set once outside the frames.
  ASSERT_EQ(t.widths.size(), 3u);
  for (double w : t.widths) EXPECT_NEAR(w, 0.6, 1e-4);
  std::vector<std::vector<std::string>> frames;
  bool in_frame = false;
  int cms = 0;
  for (Op& op : t.ops) {
    if (op.name == "cm") {
      ++cms;
      in_frame = true;
      frames.emplace_back();
      std::vector<double> m;
      for (auto& x : op.args) m.push_back(x.getNumericValue());
      EXPECT_EQ(m[0], 1);
      EXPECT_EQ(m[3], -1);
      continue;
    }
    if (op.name == "Q") in_frame = false;
    if (!in_frame) continue;
    std::string text = op.name;
    for (auto& x : op.args) text += " " + x.unparse();
    frames.back().push_back(text);
  }
  EXPECT_EQ(cms, 2);  // not around the short path
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[0], frames[1]);
}

// Text runs in a row are written in a frame of their own (q 1 0 0 1 x y cm … Q): after
// the Q, the colour and the font of the next run are set again, since Q restored them.
TEST(PdfRender, TextFramesKeepEachRunsColourAndFont) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  TextRun first = make_run(kFrench, 72, 100, 12);
  first.color = {0, 0, 0, 1};
  TextRun second = make_run(kFrench, 72, 130, 12);
  second.color = {0, 0, 0, 1};
  doc.pages[0].items = {first, make_path(true, false), second, first};
  Parsed p(render_ok(doc));
  struct State {
    std::vector<double> fill;
    double size = 0;
  } gs;
  std::vector<State> stack, at_tj;
  int frames = 0;
  for (Op& op : page_ops(p.pages().at(0))) {
    if (op.name == "q") stack.push_back(gs);
    if (op.name == "Q") gs = stack.back(), stack.pop_back();
    if (op.name == "cm" && op.args.at(0).getNumericValue() == 1) ++frames;
    if (op.name == "k") {
      gs.fill.clear();
      for (auto& a : op.args) gs.fill.push_back(a.getNumericValue());
    }
    if (op.name == "Tf") gs.size = op.args.at(1).getNumericValue();
    if (op.name == "TJ") at_tj.push_back(gs);
  }
  EXPECT_EQ(frames, 2);  // the first run; the second and third, in a row
  ASSERT_EQ(at_tj.size(), 3u);
  for (const State& s : at_tj) {
    EXPECT_EQ(s.fill, (std::vector<double>{0, 0, 0, 1}));
    EXPECT_EQ(s.size, 12);
  }
  // And the glyphs are where HarfBuzz put them, through the frames.
  const auto shown = shown_glyphs(page_ops(p.pages().at(0)), {});
  ASSERT_FALSE(shown.empty());
  EXPECT_NEAR(shown.front().x, 72, 1e-3);
  EXPECT_NEAR(shown.front().y, doc.pages[0].height - 100, 1e-3);
}

// Crop marks select the registration colour once, not before each mark.
TEST(PdfRender, RegistrationColourIsSelectedOnce) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  doc.pages[0].items.clear();
  for (int i = 0; i < 3; ++i) {
    Path mark = make_path(false, true);
    mark.registration = true;
    doc.pages[0].items.emplace_back(mark);
  }
  doc.pages[0].items.emplace_back(make_path(false, true));  // a CMYK stroke after the marks
  Parsed p(render_ok(doc));
  std::map<std::string, int> count;
  for (const Op& op : page_ops(p.pages().at(0))) ++count[op.name];
  EXPECT_EQ(count["CS"], 1);
  EXPECT_EQ(count["SCN"], 1);
  EXPECT_EQ(count["K"], 1);
  EXPECT_EQ(count["S"], 4);
}

// layout `overprint_black`: 100 % K text and rules overprint (/OP /op true, /OPM 1), other
// colours knock out as before; off by default, no graphics state is written at all.
TEST(PdfRender, OverprintBlackWrapsBlackItemsInAnOverprintGState) {
  Document doc = sample_doc();
  doc.pages.resize(1);
  TextRun black = make_run(kFrench, 72, 100, 8);
  black.color = {0, 0, 0, 1};
  Path rule = make_path(false, true);
  rule.stroke_color = {0, 0, 0, 1};
  const Path tint = make_path(true, false);
  doc.pages[0].items = {tint, black, rule, tint};
  doc.overprint_black = true;
  Parsed p(render_ok(doc));
  QPDFPageObjectHelper page = p.pages().at(0);
  QPDFObjectHandle states = page.getObjectHandle().getKey("/Resources").getKey("/ExtGState");
  std::vector<std::string> seen;
  for (Op& op : page_ops(page)) {
    if (op.name == "gs") {
      QPDFObjectHandle gs = states.getKey(op.args.at(0).getName());
      EXPECT_EQ(gs.getKey("/OPM").getIntValue(), 1);
      EXPECT_EQ(gs.getKey("/OP").getBoolValue(), gs.getKey("/op").getBoolValue());
      seen.push_back(gs.getKey("/op").getBoolValue() ? "on" : "off");
    } else if (op.name == "f" || op.name == "S" || op.name == "TJ") {
      seen.push_back(op.name);
    }
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"f", "on", "TJ", "S", "off", "f"}));

  doc.overprint_black = false;
  Parsed q(render_ok(doc));
  QPDFPageObjectHelper plain = q.pages().at(0);
  for (Op& op : page_ops(plain)) EXPECT_NE(op.name, "gs");
}

TEST(PdfRender, DocumentInfoAndLanguage) {
  Parsed p(render_ok(sample_doc()));
  QPDFObjectHandle info = p.pdf.getTrailer().getKey("/Info");
  EXPECT_EQ(info.getKey("/Title").getUTF8Value(), "Abattement TFPB \u2013 Hauts-de-France");
  EXPECT_EQ(info.getKey("/Author").getUTF8Value(), "F\u00E9d\u00E9ration");
  EXPECT_EQ(info.getKey("/Subject").getUTF8Value(), "GUSP 2019\u20132022");
  EXPECT_EQ(info.getKey("/Keywords").getUTF8Value(), "TFPB, QPV");
  EXPECT_EQ(info.getKey("/Creator").getUTF8Value(), "plaquette 0.1.0");
  EXPECT_EQ(info.getKey("/Producer").getUTF8Value(), "plaquette");
  EXPECT_EQ(info.getKey("/CreationDate").getUTF8Value().substr(0, 17), "D:20240305102030Z");
  EXPECT_EQ(info.getKey("/ModDate").getUTF8Value().substr(0, 17), "D:20240305102030Z");
  EXPECT_EQ(p.pdf.getRoot().getKey("/Lang").getUTF8Value(), "fr-FR");
  EXPECT_TRUE(p.pdf.getTrailer().getKey("/ID").isNull());  // nothing seeded from the clock
}

TEST(PdfRender, StreamsAreCompressed) {
  Parsed p(render_ok(sample_doc()));
  for (QPDFObjectHandle obj : p.pdf.getAllObjects()) {
    if (!obj.isStream()) continue;
    const std::string filter = obj.getDict().getKey("/Filter").unparse();
    EXPECT_TRUE(filter == "/FlateDecode" || filter == "[ /FlateDecode ]")
        << obj.getDict().unparse();
  }
}

TEST(PdfRender, SameDocumentSameBytes) {
  const Document doc = sample_doc();
  const std::string a = render_ok(doc);
  const std::string b = render_ok(doc);
  EXPECT_FALSE(a.empty());
  EXPECT_TRUE(a == b);
}

TEST(PdfRender, LibharuErrorIsReportedNotThrown) {
  Document doc = sample_doc();
  doc.pages[0].width = 1;  // below libharu's minimum page size
  std::string bytes;
  Diagnostics diags;
  EXPECT_FALSE(render(doc, bytes, diags));
  ASSERT_EQ(diags.error_count(), 1u);
  EXPECT_NE(diags.all()[0].message.find("libharu error 0x1054"), std::string::npos)
      << diags.all()[0].message;
}

}  // namespace
}  // namespace plaquette::render::pdf
